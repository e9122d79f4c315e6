package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.domain.AppClient;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.bench.srp.CognitoSrpClient;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * USER_SRP_AUTH as Amplify and amazon-cognito-identity-js run it, through the AWS SDK's Cognito
 * client, with {@link CognitoSrpClient}: an SRP client written from the public algorithm that
 * shares no code with the server. Users sign up at the primary and sign in with SRP at both
 * regions, with and without TOTP and a client secret; a wrong password, an unknown user and a
 * locked account are answered, and counted, exactly as USER_PASSWORD_AUTH answers them.
 */
@ExtendWith(SrpSignInTwoRegionTest.Stack.class)
class SrpSignInTwoRegionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static LocalCognate stack;
    private static String confidentialClientId;
    private static String secret;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void confidentialClient() {
        var primary = stack.primary().services();
        confidentialClientId = "srp" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        var newSecret = primary.clientSecrets().newSecret(confidentialClientId);
        secret = newSecret.plaintext();
        primary.directory().putClient(new AppClient(confidentialClientId, "server-side app with SRP",
                Set.of(AppClient.ALLOW_USER_SRP_AUTH, AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)).withSecret(newSecret.stored()),
                primary.leaders().current().orElseThrow());
        Accounts.awaitReplicated(stack);
    }

    /** One SRP sign-in: InitiateAuth with SRP_A, then the password claim for {@code password}. */
    private static RespondToAuthChallengeResponse srpSignIn(CognitoIdentityProviderClient cognito, String clientId,
                                                           String username, String password, String clientSecret) {
        var client = new CognitoSrpClient(stack.userPoolId(), RANDOM);
        Map<String, String> parameters = new HashMap<>(Map.of("USERNAME", username, "SRP_A", client.srpA()));
        if (clientSecret != null) {
            parameters.put("SECRET_HASH", ClientSecrets.secretHash(clientSecret, username, clientId));
        }
        InitiateAuthResponse challenge = cognito.initiateAuth(b -> b.clientId(clientId)
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(parameters));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        Map<String, String> asked = challenge.challengeParameters();
        assertThat(asked).containsKeys("SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME");
        String userId = asked.get("USER_ID_FOR_SRP");
        String timestamp = CognitoSrpClient.timestamp(Instant.now());
        Map<String, String> responses = new HashMap<>(Map.of(
                "USERNAME", userId,
                "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"),
                "TIMESTAMP", timestamp,
                "PASSWORD_CLAIM_SIGNATURE", client.signature(userId, password, asked.get("SALT"), asked.get("SRP_B"),
                        asked.get("SECRET_BLOCK"), timestamp)));
        if (clientSecret != null) {
            responses.put("SECRET_HASH", ClientSecrets.secretHash(clientSecret, userId, clientId));
        }
        return cognito.respondToAuthChallenge(b -> b.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(responses));
    }

    private static RespondToAuthChallengeResponse srpSignIn(CognitoIdentityProviderClient cognito, String username,
                                                           String password) {
        return srpSignIn(cognito, stack.clientId(), username, password, null);
    }

    private static int failuresCountedAt(LocalRegion region, String username) {
        return new DynamoDbLockoutCounters(region.dynamo().client(), LocalRegion.TABLES.lockout())
                .read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    @Test
    void theIndependentClientSignsInAtBothRegions() {
        String username = Accounts.confirmedUser(stack);
        for (LocalRegion region : stack.regions()) {
            try (var cognito = TwoRegionStoryTest.cognito(region)) {
                var tokens = srpSignIn(cognito, username, Accounts.PASSWORD).authenticationResult();

                assertThat(tokens.refreshToken()).isNotBlank();
                assertThat(cognito.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo(username);
            }
        }
    }

    @Test
    void withTotpTheSecondFactorFollowsAtBothRegions() {
        for (LocalRegion region : stack.regions()) {
            // A user each: a TOTP code works once, and one user would wait for the next step.
            String username = Accounts.confirmedUser(stack);
            var phone = enrolAtPrimary(username);
            Accounts.awaitReplicated(stack);
            try (var cognito = TwoRegionStoryTest.cognito(region)) {
                var challenge = srpSignIn(cognito, username, Accounts.PASSWORD);

                assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
                assertThat(challenge.authenticationResult()).isNull();
                var tokens = cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                        .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(challenge.session())
                        .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", phone.fresh().value())))
                        .authenticationResult();
                assertThat(tokens.accessToken()).isNotBlank();
            }
        }
    }

    private static Rfc6238Codes enrolAtPrimary(String username) {
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            String accessToken = Accounts.signIn(east, stack.clientId(), username).accessToken();
            var phone = new Rfc6238Codes(east.associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode(),
                    Clock.systemUTC());
            assertThat(east.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value())).status())
                    .isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
            east.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
            return phone;
        }
    }

    @Test
    void aClientWithASecretDemandsTheSecretHashAtBothSteps() {
        String username = Accounts.newUsername();
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            east.signUp(b -> b.clientId(confidentialClientId).username(username).password(Accounts.PASSWORD)
                    .secretHash(ClientSecrets.secretHash(secret, username, confidentialClientId))
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            east.confirmSignUp(b -> b.clientId(confidentialClientId).username(username).confirmationCode(code)
                    .secretHash(ClientSecrets.secretHash(secret, username, confidentialClientId)));
        }
        Accounts.awaitReplicated(stack);
        for (LocalRegion region : stack.regions()) {
            try (var cognito = TwoRegionStoryTest.cognito(region)) {
                assertThatThrownBy(() -> srpSignIn(cognito, confidentialClientId, username, Accounts.PASSWORD, null))
                        .isInstanceOf(NotAuthorizedException.class);
                assertThatThrownBy(() -> srpSignIn(cognito, confidentialClientId, username, Accounts.PASSWORD, secret + "x"))
                        .isInstanceOf(NotAuthorizedException.class);

                var tokens = srpSignIn(cognito, confidentialClientId, username, Accounts.PASSWORD, secret)
                        .authenticationResult();
                assertThat(tokens.accessToken()).isNotBlank();
            }
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreAnsweredAndCountedAsThePasswordFlowDoes() {
        String username = Accounts.confirmedUser(stack);
        String nobody = Accounts.newUsername();
        for (LocalRegion region : stack.regions()) {
            try (var cognito = TwoRegionStoryTest.cognito(region)) {
                for (String who : new String[] {username, nobody}) {
                    int before = failuresCountedAt(region, who);
                    var srp = refusal(() -> srpSignIn(cognito, who, "Wrong-Password-1"));
                    var password = refusal(() -> cognito.initiateAuth(b -> b.clientId(stack.clientId())
                            .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                            .authParameters(Map.of("USERNAME", who, "PASSWORD", "Wrong-Password-1"))));

                    assertThat(srp.awsErrorDetails().errorMessage()).isEqualTo(password.awsErrorDetails().errorMessage())
                            .isEqualTo("Incorrect username or password.");
                    assertThat(failuresCountedAt(region, who)).isEqualTo(before + 2);
                }
            }
        }
    }

    @Test
    void aLockedAccountIsRefusedAsThePasswordFlowRefusesItEvenWithTheRightPassword() {
        String username = Accounts.confirmedUser(stack);
        try (var cognito = TwoRegionStoryTest.cognito(stack.primary())) {
            for (int i = 0; i < 5; i++) {
                refusal(() -> srpSignIn(cognito, username, "Wrong-Password-1"));
            }
            var srp = refusal(() -> srpSignIn(cognito, username, Accounts.PASSWORD));
            var password = refusal(() -> Accounts.signIn(cognito, stack.clientId(), username));

            assertThat(srp.awsErrorDetails().errorMessage()).isEqualTo(password.awsErrorDetails().errorMessage())
                    .isEqualTo("Password attempts exceeded");
        }
    }

    private static NotAuthorizedException refusal(Runnable signIn) {
        try {
            signIn.run();
        } catch (NotAuthorizedException refused) {
            return refused;
        }
        throw new AssertionError("the sign-in was not refused");
    }
}
