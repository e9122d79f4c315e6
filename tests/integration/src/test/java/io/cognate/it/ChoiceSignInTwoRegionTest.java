package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.bench.srp.CognitoSrpClient;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * USER_AUTH, Cognito's choice-based sign-in, through the AWS SDK's Cognito client at both
 * regions: the selection, a passwordless e-mail code, and PASSWORD_SRP answered by the
 * independent SRP client. Nothing in these sign-ins writes the Directory, so the secondary serves
 * them as the primary does.
 */
@ExtendWith(ChoiceSignInTwoRegionTest.Stack.class)
class ChoiceSignInTwoRegionTest {
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static InitiateAuthResponse userAuth(CognitoIdentityProviderClient cognito, Map<String, String> parameters) {
        return cognito.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(parameters));
    }

    @Test
    void anEmailCodeSignsInAtBothRegions() {
        String username = Accounts.confirmedUser(stack);
        for (LocalRegion region : stack.regions()) {
            try (var cognito = TwoRegionStoryTest.cognito(region)) {
                var otp = userAuth(cognito, Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "EMAIL_OTP"));
                assertThat(otp.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
                assertThat(otp.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL");
                String code = stack.outbox().latestCodeFor(username).orElseThrow();

                var tokens = cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                        .challengeName(ChallengeNameType.EMAIL_OTP).session(otp.session())
                        .challengeResponses(Map.of("USERNAME", username, "EMAIL_OTP_CODE", code))).authenticationResult();

                assertThat(cognito.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo(username);
                var factors = cognito.getUserAuthFactors(b -> b.accessToken(tokens.accessToken()));
                assertThat(factors.username()).isEqualTo(username);
                assertThat(factors.configuredUserAuthFactorsAsStrings()).containsExactly("PASSWORD", "EMAIL_OTP");
            }
        }
    }

    @Test
    void theSelectionLeadsToPasswordSrpAtTheSecondary() {
        String username = Accounts.confirmedUser(stack);
        try (var cognito = TwoRegionStoryTest.cognito(stack.regions().get(1))) {
            var selection = userAuth(cognito, Map.of("USERNAME", username));
            assertThat(selection.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
            assertThat(selection.availableChallenges()).containsExactly(ChallengeNameType.PASSWORD,
                    ChallengeNameType.PASSWORD_SRP, ChallengeNameType.EMAIL_OTP, ChallengeNameType.WEB_AUTHN);

            var client = new CognitoSrpClient(stack.userPoolId(), new SecureRandom());
            var verifier = cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(selection.session())
                    .challengeResponses(Map.of("USERNAME", username, "ANSWER", "PASSWORD_SRP", "SRP_A", client.srpA())));
            assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
            Map<String, String> asked = verifier.challengeParameters();
            String timestamp = CognitoSrpClient.timestamp(Instant.now());
            String signature = client.signature(asked.get("USER_ID_FOR_SRP"), Accounts.PASSWORD, asked.get("SALT"),
                    asked.get("SRP_B"), asked.get("SECRET_BLOCK"), timestamp);

            var tokens = cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                    .challengeResponses(Map.of("USERNAME", asked.get("USER_ID_FOR_SRP"),
                            "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"), "TIMESTAMP", timestamp,
                            "PASSWORD_CLAIM_SIGNATURE", signature))).authenticationResult();
            assertThat(tokens.idToken()).isNotBlank();
        }
    }

    @Test
    void anUnknownUserIsAskedForACodeLikeEveryoneAndNoCodeWorks() {
        String nobody = Accounts.newUsername();
        try (var cognito = TwoRegionStoryTest.cognito(stack.primary())) {
            var otp = userAuth(cognito, Map.of("USERNAME", nobody, "PREFERRED_CHALLENGE", "EMAIL_OTP"));

            assertThat(otp.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
            assertThat(otp.challengeParameters().get("CODE_DELIVERY_DESTINATION")).matches("[a-z]\\*\\*\\*@[a-z]\\*\\*\\*");
            assertThat(stack.outbox().latestCodeFor(nobody)).isEmpty();
            assertThatThrownBy(() -> cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.EMAIL_OTP).session(otp.session())
                    .challengeResponses(Map.of("USERNAME", nobody, "EMAIL_OTP_CODE", "12345678"))))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Incorrect username or password."));
        }
    }
}
