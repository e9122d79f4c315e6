package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.it.PoolUsers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * A user an administrator invited at the primary is asked for a new password at the secondary.
 * The answer is a Directory write: the secondary refuses it while the primary leads, the primary
 * then fails, the secondary takes over within one scheduled run, and the same challenge session
 * is accepted there: the user chooses their password and signs in without starting again.
 */
class NewPasswordAfterFailoverScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final String CHOSEN = "Chosen-After-Failover-6";

    @Test
    void theChallengeAskedAtTheSecondaryIsAnsweredThereOnceItLeads() throws Exception {
        try (var s = new ScenarioStack(); PoolUsers atWest = s.usersAt(WEST);
             CognitoIdentityProviderClient adminAtEast = PoolUsers.adminClient(s.stack,
                     s.region(EAST).endpoint(), EAST);
             CognitoIdentityProviderClient adminAtWest = PoolUsers.adminClient(s.stack,
                     s.region(WEST).endpoint(), WEST)) {
            String carol = PoolUsers.newUsername();
            adminAtEast.adminCreateUser(b -> b.userPoolId(s.stack.userPoolId()).username(carol)
                    .userAttributes(AttributeType.builder().name("email").value(carol + "@example.com").build()));
            String temporary = s.stack.outbox().latestCodeFor(carol).orElseThrow();
            s.awaitReplicated();
            s.runCheck(WEST);

            CognitoIdentityProviderClient west = atWest.client();
            InitiateAuthResponse challenge = west.initiateAuth(b -> b.clientId(atWest.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", carol, "PASSWORD", temporary)));
            assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
            assertThatThrownBy(() -> answer(west, atWest.clientId(), carol, challenge.session()))
                    .isInstanceOf(OperationNotEnabledException.class);

            s.stack.setOutage(EAST, true);
            assertThat(s.runCheck(WEST)).containsEntry("role", "primary");

            var tokens = answer(west, atWest.clientId(), carol, challenge.session());
            assertThat(west.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo(carol);
            assertThat(adminAtWest.adminGetUser(b -> b.userPoolId(s.stack.userPoolId()).username(carol)).userStatus())
                    .isEqualTo(UserStatusType.CONFIRMED);
            assertThat(atWest.signIn(carol, CHOSEN).accessToken()).isNotBlank();
        }
    }

    private static software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType answer(
            CognitoIdentityProviderClient client, String clientId, String username, String session) {
        return client.respondToAuthChallenge(b -> b.clientId(clientId)
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(session)
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", CHOSEN))).authenticationResult();
    }
}
