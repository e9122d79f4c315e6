package io.cognate.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.Heartbeat;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.failover.ThrottlingErrors;
import io.cognate.http.JsonTreeCodec;
import io.cognate.ports.Heartbeats;
import io.cognate.ports.LeaderTransitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Deep health of one region. Three checks decide whether it can serve: the Control table answers
 * a consistent read of the leader record ({@code dynamodb}), KMS hands out the signing key's
 * public half ({@code kms}), and the leader record exists and names a known region ({@code leader}).
 * Replication is reported beside them, not as a check: the age of each peer's latest heartbeat as
 * seen here, which bounds how far behind this region's copy is. A dead peer makes it grow without
 * making this region unable to serve.
 *
 * <p>{@code /health} is public, so the verdict is reused for {@link FailoverSettings#healthVerdictLifetime()}
 * (half a probe interval, at most 5 s): however many requests arrive, they cost at most one round
 * of reads and one KMS call per period, and cannot throttle the Control table or the account's
 * KMS quota for the functions that share them. A check that fails because its service throttled
 * it is marked {@code throttled}, so a probe can tell a rate limit from a fault.
 */
final class RegionHealth {
    private final String region;
    private final FailoverSettings settings;
    private final LeaderTransitions leaders;
    private final Heartbeats heartbeats;
    private final Runnable signingKeyCheck;
    private final Clock clock;
    private final Duration lifetime;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Report last;

    /**
     * @param signingKeyCheck fetches the signing key's public half (KMS GetPublicKey); throws when it cannot
     */
    RegionHealth(String region, FailoverSettings settings, LeaderTransitions leaders, Heartbeats heartbeats,
                 Runnable signingKeyCheck, Clock clock) {
        this.region = region;
        this.settings = settings;
        this.leaders = leaders;
        this.heartbeats = heartbeats;
        this.signingKeyCheck = signingKeyCheck;
        this.clock = clock;
        this.lifetime = settings.healthVerdictLifetime();
    }

    record Check(boolean ok, long millis, String detail, boolean throttled) {
    }

    record PeerReplication(String peer, Optional<Duration> heartbeatAge, Duration bound, String peerRole) {
        boolean withinBound() {
            return heartbeatAge.map(age -> age.compareTo(bound) <= 0).orElse(false);
        }
    }

    record Report(String region, String role, boolean writable, long epoch, String activeRegion,
                  Map<String, Check> checks, Map<String, PeerReplication> replication, Instant checkedAt) {
        boolean healthy() {
            return checks.values().stream().allMatch(Check::ok);
        }

        String toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("status", healthy() ? "ok" : "unhealthy");
            node.put("region", region);
            node.put("role", role);
            node.put("writable", writable);
            node.put("epoch", epoch);
            node.put("activeRegion", activeRegion);
            node.put("checkedAt", checkedAt.toString());
            ObjectNode checksNode = node.putObject("checks");
            checks.forEach((name, check) -> {
                ObjectNode c = checksNode.putObject(name);
                c.put("ok", check.ok());
                c.put("ms", check.millis());
                if (check.detail() != null) {
                    c.put("detail", check.detail());
                }
                if (check.throttled()) {
                    c.put("throttled", true);
                }
            });
            ObjectNode replicationNode = node.putObject("replication");
            replication.forEach((peer, r) -> {
                ObjectNode p = replicationNode.putObject(peer);
                r.heartbeatAge().ifPresentOrElse(age -> p.put("heartbeatAgeMs", age.toMillis()),
                        () -> p.putNull("heartbeatAgeMs"));
                p.put("boundMs", r.bound().toMillis());
                p.put("withinBound", r.withinBound());
                p.put("peerRole", r.peerRole());
            });
            return JsonTreeCodec.LENIENT.write(node);
        }
    }

    /**
     * The verdict of the last check if it is younger than the lifetime, else a new one. Callers
     * arriving while a check runs wait for it and share its verdict.
     */
    Report check() {
        Report cached = last;
        if (current(cached)) {
            return cached;
        }
        checking.lock();
        try {
            cached = last;
            if (current(cached)) {
                return cached;
            }
            Report report = checkNow();
            last = report;
            return report;
        } finally {
            checking.unlock();
        }
    }

    private boolean current(Report report) {
        if (report == null) {
            return false;
        }
        Instant now = clock.instant();
        return !now.isBefore(report.checkedAt()) && now.isBefore(report.checkedAt().plus(lifetime));
    }

    private Report checkNow() {
        Instant checkedAt = clock.instant();
        var checks = new LinkedHashMap<String, Check>();
        AtomicReference<Optional<LeaderState>> leader = new AtomicReference<>(Optional.empty());
        checks.put("dynamodb", timed(() -> {
            leader.set(leaders.state());
            return null;
        }));
        checks.put("kms", timed(() -> {
            signingKeyCheck.run();
            return null;
        }));
        checks.put("leader", timed(() -> {
            if (leader.get().isEmpty()) {
                return "no leader record";
            }
            LeaderState l = leader.get().get();
            boolean known = l.fenced() || settings.regions().isEmpty() || settings.priorityOf(l.activeRegion()) >= 0;
            return known ? null : "names unknown region " + l.activeRegion();
        }));
        if (!checks.get("dynamodb").ok() && checks.get("dynamodb").throttled()) {
            // Without a leader record to read, "leader" failed for the same throttled read.
            Check unread = checks.get("leader");
            checks.put("leader", new Check(false, unread.millis(), "leader record unread: "
                    + checks.get("dynamodb").detail(), true));
        }
        String role = leader.get().map(l -> l.roleOf(region)).orElse("unknown");
        boolean writable = leader.get().map(l -> l.isLeader(region)).orElse(false);
        long epoch = leader.get().map(LeaderState::epoch).orElse(0L);
        String active = leader.get().map(LeaderState::activeRegion).orElse("");
        return new Report(region, role, writable, epoch, active, checks, replication(region), checkedAt);
    }

    private Map<String, PeerReplication> replication(String region) {
        // Heartbeats come every probe interval, so a healthy peer's is at most that old plus the lag.
        Duration bound = settings.probeInterval().multipliedBy(2).plus(settings.drainLagBound());
        Instant now = clock.instant();
        var result = new LinkedHashMap<String, PeerReplication>();
        for (String peer : settings.peersOf(region)) {
            try {
                Optional<Heartbeat> beat = heartbeats.of(peer);
                result.put(peer, new PeerReplication(peer,
                        beat.map(b -> Duration.between(b.at(), now)).map(d -> d.isNegative() ? Duration.ZERO : d),
                        bound, beat.map(Heartbeat::role).orElse("unknown")));
            } catch (RuntimeException unreadable) {
                result.put(peer, new PeerReplication(peer, Optional.empty(), bound, "unknown"));
            }
        }
        return result;
    }

    /** Runs one probe; a returned string is a failure detail, an exception a failure. */
    private Check timed(Supplier<String> probe) {
        long start = clock.millis();
        try {
            String problem = probe.get();
            return new Check(problem == null, clock.millis() - start, problem, false);
        } catch (RuntimeException e) {
            return new Check(false, clock.millis() - start, errorType(e), throttled(e));
        }
    }

    /** The service's error code when it gave one (KMS's ThrottlingException comes as a KmsException), else the class. */
    private static String errorType(RuntimeException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null && !aws.awsErrorDetails().errorCode().isBlank()) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    private static boolean throttled(RuntimeException e) {
        return (e instanceof SdkServiceException service && service.isThrottlingException())
                || ThrottlingErrors.isThrottling(errorType(e));
    }
}
