package io.cognate.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cognate.bench.load.LoadTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe that times a fault's "writable after", against a stand-in for the front door that
 * answers as the pool did about 500 s into the ten-minute three-region run: every SignUp refused by
 * the app client's hourly send budget ({@code LimitExceededException}), every other write taken.
 * The probe signed up then, so the last two faults of that run showed no time to writable at all.
 */
class WritableProbeTest {
    private static final long BOUND_MS = 10_000;

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Attribute writes still to refuse with 503 (the front door while no region takes traffic). */
    private final AtomicInteger unavailable = new AtomicInteger();
    private final HttpServer frontDoor;
    private final Ledger ledger = new Ledger();
    private final Tally tally = new Tally();

    WritableProbeTest() throws IOException {
        frontDoor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        frontDoor.createContext("/", this::answer);
        frontDoor.start();
    }

    @AfterEach
    void stop() {
        frontDoor.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().equals("/_local/config")) {
            send(exchange, 200, """
                    {"regions": [{"name": "us-east-1"}], "clientId": "probeclient", "userPoolId": "us-east-1_Probe",
                     "adminAccessKeyId": "AKIDPROBE", "adminSecretAccessKey": "probe-secret"}
                    """);
            return;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "?" : target.substring(target.indexOf('.') + 1);
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (operation.equals("SignUp")) {
            send(exchange, 400, "{\"__type\": \"LimitExceededException\", \"message\": \"Attempt limit exceeded,"
                    + " please try after some time.\"}");
        } else if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 503, "{\"message\": \"Service Unavailable\"}");
        } else {
            send(exchange, 200, "{}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Long probe(long elapsedMs) throws InterruptedException {
        URI endpoint = URI.create("http://127.0.0.1:" + frontDoor.getAddress().getPort());
        try (var target = LoadTarget.local(endpoint)) {
            var workload = new ChaosWorkload(target, ledger, tally, () -> elapsedMs, () -> "us-east-1", "test", 1);
            return new WritableProbe(workload, "chaos-test-probe1", () -> elapsedMs).await(BOUND_MS);
        }
    }

    @Test
    void aPoolWhoseSignUpBudgetIsSpentIsWritableWhenItTakesTheProbesWrite() throws Exception {
        Long writableAt = probe(512_000);

        assertThat(writableAt).isEqualTo(512_000);
        assertThat(calls).doesNotContainKey("SignUp");
        assertThat(ledger.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(Ledger.Kind.ATTRIBUTE);
            assertThat(entry.username()).isEqualTo("chaos-test-probe1");
        });
    }

    @Test
    void refusedWritesAreTriedAgainAndKeptInDoubtUntilOneIsAcknowledged() throws Exception {
        unavailable.set(2);

        Long writableAt = probe(7_000);

        assertThat(writableAt).isEqualTo(7_000);
        assertThat(calls.get("AdminUpdateUserAttributes")).hasValue(3);
        assertThat(ledger.doubts()).hasSize(2).allSatisfy(doubt -> assertThat(doubt.error()).isEqualTo("HTTP 503"));
        assertThat(ledger.entries()).hasSize(1);
        // Each try writes its own value, so the check after heal can tell a late refused one from the last taken.
        assertThat(ledger.doubts().stream().map(Ledger.Doubt::value).distinct().toList())
                .hasSize(2).doesNotContain(ledger.entries().getFirst().value());
        assertThat(tally.failures()).extracting(Tally.Failure::operation).containsOnly("probe-attribute");
    }

    @Test
    void aPoolThatTakesNoWriteIsNotWritable() throws Exception {
        unavailable.set(Integer.MAX_VALUE);
        URI endpoint = URI.create("http://127.0.0.1:" + frontDoor.getAddress().getPort());
        try (var target = LoadTarget.local(endpoint)) {
            var workload = new ChaosWorkload(target, ledger, tally, () -> 1_000, () -> "us-east-1", "test", 1);

            assertThat(new WritableProbe(workload, "chaos-test-probe1", () -> 1_000).await(600)).isNull();
        }
        assertThat(ledger.entries()).isEmpty();
        assertThat(List.copyOf(ledger.doubts())).isNotEmpty();
    }
}
