package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.it.PoolUsers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/**
 * Three regions in priority order: the highest-priority healthy secondary takes over, the others
 * follow it; when it fails too, the next one takes over.
 */
class ThreeRegionScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final String SYDNEY = "ap-southeast-2";

    @Test
    void theHighestPriorityHealthySecondaryTakesOverAndTheOthersFollow() throws Exception {
        try (var s = new ScenarioStack(EAST, WEST, SYDNEY)) {
            String alice = s.users.newConfirmedUser();
            AuthenticationResultType tokens = s.users.signIn(alice, PoolUsers.PASSWORD);
            s.awaitReplicated();
            s.stack.setOutage(EAST, true);

            // Sydney sees the primary fail, but eu-west-1 comes first and is healthy: Sydney waits.
            assertThat(s.runCheck(SYDNEY)).containsEntry("role", "secondary").containsEntry("epoch", 1L);
            assertThat(s.console()).doesNotContain("FailoverCompleted");
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary").containsEntry("epoch", 2L);
            FailoverTimes.record("three regions: primary outage", s.failoverEvents().getFirst());
            assertThat(s.stack.trafficRegion()).contains(WEST);
            s.awaitReplicatedExcept(EAST);
            // Sydney now follows eu-west-1, which answers: no further takeover.
            assertThat(s.runCheck(SYDNEY)).containsEntry("role", "secondary").containsEntry("epoch", 2L);
            assertThat(s.health(SYDNEY).path("activeRegion").asText()).isEqualTo(WEST);
            String bob = s.users.newConfirmedUser();
            s.awaitReplicatedExcept(EAST);

            // eu-west-1 fails as well: Sydney is next in line.
            s.stack.setOutage(WEST, true);
            assertThat(s.runCheck(SYDNEY)).containsEntry("role", "primary").containsEntry("epoch", 3L);
            assertThat(s.failoverEvents()).hasSize(2);
            assertThat(s.failoverEvents().getLast().detailText("fromRegion")).isEqualTo(WEST);
            FailoverTimes.record("three regions: second failure", s.failoverEvents().getLast());
            assertThat(s.stack.trafficRegion()).contains(SYDNEY);
            assertThat(s.users.signIn(bob, PoolUsers.PASSWORD).accessToken()).isNotBlank();
            assertThat(s.users.refresh(tokens.refreshToken()).accessToken()).isNotBlank();
            s.users.newConfirmedUser();

            // Both come back and follow Sydney.
            s.stack.setOutage(EAST, false);
            s.stack.setOutage(WEST, false);
            s.awaitReplicated();
            assertThat(s.runCheck(EAST)).containsEntry("role", "secondary").containsEntry("epoch", 3L);
            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary").containsEntry("epoch", 3L);
            assertThat(s.stack.trafficRegion()).contains(SYDNEY);
        }
    }
}
