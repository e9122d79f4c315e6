package io.cognate.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.ProbeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Probes a region's {@code GET /health} through its regional API endpoint: the whole path a
 * request takes (API Gateway, the function, DynamoDB, KMS). Healthy means a 200 whose body says
 * {@code "status":"ok"} for that very region, within the probe timeout.
 */
public final class HttpRegionProbe implements RegionProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            if (response.statusCode() != 200) {
                return new ProbeResult(region, start, took, false, response.statusCode(), "HTTP " + response.statusCode()
                        + failedChecks(response.body()));
            }
            JsonNode body = JSON.readTree(response.body());
            if (!"ok".equals(body.path("status").asText()) || !region.equals(body.path("region").asText())) {
                return new ProbeResult(region, start, took, false, 200, "answered for region "
                        + body.path("region").asText("?") + " with status " + body.path("status").asText("?"));
            }
            return new ProbeResult(region, start, took, true, 200, "ok");
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

    /** Names the checks a 503 from our own health endpoint reports as failing. */
    private static String failedChecks(String body) {
        try {
            JsonNode checks = JSON.readTree(body).path("checks");
            var failed = new StringBuilder();
            checks.properties().forEach(e -> {
                if (!e.getValue().path("ok").asBoolean(true)) {
                    failed.append(failed.isEmpty() ? " (failing: " : ", ").append(e.getKey());
                }
            });
            return failed.isEmpty() ? "" : failed.append(')').toString();
        } catch (IOException | RuntimeException notOurs) {
            return "";
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
