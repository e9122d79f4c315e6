package io.cognate.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.ProbeResult;
import io.cognate.domain.failover.ThrottlingErrors;
import io.cognate.http.JsonTreeCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Probes a region's {@code GET /health} through its regional API endpoint: the whole path a
 * request takes (API Gateway, the function, DynamoDB, KMS). Each answer is classified:
 * <ul>
 *   <li><b>healthy</b>: a 200 whose body says {@code "status":"ok"} for that very region, within
 *       the probe timeout;</li>
 *   <li><b>throttled</b>: a 429 (API Gateway's route or account throttling), any answer whose
 *       {@code x-amzn-ErrorType} names a throttling error (a Lambda throttle surfaced as a 5xx),
 *       or a 503 from our own health check in which every failing check was throttled by
 *       DynamoDB or KMS. {@code /health} is public, so anyone can cause these by sending it
 *       requests; they say nothing about whether the region can serve and count neither way;</li>
 *   <li><b>failed</b>: anything else, including no answer.</li>
 * </ul>
 */
public final class HttpRegionProbe implements RegionProbe {
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private final FailoverSettings settings;
    private final Clock clock;
    private volatile HttpClient client;

    public HttpRegionProbe(FailoverSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public ProbeResult probe(String region) {
        Instant start = clock.instant();
        URI endpoint = settings.endpointOf(region).orElse(null);
        if (endpoint == null) {
            return ProbeResult.unreachable(region, start, Duration.ZERO, "no endpoint configured for " + region);
        }
        String base = endpoint.toString().endsWith("/") ? endpoint.toString().substring(0, endpoint.toString().length() - 1)
                : endpoint.toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/health"))
                .timeout(settings.probeTimeout())
                .header("accept", "application/json")
                .GET().build();
        try {
            HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.between(start, clock.instant());
            return classify(region, start, took, response.statusCode(),
                    response.headers().firstValue(ERROR_TYPE_HEADER).orElse(""), response.body());
        } catch (HttpTimeoutException e) {
            return ProbeResult.unreachable(region, start, Duration.between(start, clock.instant()),
                    "no answer within " + settings.probeTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return ProbeResult.unreachable(region, start, Duration.between(start, clock.instant()),
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.unreachable(region, start, Duration.between(start, clock.instant()), "interrupted");
        }
    }

    /** What one HTTP answer of {@code region}'s {@code /health} says about it. */
    static ProbeResult classify(String region, Instant start, Duration took, int status, String errorType, String body) {
        if (status == 429) {
            return ProbeResult.throttled(region, start, took, status, "HTTP 429" + describedBy(errorType, body));
        }
        if (status != 200 && ThrottlingErrors.isThrottling(errorType)) {
            return ProbeResult.throttled(region, start, took, status, "HTTP " + status + " " + errorType.split(":", 2)[0]);
        }
        if (status != 200) {
            Optional<FailingChecks> failing = failingChecks(body);
            if (failing.isPresent() && failing.get().allThrottled()) {
                return ProbeResult.throttled(region, start, took, status, "HTTP " + status + " (throttled: "
                        + String.join(", ", failing.get().names()) + ")");
            }
            return ProbeResult.failed(region, start, took, status, "HTTP " + status
                    + failing.map(f -> " (failing: " + String.join(", ", f.names()) + ")").orElse(""));
        }
        JsonNode json;
        try {
            json = JsonTreeCodec.LENIENT.read(body);
        } catch (IOException | RuntimeException notJson) {
            return ProbeResult.failed(region, start, took, 200, "answered 200 with a body that is not JSON");
        }
        if (json == null || !"ok".equals(json.path("status").asText()) || !region.equals(json.path("region").asText())) {
            return ProbeResult.failed(region, start, took, 200, "answered for region "
                    + (json == null ? "?" : json.path("region").asText("?")) + " with status "
                    + (json == null ? "?" : json.path("status").asText("?")));
        }
        return ProbeResult.healthy(region, start, took);
    }

    private static String describedBy(String errorType, String body) {
        if (errorType != null && !errorType.isBlank()) {
            return " " + errorType.split(":", 2)[0];
        }
        try {
            String message = JsonTreeCodec.LENIENT.read(body).path("message").asText("");
            return message.isBlank() ? "" : " " + message;
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    /** The checks a 503 from our own health endpoint reports as failing, and whether each was throttled. */
    private record FailingChecks(List<String> names, boolean allThrottled) {
    }

    private static Optional<FailingChecks> failingChecks(String body) {
        try {
            JsonNode checks = JsonTreeCodec.LENIENT.read(body).path("checks");
            List<String> names = new ArrayList<>();
            boolean[] allThrottled = {true};
            checks.properties().forEach(e -> {
                if (!e.getValue().path("ok").asBoolean(true)) {
                    names.add(e.getKey());
                    allThrottled[0] &= e.getValue().path("throttled").asBoolean(false)
                            || ThrottlingErrors.isThrottling(e.getValue().path("detail").asText(""));
                }
            });
            return names.isEmpty() ? Optional.empty() : Optional.of(new FailingChecks(List.copyOf(names), allThrottled[0]));
        } catch (IOException | RuntimeException notOurs) {
            return Optional.empty();
        }
    }

    /** Built on first use: after a SnapStart restore, never before the snapshot. */
    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(settings.probeTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                current = client;
            }
        }
        return current;
    }
}
