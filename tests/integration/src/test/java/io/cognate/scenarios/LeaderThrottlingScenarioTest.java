package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.failover.Heartbeat;
import io.cognate.it.PoolUsers;
import io.cognate.local.LocalOptions;
import org.junit.jupiter.api.Test;

/**
 * Chaos finding: DynamoDB throttling at the leader ({@code ProvisionedThroughputExceededException}
 * on a share of its requests) was followed by a failover while writes kept going. The SDK
 * retried each throttled read of the leader's {@code /health} with its throttling back-off until
 * the probe's timeout passed, so the secondary counted a failure, and the leader's own heartbeat
 * writes, retried the same way, fell silent: both signals a takeover needs.
 *
 * <p>Runs of one probe each, as in {@link HealthFloodScenarioTest}; the leader's DynamoDB throttles
 * 90 % of its functions' requests for {@link #ROUNDS} of the secondary's runs: one more than the
 * {@code failureThreshold} (3) failed probes a promotion needs, and more than the two runs'
 * heartbeat silence it needs too, so a throttled probe counted as a failure would promote. The leader's own run is not run meanwhile: its heartbeat writes are throttled too, and a
 * heartbeat silent for longer than {@link io.cognate.config.FailoverSettings#heartbeatSilenceForTakeover()}
 * leaves the probes as the only thing between throttling and a takeover, the worst case.
 * Then KMS throttles every call for as many runs. Throttling is no failure: nothing may move. A
 * real outage afterwards still promotes the secondary.
 */
class LeaderThrottlingScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    /** Nine in ten attempts throttled: most calls need several retries, as under a hot partition. */
    private static final double THROTTLED_SHARE = 0.9;
    /** The production settings, with runs of one probe each, so that the two regions' runs can take turns. */
    private static final LocalOptions.Timing TURNS;
    private static final int ROUNDS;

    static {
        var production = LocalOptions.Timing.production();
        TURNS = new LocalOptions.Timing(production.probeInterval(), production.probeInterval(), production.failureThreshold(),
                production.probeTimeout(), production.drainLagBound(), production.switchoverTimeout());
        ROUNDS = TURNS.failureThreshold() + 1;
    }

    @Test
    void throttlingAtTheLeadersDynamoDbOrKmsNeverPromotesTheSecondaryButAnOutageStillDoes() throws Exception {
        try (var s = new ScenarioStack(TURNS, EAST, WEST)) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
            s.awaitReplicated();

            s.stack.setDynamoDbThrottled(EAST, THROTTLED_SHARE);
            int throttledVerdicts = 0;
            for (int round = 0; round < ROUNDS; round++) {
                // What the probe of this round read: the leader's /health verdict of this period.
                if (s.health(EAST).path("checks").path("dynamodb").path("throttled").asBoolean()) {
                    throttledVerdicts++;
                }
                assertThat(s.runCheck(WEST)).as("round %d", round)
                        .containsEntry("role", "secondary").containsEntry("epoch", 1L);
                // A throttled probe is no failure: the secondary's count never moves.
                assertThat(westHeartbeat(s).consecutiveFailures()).as("round %d", round).isZero();
            }
            assertThat(s.failoverEvents()).isEmpty();
            assertThat(s.stack.leaderEpoch()).isEqualTo(1);
            assertThat(s.stack.trafficRegion()).contains(EAST);
            assertThat(throttledVerdicts).as("the leader's /health said its DynamoDB throttled").isPositive();

            s.stack.setDynamoDbThrottled(EAST, 0);
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            assertThat(s.users.newConfirmedUser()).isNotBlank(); // the leader takes writes, and is the only one

            // KMS throttling at the leader (its ThrottlingException on every call) is no failure either.
            s.stack.setKmsThrottled(EAST, true);
            for (int round = 0; round < ROUNDS; round++) {
                assertThat(s.health(EAST).path("checks").path("kms").path("throttled").asBoolean()).as("round %d", round)
                        .isTrue();
                assertThat(s.runCheck(WEST)).as("round %d", round)
                        .containsEntry("role", "secondary").containsEntry("epoch", 1L);
                assertThat(westHeartbeat(s).consecutiveFailures()).as("round %d", round).isZero();
            }
            s.stack.setKmsThrottled(EAST, false);
            assertThat(s.failoverEvents()).isEmpty();
            assertThat(s.stack.trafficRegion()).contains(EAST);

            // A real outage afterwards: the API fails and the heartbeats stop; the third failed probe promotes.
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
            s.awaitReplicated();
            s.stack.setOutage(EAST, true);
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            assertThat(s.stack.trafficRegion()).contains(WEST);
            assertThat(s.failoverEvents()).singleElement().satisfies(event ->
                    assertThat(event.detailText("reason")).contains("failed 3 consecutive health probes"));
        }
    }

    private static Heartbeat westHeartbeat(ScenarioStack s) {
        return s.region(WEST).failover().heartbeats().of(WEST).orElseThrow();
    }
}
