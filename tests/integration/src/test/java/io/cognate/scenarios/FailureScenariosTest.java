package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.it.PoolUsers;
import io.cognate.local.events.LocalEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * Failures short of a clean primary outage, each on a fresh two-region stack with the
 * production failover settings on virtual time. Each checks what users see.
 */
class FailureScenariosTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    @Test
    void aPartitionAloneIsNoReasonToFailOver() throws Exception {
        try (var s = new ScenarioStack()) {
            String alice = s.users.newConfirmedUser();
            s.runCheck(EAST);
            s.awaitReplicated();
            s.stack.setReplication(true, 0);

            String bob = s.users.newConfirmedUser(); // written at the primary, which still serves
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary").containsEntry("epoch", 1L);
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
            assertThat(s.failoverEvents()).isEmpty();
            assertThat(s.stack.trafficRegion()).contains(EAST);

            // The secondary serves what it has, and says how stale its copy may be.
            var westHealth = s.health(WEST);
            assertThat(westHealth.path("status").asText()).isEqualTo("ok");
            assertThat(westHealth.path("replication").path(EAST).path("withinBound").asBoolean()).isFalse();
            try (PoolUsers atWest = s.usersAt(WEST)) {
                assertThat(atWest.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
                assertThatThrownBy(() -> atWest.signIn(bob, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
                s.stack.setReplication(false, 0);
                s.awaitReplicated();
                assertThat(atWest.signIn(bob, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            }
            s.runCheck(EAST);
            s.awaitReplicated();
            assertThat(s.health(WEST).path("replication").path(EAST).path("withinBound").asBoolean()).isTrue();
        }
    }

    @Test
    void aPartitionWithAPrimaryOutageFailsOverAndTheUnreplicatedWritesArriveAfterwards() throws Exception {
        try (var s = new ScenarioStack()) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            s.stack.setReplication(true, 0);
            String carol = s.users.newConfirmedUser(); // acknowledged by the primary, not replicated yet
            s.stack.setOutage(EAST, true);

            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            FailoverTimes.record("partition + primary outage", s.failoverEvents().getFirst());
            assertThat(s.stack.trafficRegion()).contains(WEST);
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            // The recovery point: what had not replicated is not there until the partition heals.
            assertThatThrownBy(() -> s.users.signIn(carol, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
            String dave = s.users.newConfirmedUser();

            s.stack.setOutage(EAST, false);
            s.stack.setReplication(false, 0);
            s.awaitReplicated();
            assertThat(s.users.signIn(carol, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            assertThat(s.runCheck(EAST)).containsEntry("role", "secondary").containsEntry("epoch", 2L);
            try (PoolUsers atEast = s.usersAt(EAST)) {
                assertThat(atEast.signIn(dave, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            }
        }
    }

    @Test
    void slowReplicationDelaysButLosesNothingAndAPlannedSwitchoverWaitsForIt() throws Exception {
        try (var s = new ScenarioStack()) {
            s.stack.setReplication(false, 1500);
            String alice = s.users.newConfirmedUser();
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
            assertThat(s.failoverEvents()).isEmpty();

            List<String> acknowledged;
            try (var writer = new SteadyWriter(s.stack)) {
                writer.awaitMoreAcknowledged(3);
                var answers = s.stack.switchover(WEST);
                assertThat(answers.get(EAST)).containsEntry("outcome", "FENCED");
                assertThat(answers.get(WEST)).containsEntry("outcome", "PROMOTED");
                writer.awaitMoreAcknowledged(3);
                acknowledged = writer.stop();
                assertThat(writer.refusals().keySet()).isSubsetOf("OperationNotEnabledException");
            }
            // Every sign-up either region acknowledged is at the new primary, without waiting for replication.
            var westDirectory = s.region(WEST).services().directory();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(name -> assertThat(westDirectory.findByUsername(io.cognate.domain.Username.of(name))).isPresent());
            LocalEvent switchover = s.failoverEvents().getLast();
            assertThat(switchover.detailType()).isEqualTo("SwitchoverCompleted");
            // The drain waited for the lagging replication: the switchover cannot beat the lag.
            assertThat(switchover.detail().path("timings").path("totalMs").asLong()).isGreaterThanOrEqualTo(1500);
            FailoverTimes.record("planned switchover, replication lag 1.5 s", switchover);
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        }
    }

    @Test
    void aFlappingPrimaryDoesNotTriggerAFailoverButAStreakAcrossRunsDoes() {
        try (var s = new ScenarioStack()) {
            s.users.newConfirmedUser();
            s.awaitReplicated();
            Deque<Boolean> primaryDown = new ArrayDeque<>();
            s.time.onSkippedWait(() -> {
                Boolean down = primaryDown.poll();
                if (down != null) {
                    s.stack.setOutage(EAST, down);
                }
            });
            // Two failures, one success, repeated: never three in a row.
            for (int run = 0; run < 2; run++) {
                primaryDown.addAll(List.of(true, false, true, true, false));
                s.stack.setOutage(EAST, true);
                assertThat(s.runCheck(WEST)).containsEntry("role", "secondary").containsEntry("epoch", 1L);
            }
            assertThat(s.console()).contains("region us-east-1 is DOWN");
            assertThat(s.failoverEvents()).isEmpty();
            // A run that ends with two failures, and a next run whose first probe fails: three in a row.
            primaryDown.addAll(List.of(false, false, false, true, true));
            s.stack.setOutage(EAST, false);
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            primaryDown.addAll(List.of(true, true, true, true, true));
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            LocalEvent event = s.failoverEvents().getFirst();
            assertThat(event.detail().path("timings").path("detectionMs").asLong()).isGreaterThan(15_000);
            FailoverTimes.record("flapping primary, streak across two runs", event);
        }
    }

    @Test
    void whenBothRegionsAreUnhealthyNobodyIsPromoted() throws Exception {
        try (var s = new ScenarioStack()) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            s.stack.setOutage(EAST, true);
            s.stack.setOutage(WEST, true);
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary").containsEntry("epoch", 1L);
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.failoverEvents()).isEmpty();
            assertThat(s.stack.trafficRegion()).contains(EAST);
            assertThatThrownBy(() -> s.users.signIn(alice, PoolUsers.PASSWORD))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(503));

            s.stack.setOutage(WEST, false); // the secondary recovers first: now it takes over
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        }
    }

    @Test
    void aSecondaryWhoseKmsFailsDoesNotTakeOver() throws Exception {
        try (var s = new ScenarioStack()) {
            String alice = s.users.newConfirmedUser();
            AuthenticationResultType tokens = s.users.signIn(alice, PoolUsers.PASSWORD);
            s.awaitReplicated();
            s.stack.setOutage(EAST, true);
            s.stack.setKmsFailing(WEST, true);
            assertThat(s.health(WEST).path("checks").path("kms").path("ok").asBoolean()).isFalse();
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary").containsEntry("epoch", 1L);
            assertThat(s.failoverEvents()).isEmpty();
            assertThat(s.stack.trafficRegion()).contains(EAST);

            s.stack.setKmsFailing(WEST, false);
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            FailoverTimes.record("secondary KMS failed, then recovered", s.failoverEvents().getFirst());
            assertThat(s.users.refresh(tokens.refreshToken()).accessToken()).isNotBlank();
            assertThat(s.users.signIn(alice, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        }
    }
}
