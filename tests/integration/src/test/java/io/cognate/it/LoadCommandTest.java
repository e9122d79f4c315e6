package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.bench.load.LoadRun;
import io.cognate.bench.load.LoadTarget;
import io.cognate.bench.load.Scenario;
import io.cognate.local.LocalCognate;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code ./cognate load}'s run against the shared local stack: a short sign-in load at concurrency
 * 2, whose report must agree with itself and with what a password sign-in is known to do (one
 * identity-api invocation per API request, tokens signed by KMS, users read and sessions written in
 * DynamoDB). No figure is checked against a time: the numbers come from the command.
 */
@ExtendWith(LoadCommandTest.Stack.class)
class LoadCommandTest {
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @Test
    void aShortSignInLoadReportsConsistentCounts() throws Exception {
        var settings = new LoadRun.Settings(Scenario.SIGNIN, 2, Duration.ofSeconds(3), Duration.ofSeconds(1));
        var quiet = new LoadRun.ProgressLine(new PrintStream(OutputStream.nullOutputStream()), false);
        JsonNode report;
        try (var target = LoadTarget.local(stack.frontDoorEndpoint())) {
            report = LoadTarget.json().valueToTree(new LoadRun(target, settings, quiet).run().toJson());
        }
        long operations = report.path("operations").asLong();
        assertThat(operations).isPositive();
        assertThat(report.path("errors").size()).isZero();
        assertThat(report.path("throughput").asDouble()).isPositive();
        assertThat(report.path("p50Ms").asDouble()).isPositive()
                .isLessThanOrEqualTo(report.path("p95Ms").asDouble());
        assertThat(report.path("p95Ms").asDouble()).isLessThanOrEqualTo(report.path("p99Ms").asDouble());
        assertThat(report.path("functionCpuMsPerOp").asDouble()).isPositive();
        assertThat(report.path("functionAllocatedMiBPerOp").asDouble()).isPositive();
        assertThat(report.path("hashCpuMsPerCheck").asDouble()).isPositive();
        assertThat(report.path("emulatorCpuMsPerOp").path("dynamodb").asDouble()).isPositive();

        JsonNode per = report.path("perOperation");
        double invocations = per.path("lambdaInvocations").path("identity-api").asDouble();
        // Each sign-in is one API request and one invocation; an operation straddling either end of
        // the window moves the per-operation figures by at most one per worker.
        double slack = (double) settings.concurrency() / operations;
        assertThat(invocations).isBetween(1 - slack, 1 + slack);
        assertThat(per.path("apiRequests").asDouble()).isBetween(invocations - slack, invocations + slack);
        assertThat(per.path("lambdaMs").path("identity-api").asDouble()).isPositive();
        assertThat(per.path("kmsRequests").asDouble()).isPositive();
        assertThat(per.path("kmsCalls").path("Sign").asDouble()).isPositive();
        assertThat(per.path("dynamoReadUnits").asDouble()).isPositive();
        assertThat(per.path("dynamoWriteUnits").asDouble()).isPositive();
        assertThat(per.path("dynamoCallsWithoutCapacity").asDouble()).isZero();
        assertThat(per.path("dynamoDbCalls").path("GetItem").asDouble()).isPositive();
    }

    @Test
    void theUsageEndpointServesCumulativeCounters() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.frontDoorEndpoint() + "/_local/usage")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode usage = LoadTarget.json().readTree(response.body());
        assertThat(usage.path("processCpuNanos").asLong()).isPositive();
        assertThat(usage.path("cpuNanosByThreadGroup").path("dynamodb").asLong()).isPositive();
        assertThat(usage.path("cpuNanosByThreadGroup").path("gateway").asLong()).isPositive();
        assertThat(usage.has("functions")).isTrue();
        assertThat(usage.has("calls")).isTrue();
        assertThat(usage.has("apiRequests")).isTrue();
    }
}
