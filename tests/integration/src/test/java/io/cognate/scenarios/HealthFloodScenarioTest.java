package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.failover.Heartbeat;
import io.cognate.it.PoolUsers;
import io.cognate.local.LocalOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 of the security review: {@code /health} is public; a flood of it against the primary
 * made API Gateway answer 429, the secondary's probes counted every non-200 as the primary being
 * down, and the secondary promoted itself while the primary still accepted writes.
 *
 * <p>Both regions' scheduled checks run, taking turns: with one probe per run, ten seconds apart,
 * the primary writes its heartbeat between two probes of the secondary, as their concurrent runs
 * do on AWS. Each of the secondary's probes meets a flood of the primary's {@code /health} from
 * the loopback interface, which the local gateway throttles as API Gateway does with the route
 * settings of {@code template.yaml}.
 */
class HealthFloodScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    /** The production settings, with runs of one probe each, so that the two regions' runs can take turns. */
    private static final LocalOptions.Timing TURNS;

    static {
        var production = LocalOptions.Timing.production();
        TURNS = new LocalOptions.Timing(production.probeInterval(), production.probeInterval(), production.failureThreshold(),
                production.probeTimeout(), production.drainLagBound(), production.switchoverTimeout());
    }

    @Test
    void finding7AFloodOfThePrimarysHealthNeverPromotesTheSecondary() throws Exception {
        try (var s = new ScenarioStack(TURNS, EAST, WEST)) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            int throttledAnswers = 0;
            for (int round = 0; round < 3 * TURNS.failureThreshold(); round++) {
                assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
                s.awaitReplicated();
                try (var flood = new HealthFlood(s.region(EAST).endpoint())) {
                    flood.awaitThrottled();
                    assertThat(s.runCheck(WEST)).as("round %d", round)
                            .containsEntry("role", "secondary").containsEntry("epoch", 1L);
                    throttledAnswers += flood.stop();
                }
                // Throttled probes are no failures: the secondary's count never moves.
                assertThat(westHeartbeat(s).consecutiveFailures()).as("round %d", round).isZero();
                s.awaitReplicated();
            }
            assertThat(throttledAnswers).isPositive();
            assertThat(s.failoverEvents()).isEmpty();
            assertThat(s.stack.leaderEpoch()).isEqualTo(1);
            assertThat(s.stack.trafficRegion()).contains(EAST);
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            assertThat(s.users.newConfirmedUser()).isNotBlank(); // the primary still takes writes, and is the only one

            // A real outage after the flood: the API fails and the heartbeats stop. The secondary
            // takes over at its third failed probe, as it did before heartbeats were required.
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
            s.awaitReplicated();
            s.stack.setOutage(EAST, true);
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            assertThat(s.failoverEvents()).singleElement().satisfies(event -> {
                assertThat(event.detailText("reason")).contains("failed 3 consecutive health probes")
                        .contains("its heartbeat is");
                assertThat(event.detail().path("timings").path("detectionMs").asLong()).isGreaterThan(15_000);
            });
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        }
    }

    private static Heartbeat westHeartbeat(ScenarioStack s) {
        return s.region(WEST).failover().heartbeats().of(WEST).orElseThrow();
    }

    /**
     * Requests to one region's {@code /health} from a few threads on the loopback interface, as
     * fast as it answers, until stopped; at most {@link #MAX_REQUESTS} in all.
     */
    private static final class HealthFlood implements AutoCloseable {
        private static final int THREADS = 4;
        private static final int MAX_REQUESTS = 20_000;

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final HttpRequest request;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger throttled = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopped;

        HealthFlood(URI endpoint) {
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            request = HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(Duration.ofSeconds(10)).GET().build();
            for (int i = 0; i < THREADS; i++) {
                threads.add(Thread.ofVirtual().name("health-flood-" + i).start(this::flood));
            }
        }

        private void flood() {
            while (!stopped && sent.incrementAndGet() <= MAX_REQUESTS) {
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 429) {
                        throttled.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // A refused or reset connection is part of a flood; keep going.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Waits until the gateway has started answering 429: the route's bucket is empty. */
        void awaitThrottled() throws InterruptedException {
            for (int attempt = 0; attempt < 1_000 && throttled.get() == 0 && sent.get() < MAX_REQUESTS; attempt++) {
                Thread.sleep(10); // polling the flood's progress, bounded to 10 s
            }
            assertThat(throttled.get()).as("answers 429 to the flood").isPositive();
        }

        /** Stops the flood; returns how many of its requests were answered 429. */
        int stop() throws InterruptedException {
            stopped = true;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(15));
            }
            return throttled.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            http.close();
        }
    }
}
