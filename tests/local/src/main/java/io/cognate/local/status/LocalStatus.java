package io.cognate.local.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.domain.failover.Heartbeat;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.dynamo.DirectionStats;
import io.cognate.local.events.LocalEvent;
import io.cognate.local.gateway.FrontDoor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local stack's live status: {@code GET /_local/status} (an HTML page that reloads itself),
 * {@code GET /_local/status.json} (the same snapshot as JSON, for scripts and tests) and the page's
 * stylesheet at {@code /_local/status.css}. Every answer is built from one {@link StatusSnapshot}
 * taken at request time, so the page and the JSON cannot disagree.
 *
 * <p>Nothing here is secret: unlike {@code /_local/config}, no admin key, client secret or key id
 * is read, so the page may be left open on a shared screen.
 */
public final class LocalStatus {
    public static final String PAGE_PATH = "/_local/status";
    public static final String JSON_PATH = "/_local/status.json";
    public static final String STYLESHEET_PATH = "/_local/status.css";
    /**
     * The failovers the page lists, newest first. Ten covers a ten-minute chaos run's schedule of
     * faults (one a minute) without the page growing without bound in a long session.
     */
    static final int RECENT_FAILOVERS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalCognate stack;
    private final Clock clock;
    private final String recordName;
    private final String trafficSwitch;
    private volatile ConflictLog conflicts = ConflictLog.NONE;
    private volatile ChaosProgress chaos = ChaosProgress.IDLE;

    public LocalStatus(LocalCognate stack, Clock clock, String recordName, String trafficSwitch) {
        this.stack = stack;
        this.clock = clock;
        this.recordName = recordName;
        this.trafficSwitch = trafficSwitch;
    }

    /** Conflicts shown on the page from now on (conflict detection after heal plugs in here). */
    public void useConflictLog(ConflictLog log) {
        this.conflicts = Objects.requireNonNull(log);
    }

    /** The chaos run whose progress the page shows from now on. */
    public void useChaosProgress(ChaosProgress progress) {
        this.chaos = Objects.requireNonNull(progress);
    }

    public void registerWith(FrontDoor frontDoor) {
        frontDoor.register(PAGE_PATH, exchange -> answer(exchange, PAGE_PATH, "text/html; charset=utf-8",
                () -> StatusPage.render(snapshot())));
        frontDoor.register(JSON_PATH, exchange -> answer(exchange, JSON_PATH, "application/json",
                () -> JSON.writeValueAsString(snapshot())));
        frontDoor.register(STYLESHEET_PATH, exchange -> answer(exchange, STYLESHEET_PATH, "text/css; charset=utf-8",
                StatusPage::stylesheet));
    }

    /** The stack as of now. */
    public StatusSnapshot snapshot() {
        Instant now = clock.instant();
        List<StatusSnapshot.RegionStatus> regions = stack.regions().stream().map(this::regionStatus).toList();
        List<StatusSnapshot.ReplicationLink> links = new ArrayList<>();
        for (DirectionStats direction : stack.replication().stats()) {
            links.add(new StatusSnapshot.ReplicationLink(direction.from(), direction.to(), direction.applied(),
                    direction.pending(), direction.oldestPendingAge().toMillis(), direction.lastApplyLag().toMillis(),
                    heartbeat(stack.region(direction.to()), direction.from())
                            .map(beat -> Math.max(0, Duration.between(beat.at(), now).toMillis())).orElse(null)));
        }
        return new StatusSnapshot(now.toString(), stack.activeRegion(), stack.leaderEpoch(),
                new StatusSnapshot.Traffic(recordName, trafficSwitch, stack.trafficRegion().orElse(null)),
                regions,
                new StatusSnapshot.Replication(stack.replication().isPaused(), stack.replication().lagMillis(), links),
                recentFailovers(), conflicts.recent(), chaos.current().orElse(null));
    }

    private StatusSnapshot.RegionStatus regionStatus(LocalRegion region) {
        String health = stack.isDown(region.name()) ? "down" : region.kmsFailing() ? "kms failing" : "up";
        StatusSnapshot.Probe probe = heartbeat(region, region.name())
                .map(beat -> new StatusSnapshot.Probe(beat.at().toString(), beat.probedRegion(), beat.healthy(),
                        beat.consecutiveFailures()))
                .orElse(null);
        return new StatusSnapshot.RegionStatus(region.name(), region.role(), region.epoch().orElse(null), health, probe);
    }

    /** {@code reader}'s copy of {@code writer}'s latest heartbeat; empty before the first or when unreadable. */
    private static Optional<Heartbeat> heartbeat(LocalRegion reader, String writer) {
        try {
            return reader.failover().heartbeats().of(writer);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private List<StatusSnapshot.FailoverRecord> recentFailovers() {
        List<LocalEvent> events = stack.eventBridge().events().stream()
                .filter(event -> EventBridgeFailoverEvents.SOURCE.equals(event.source()))
                .toList();
        List<StatusSnapshot.FailoverRecord> recent = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && recent.size() < RECENT_FAILOVERS; i--) {
            recent.add(failover(events.get(i)));
        }
        return recent;
    }

    static StatusSnapshot.FailoverRecord failover(LocalEvent event) {
        JsonNode timings = event.detail().path("timings");
        return new StatusSnapshot.FailoverRecord(event.detailType(), event.detailText("fromRegion"),
                event.detailText("toRegion"), event.detail().path("epoch").asLong(), event.detailText("reason"),
                text(timings, "firstFailedProbeAt"), text(timings, "decidedAt"), text(timings, "writableAt"),
                text(timings, "trafficFlippedAt"),
                timings.has("detectionMs") ? timings.path("detectionMs").asLong() : null,
                timings.path("promotionMs").asLong(), timings.path("flipMs").asLong(), timings.path("totalMs").asLong());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private interface Body {
        String render() throws IOException;
    }

    private static void answer(HttpExchange exchange, String path, String contentType, Body body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            var headers = exchange.getResponseHeaders();
            StatusPage.securityHeaders().forEach(headers::set);
            if (!exchange.getRequestURI().getPath().equals(path)) {
                sendText(exchange, 404, "text/plain; charset=utf-8", "No local endpoint at this path\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                sendText(exchange, 405, "text/plain; charset=utf-8", "Use GET\n");
                return;
            }
            sendText(exchange, 200, contentType, body.render());
        }
    }

    private static void sendText(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            OutputStream out = exchange.getResponseBody();
            out.write(bytes);
            out.flush();
        }
    }
}
