package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.Username;
import io.cognate.it.PoolUsers;
import io.cognate.local.LocalOptions;
import io.cognate.local.events.LocalEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;

/**
 * After a failover, the recovered primary takes its role back by a planned switchover while users
 * keep signing up: no acknowledged sign-up is lost and nobody's session ends.
 */
class FailbackScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    @Test
    void failbackUnderASteadyStreamOfWritesLosesNothing() throws Exception {
        try (var s = new ScenarioStack()) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            s.stack.setOutage(EAST, true);
            s.runCheck(WEST);
            assertThat(s.stack.activeRegion()).isEqualTo(WEST);
            AuthenticationResultType atWest = s.users.signIn(alice, PoolUsers.PASSWORD); // issued by the secondary

            s.stack.setOutage(EAST, false);
            s.awaitReplicated();
            assertThat(s.runCheck(EAST)).containsEntry("role", "secondary");
            assertThat(s.stack.trafficRegion()).contains(WEST);

            List<String> acknowledged;
            try (var writer = new SteadyWriter(s.stack)) {
                writer.awaitMoreAcknowledged(3);
                var answers = s.stack.switchover(EAST);
                assertThat(answers.get(WEST)).containsEntry("outcome", "FENCED");
                assertThat(answers.get(EAST)).containsEntry("outcome", "PROMOTED");
                writer.awaitMoreAcknowledged(3);
                acknowledged = writer.stop();
                assertThat(writer.refusals().keySet()).isSubsetOf("OperationNotEnabledException");
            }
            assertThat(s.stack.activeRegion()).isEqualTo(EAST);
            assertThat(s.stack.trafficRegion()).contains(EAST);
            assertThat(s.stack.leaderEpoch()).isEqualTo(4); // 2 by the failover, 3 by the fence, 4 by the promotion
            var eastDirectory = s.region(EAST).services().directory();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(name -> assertThat(eastDirectory.findByUsername(Username.of(name))).as(name).isPresent());

            LocalEvent event = s.failoverEvents().getLast();
            assertThat(event.detailType()).isEqualTo("SwitchoverCompleted");
            assertThat(event.detailText("fromRegion")).isEqualTo(WEST);
            assertThat(event.detailText("toRegion")).isEqualTo(EAST);
            FailoverTimes.record("failback by planned switchover", event);

            // Sessions survive the round trip: the secondary's tokens verify and refresh at the primary.
            assertThat(s.users.client().getUser(b -> b.accessToken(atWest.accessToken())).username()).isEqualTo(alice);
            assertThat(s.users.refresh(atWest.refreshToken()).accessToken()).isNotBlank();
            s.awaitReplicated();
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary").containsEntry("epoch", 4L);
            try (PoolUsers direct = s.usersAt(WEST)) {
                assertThatThrownBy(() -> direct.signUp(PoolUsers.newUsername(), PoolUsers.PASSWORD))
                        .isInstanceOf(OperationNotEnabledException.class);
            }
        }
    }

    @Test
    void aSwitchoverThatCannotDrainIsAbandonedAndTheFencedRegionTakesItsRoleBack() throws Exception {
        // A switchover timeout of 3 s rather than 45 s: the wait for the drain runs in real time.
        var production = LocalOptions.Timing.production();
        var timing = new LocalOptions.Timing(production.schedule(), production.probeInterval(), production.failureThreshold(),
                production.probeTimeout(), production.drainLagBound(), Duration.ofSeconds(3));
        try (var s = new ScenarioStack(timing, EAST, WEST)) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            s.stack.setReplication(true, 0); // nothing reaches the target: it can never see the fence
            var answers = s.stack.switchover(WEST);
            assertThat(answers.get(EAST)).containsEntry("outcome", "FENCED");
            assertThat(answers.get(WEST)).containsEntry("outcome", "TIMED_OUT");
            assertThat(s.region(EAST).role()).isEqualTo("fenced");
            assertThatThrownBy(() -> s.users.signUp(PoolUsers.newUsername(), PoolUsers.PASSWORD))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank(); // reads go on

            // The fenced region's next run finds the fence older than twice the timeout and takes its role back.
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary").containsEntry("epoch", 3L);
            assertThat(s.console()).contains("did not complete; taking the role back");
            assertThat(s.stack.trafficRegion()).contains(EAST);
            s.users.signUp(PoolUsers.newUsername(), PoolUsers.PASSWORD);
            s.stack.setReplication(false, 0);
            s.awaitReplicated();
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
        }
    }
}
