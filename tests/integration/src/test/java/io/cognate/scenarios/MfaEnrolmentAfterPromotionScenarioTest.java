package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.it.PoolUsers;
import io.cognate.it.Rfc6238Codes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * Enrolling a software token is a Directory write: the secondary refuses it until a planned
 * switchover promotes it, then accepts it, and the fenced old primary refuses it in turn. The
 * test's authenticator reads the scenario's clock, the same clock the regions check codes with.
 */
class MfaEnrolmentAfterPromotionScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    @Test
    void enrolmentAtTheSecondaryIsRefusedUntilItIsPromotedAndWorksAfterwards() throws Exception {
        try (var s = new ScenarioStack(); PoolUsers atWest = s.usersAt(WEST); PoolUsers atEast = s.usersAt(EAST)) {
            String alice = s.users.newConfirmedUser();
            s.awaitReplicated();
            CognitoIdentityProviderClient west = atWest.client();
            String beforePromotion = atWest.signIn(alice, PoolUsers.PASSWORD).accessToken();
            assertThatThrownBy(() -> west.associateSoftwareToken(b -> b.accessToken(beforePromotion)))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThatThrownBy(() -> west.setUserMFAPreference(b -> b.accessToken(beforePromotion)
                    .softwareTokenMfaSettings(m -> m.enabled(false))))
                    .isInstanceOf(OperationNotEnabledException.class);

            assertThat(s.runCheck(WEST)).containsEntry("role", "secondary");
            assertThat(s.runCheck(EAST)).containsEntry("role", "primary");
            var answers = s.stack.switchover(WEST);
            assertThat(answers.get(EAST)).containsEntry("outcome", "FENCED");
            assertThat(answers.get(WEST)).containsEntry("outcome", "PROMOTED");

            String accessToken = atWest.signIn(alice, PoolUsers.PASSWORD).accessToken();
            String secretCode = west.associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode();
            var phone = new Rfc6238Codes(secretCode, s.time);
            assertThat(west.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value())).status())
                    .isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
            west.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(m -> m.enabled(true).preferredMfa(true)));

            InitiateAuthResponse challenge = west.initiateAuth(b -> b.clientId(atWest.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", alice, "PASSWORD", PoolUsers.PASSWORD)));
            assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            var tokens = west.respondToAuthChallenge(b -> b.clientId(atWest.clientId())
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(challenge.session())
                    .challengeResponses(Map.of("USERNAME", alice, "SOFTWARE_TOKEN_MFA_CODE", phone.fresh().value())))
                    .authenticationResult();
            assertThat(tokens.accessToken()).isNotBlank();

            // The fenced old primary now refuses enrolment, and still signs the user in with a code.
            s.awaitReplicated();
            CognitoIdentityProviderClient east = atEast.client();
            assertThatThrownBy(() -> east.associateSoftwareToken(b -> b.accessToken(tokens.accessToken())))
                    .isInstanceOf(OperationNotEnabledException.class);
            InitiateAuthResponse atOldPrimary = east.initiateAuth(b -> b.clientId(atEast.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", alice, "PASSWORD", PoolUsers.PASSWORD)));
            assertThat(atOldPrimary.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            assertThat(east.respondToAuthChallenge(b -> b.clientId(atEast.clientId())
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(atOldPrimary.session())
                    .challengeResponses(Map.of("USERNAME", alice, "SOFTWARE_TOKEN_MFA_CODE", phone.fresh().value())))
                    .authenticationResult().idToken()).isNotBlank();
        }
    }
}
