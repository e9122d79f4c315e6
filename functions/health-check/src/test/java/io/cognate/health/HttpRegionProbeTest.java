package io.cognate.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.ProbeResult;
import io.cognate.domain.failover.ProbeResult.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the probe makes of each answer /health can get, over real HTTP on the loopback interface:
 * throttling, whoever does it, is neither health nor failure.
 */
class HttpRegionProbeTest {
    private static final String EAST = "us-east-1";

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private HttpServer server;
    private volatile Answer answer;
    private HttpRegionProbe probe;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Answer a = answer;
                a.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        FailoverSettings settings = FailoverSettings.from(Map.of(FailoverSettings.REGIONS,
                EAST + "=http://127.0.0.1:" + server.getAddress().getPort() + "/"));
        probe = new HttpRegionProbe(settings, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProbeResult probeAnswering(int status, Map<String, String> headers, String body) {
        answer = new Answer(status, headers, body);
        return probe.probe(EAST);
    }

    private static String health(String status, String checks) {
        return "{\"status\":\"" + status + "\",\"region\":\"" + EAST + "\",\"role\":\"primary\",\"checks\":{" + checks + "}}";
    }

    @Test
    void aWholeOkForTheRegionItselfIsHealthy() {
        assertThat(probeAnswering(200, Map.of(), health("ok", "\"kms\":{\"ok\":true}")).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    /** Finding 7: API Gateway's throttling of a flooded /health was counted as the region being down. */
    @Test
    void finding7ApiGatewaysTooManyRequestsIsThrottledNotFailed() {
        ProbeResult result = probeAnswering(429, Map.of("Content-Type", "application/json"), "{\"message\":\"Too Many Requests\"}");
        assertThat(result.verdict()).isEqualTo(Verdict.THROTTLED);
        assertThat(result.status()).isEqualTo(429);
        assertThat(result.failed()).isFalse();
    }

    @Test
    void finding7ALambdaThrottleSurfacedAsA5xxWithItsErrorTypeIsThrottled() {
        assertThat(probeAnswering(500, Map.of("x-amzn-ErrorType", "TooManyRequestsException"),
                "{\"message\":\"Internal Server Error\"}").verdict()).isEqualTo(Verdict.THROTTLED);
        assertThat(probeAnswering(503, Map.of("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/"),
                "").verdict()).isEqualTo(Verdict.THROTTLED);
    }

    @Test
    void finding7AHealthCheckFailingOnlyBecauseKmsOrDynamoDbThrottledItIsThrottled() {
        assertThat(probeAnswering(503, Map.of(), health("unhealthy",
                "\"dynamodb\":{\"ok\":true},\"kms\":{\"ok\":false,\"detail\":\"ThrottlingException\",\"throttled\":true}"))
                .verdict()).isEqualTo(Verdict.THROTTLED);
        assertThat(probeAnswering(503, Map.of(), health("unhealthy",
                "\"dynamodb\":{\"ok\":false,\"detail\":\"ProvisionedThroughputExceededException\"},\"kms\":{\"ok\":true}"))
                .verdict()).isEqualTo(Verdict.THROTTLED);
    }

    @Test
    void aRealFaultBesideAThrottledCheckIsAFailure() {
        ProbeResult result = probeAnswering(503, Map.of(), health("unhealthy",
                "\"dynamodb\":{\"ok\":false,\"detail\":\"ThrottlingException\",\"throttled\":true},"
                        + "\"kms\":{\"ok\":false,\"detail\":\"KMSInternalException\"}"));
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.detail()).contains("failing: dynamodb, kms");
    }

    @Test
    void everyOtherAnswerIsAFailure() {
        assertThat(probeAnswering(503, Map.of(), "{\"message\":\"Service Unavailable\"}").verdict()).isEqualTo(Verdict.FAILED);
        assertThat(probeAnswering(500, Map.of(), "{\"message\":\"Internal Server Error\"}").verdict()).isEqualTo(Verdict.FAILED);
        assertThat(probeAnswering(500, Map.of("x-amzn-ErrorType", "InternalServerErrorException"), "").verdict())
                .isEqualTo(Verdict.FAILED);
        assertThat(probeAnswering(503, Map.of(), health("unhealthy", "\"kms\":{\"ok\":false,\"detail\":\"KMSInternalException\"}"))
                .verdict()).isEqualTo(Verdict.FAILED);
        assertThat(probeAnswering(200, Map.of(), "{\"status\":\"ok\",\"region\":\"eu-west-1\"}").verdict()).isEqualTo(Verdict.FAILED);
        assertThat(probeAnswering(200, Map.of(), "not json").verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void noAnswerAtAllIsAFailure() {
        server.stop(0);
        assertThat(probe.probe(EAST).verdict()).isEqualTo(Verdict.FAILED);
    }
}
