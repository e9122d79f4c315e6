package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.config.CognateConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.gateway.LocalApiGateway;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EnableSoftwareTokenMfaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SoftwareTokenMfaNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * Software-token MFA across the two local regions, through the AWS SDK's Cognito client: enrol
 * at the primary, sign in with TOTP at the secondary (codes from {@link Rfc6238Codes}, an
 * authenticator written independently of the production code), replayed and wrong codes
 * refused and counted, enrolment refused by the read-only secondary, and the pool's MFA
 * configuration OFF and ON (each on a gateway of its own over the primary's tables).
 */
@ExtendWith(MfaTwoRegionTest.Stack.class)
class MfaTwoRegionTest {
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static final Map<MfaConfiguration, IdentityApiServices> configuredServices = new HashMap<>();
    private static final Map<MfaConfiguration, LocalApiGateway> configuredGateways = new HashMap<>();

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
            secondary = stack.regions().get(1);
        }
    }

    @BeforeAll
    static void startPrimariesWithOtherMfaConfigurations() {
        for (MfaConfiguration configuration : Set.of(MfaConfiguration.OFF, MfaConfiguration.ON)) {
            CognateConfig config = primary.services().config().withMfaConfiguration(configuration);
            IdentityApiServices services = new IdentityApiServices(config, AwsClients.create(config), Clock.systemUTC());
            configuredServices.put(configuration, services);
            configuredGateways.put(configuration, new LocalApiGateway(primary.name(), 0)
                    .route("POST /", "identity-api", new IdentityApiHandler(services)).start());
        }
    }

    @AfterAll
    static void stopThem() {
        configuredGateways.values().forEach(LocalApiGateway::close);
        configuredServices.values().forEach(IdentityApiServices::close);
    }

    private static CognitoIdentityProviderClient withConfiguration(MfaConfiguration configuration) {
        return TwoRegionStoryTest.cognito(configuredGateways.get(configuration).uri(), primary.name());
    }

    private static InitiateAuthResponse initiate(CognitoIdentityProviderClient client, String username) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", Accounts.PASSWORD)));
    }

    private static AuthenticationResultType answer(CognitoIdentityProviderClient client, String username, String session,
                                                   String code) {
        return client.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(session)
                .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", code)))
                .authenticationResult();
    }

    /** Associates, verifies and turns on a software token at the primary; returns the user's authenticator. */
    private static Rfc6238Codes enrolAtPrimary(String username) {
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            String accessToken = Accounts.signIn(east, stack.clientId(), username).accessToken();
            String secretCode = east.associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode();
            assertThat(secretCode).matches("[A-Z2-7]{32}");
            var phone = new Rfc6238Codes(secretCode, Clock.systemUTC());
            var verified = east.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value())
                    .friendlyDeviceName("test phone"));
            assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
            east.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
            return phone;
        }
    }

    private static int failuresCountedAt(LocalRegion region, String username) {
        return new DynamoDbLockoutCounters(region.dynamo().client(), LocalRegion.TABLES.lockout())
                .read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    @Test
    void theTestsAuthenticatorMatchesTheRfc6238Vectors() {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        // RFC 6238 appendix B (SHA-1); the RFC lists eight digits, six-digit codes are their last six.
        assertThat(Rfc6238Codes.code(seed, Rfc6238Codes.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Rfc6238Codes.code(seed, Rfc6238Codes.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Rfc6238Codes.code(seed, Rfc6238Codes.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Rfc6238Codes.code(seed, Rfc6238Codes.step(Instant.ofEpochSecond(20000000000L)))).isEqualTo("353130");
        assertThat(Rfc6238Codes.base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(seed);
    }

    @Test
    void enrolAtThePrimarySignInWithTotpAtTheSecondaryAndNoCodeWorksTwice() {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = enrolAtPrimary(username);
        try (var east = TwoRegionStoryTest.cognito(primary); var west = TwoRegionStoryTest.cognito(secondary)) {
            assertThat(Accounts.signIn(east, stack.clientId(), username)).as("the password alone").isNull();
            Accounts.awaitReplicated(stack);

            InitiateAuthResponse challenge = initiate(west, username);
            assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            assertThat(challenge.authenticationResult()).isNull();
            assertThat(challenge.session()).hasSizeBetween(20, 2048);

            // A code valid long enough to be replayed at the other region after replication too.
            Rfc6238Codes.Code code = phone.fresh(Duration.ofSeconds(45));
            AuthenticationResultType tokens = answer(west, username, challenge.session(), code.value());
            assertThat(tokens.accessToken()).isNotBlank();
            assertThat(tokens.refreshToken()).isNotBlank();
            var user = west.getUser(b -> b.accessToken(tokens.accessToken()));
            assertThat(user.username()).isEqualTo(username);
            assertThat(user.userMFASettingList()).containsExactly("SOFTWARE_TOKEN_MFA");
            assertThat(user.preferredMfaSetting()).isEqualTo("SOFTWARE_TOKEN_MFA");

            // Replayed in the same region, with a new session: refused.
            String again = initiate(west, username).session();
            assertThatThrownBy(() -> answer(west, username, again, code.value()))
                    .isInstanceOf(ExpiredCodeException.class);
            // Replayed at the other region once the use has replicated: refused there too.
            Accounts.awaitReplicated(stack);
            String atEast = initiate(east, username).session();
            assertThatThrownBy(() -> answer(east, username, atEast, code.value()))
                    .isInstanceOf(ExpiredCodeException.class);
            // The session is good for another, fresh code.
            assertThat(answer(east, username, atEast, phone.fresh().value()).idToken()).isNotBlank();
        }
    }

    @Test
    void aWrongCodeIsRefusedAndCountedTowardTheLockoutAndARightOneResetsTheCount() {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = enrolAtPrimary(username);
        Accounts.awaitReplicated(stack);
        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            String session = initiate(west, username).session();
            // The right password stays counted until the code is answered.
            assertThat(failuresCountedAt(secondary, username)).isEqualTo(1);
            assertThatThrownBy(() -> answer(west, username, session, phone.wrong()))
                    .isInstanceOf(CodeMismatchException.class);
            assertThat(failuresCountedAt(secondary, username)).isEqualTo(2);
            assertThatThrownBy(() -> answer(west, username, session, phone.wrong()))
                    .isInstanceOf(CodeMismatchException.class);
            assertThat(failuresCountedAt(secondary, username)).isEqualTo(3);

            assertThat(answer(west, username, session, phone.fresh().value()).accessToken()).isNotBlank();
            assertThat(failuresCountedAt(secondary, username)).isZero();

            // With the limit reached, the account is locked: a password and wrong codes add up to five.
            String next = initiate(west, username).session();
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> answer(west, username, next, phone.wrong()))
                        .isInstanceOf(CodeMismatchException.class);
            }
            assertThat(failuresCountedAt(secondary, username)).isEqualTo(5);
            var counter = new DynamoDbLockoutCounters(secondary.dynamo().client(), LocalRegion.TABLES.lockout())
                    .read(Username.of(username).key()).orElseThrow();
            assertThat(counter.lockedUntil()).as("locked by the fifth failure").isPresent();
        }
    }

    @Test
    void enrolmentIsADirectoryWriteTheSecondaryRefuses() {
        String username = Accounts.confirmedUser(stack);
        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            String accessToken = Accounts.signIn(west, stack.clientId(), username).accessToken();
            assertThatThrownBy(() -> west.associateSoftwareToken(b -> b.accessToken(accessToken)))
                    .isInstanceOf(OperationNotEnabledException.class)
                    .hasMessageContaining("read-only replica");
            assertThatThrownBy(() -> west.verifySoftwareToken(b -> b.accessToken(accessToken).userCode("123456")))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThatThrownBy(() -> west.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true))))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThat(west.getUser(b -> b.accessToken(accessToken)).userMFASettingList()).isEmpty();
        }
    }

    @Test
    void verifyingNeedsTheRightCodeAndTurningOnNeedsAVerifiedToken() {
        String username = Accounts.confirmedUser(stack);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            String accessToken = Accounts.signIn(east, stack.clientId(), username).accessToken();
            assertThatThrownBy(() -> east.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true))))
                    .isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> east.verifySoftwareToken(b -> b.accessToken(accessToken).userCode("123456")))
                    .isInstanceOf(SoftwareTokenMfaNotFoundException.class);
            var phone = new Rfc6238Codes(east.associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode(),
                    Clock.systemUTC());
            assertThatThrownBy(() -> east.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.wrong())))
                    .isInstanceOf(EnableSoftwareTokenMfaException.class);
            // Associated but not turned on: the password alone still signs in.
            assertThat(initiate(east, username).authenticationResult()).isNotNull();
            east.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value()));
            assertThat(initiate(east, username).authenticationResult()).isNotNull();
            east.setUserMFAPreference(b -> b.accessToken(accessToken).softwareTokenMfaSettings(s -> s.enabled(true)));
            assertThat(initiate(east, username).challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            assertThat(east.getUser(b -> b.accessToken(accessToken)).preferredMfaSetting()).isNull();
            // Turned off again: no challenge.
            east.setUserMFAPreference(b -> b.accessToken(accessToken).softwareTokenMfaSettings(s -> s.enabled(false)));
            assertThat(initiate(east, username).authenticationResult()).isNotNull();
        }
    }

    @Test
    void withMfaOnAUserWithoutATokenSetsOneUpDuringSignIn() {
        String username = Accounts.confirmedUser(stack);
        try (var on = withConfiguration(MfaConfiguration.ON); var west = TwoRegionStoryTest.cognito(secondary)) {
            InitiateAuthResponse setup = initiate(on, username);
            assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
            assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");

            var association = on.associateSoftwareToken(b -> b.session(setup.session()));
            assertThat(association.session()).isNotBlank();
            var phone = new Rfc6238Codes(association.secretCode(), Clock.systemUTC());
            // The setup session cannot finish the challenge before the token is verified.
            assertThatThrownBy(() -> on.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.MFA_SETUP).session(association.session())
                    .challengeResponses(Map.of("USERNAME", username))))
                    .isInstanceOf(NotAuthorizedException.class);
            var verified = on.verifySoftwareToken(b -> b.session(association.session()).userCode(phone.fresh().value()));
            assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
            AuthenticationResultType tokens = on.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.MFA_SETUP).session(verified.session())
                    .challengeResponses(Map.of("USERNAME", username))).authenticationResult();
            assertThat(tokens.accessToken()).isNotBlank();

            // Enrolled: every sign-in, in either region, now asks for a code.
            InitiateAuthResponse next = initiate(on, username);
            assertThat(next.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            assertThat(answer(on, username, next.session(), phone.fresh().value()).accessToken()).isNotBlank();
            Accounts.awaitReplicated(stack);
            assertThat(initiate(west, username).challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        }
    }

    /**
     * Finding 3 of the security review: a setup session, which only proves the password, could be
     * renewed forever and then replace the token the user had set up since, and sign in.
     */
    @Test
    void finding3AnMfaSetupSessionCannotReplaceATokenSetUpSinceOrOutliveAPasswordReset() {
        String username = Accounts.confirmedUser(stack);
        try (var on = withConfiguration(MfaConfiguration.ON)) {
            // The attacker knows the password and holds a setup session (and its successor).
            String attackers = on.associateSoftwareToken(b -> b.session(initiate(on, username).session())).session();

            // The user sets up their own token.
            var setup = on.associateSoftwareToken(b -> b.session(initiate(on, username).session()));
            var phone = new Rfc6238Codes(setup.secretCode(), Clock.systemUTC());
            var verified = on.verifySoftwareToken(b -> b.session(setup.session()).userCode(phone.fresh().value()));
            on.respondToAuthChallenge(b -> b.clientId(stack.clientId()).challengeName(ChallengeNameType.MFA_SETUP)
                    .session(verified.session()).challengeResponses(Map.of("USERNAME", username)));

            assertThatThrownBy(() -> on.associateSoftwareToken(b -> b.session(attackers)))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid session");
            assertThatThrownBy(() -> on.verifySoftwareToken(b -> b.session(attackers).userCode("123456")))
                    .isInstanceOf(NotAuthorizedException.class);
            // The user's token still signs in.
            InitiateAuthResponse next = initiate(on, username);
            assertThat(answer(on, username, next.session(), phone.fresh().value()).accessToken()).isNotBlank();

            // A password reset ends the sessions made before it: here, of a user without a token yet.
            String other = Accounts.confirmedUser(stack);
            String beforeReset = initiate(on, other).session();
            on.forgotPassword(b -> b.clientId(stack.clientId()).username(other));
            String code = stack.outbox().latestCodeFor(other).orElseThrow();
            on.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(other).confirmationCode(code)
                    .password("Reset-After-Leak-4"));
            assertThatThrownBy(() -> on.associateSoftwareToken(b -> b.session(beforeReset)))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid session");
        }
    }

    @Test
    void withMfaOffThePasswordSignsInAndNoTokenCanBeAssociated() {
        String username = Accounts.confirmedUser(stack);
        enrolAtPrimary(username);
        try (var off = withConfiguration(MfaConfiguration.OFF)) {
            AuthenticationResultType tokens = initiate(off, username).authenticationResult();
            assertThat(tokens).isNotNull();
            assertThatThrownBy(() -> off.associateSoftwareToken(b -> b.accessToken(tokens.accessToken())))
                    .isInstanceOf(SoftwareTokenMfaNotFoundException.class);
        }
    }

    @Test
    void aConfidentialClientAnswersTheChallengeWithItsSecretHash() {
        var services = primary.services();
        String clientId = "mfa" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        var newSecret = services.clientSecrets().newSecret(clientId);
        services.directory().putClient(new AppClient(clientId, "server-side web app with MFA",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30))
                .withSecret(newSecret.stored()), services.leaders().current().orElseThrow());
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = enrolAtPrimary(username);
        Accounts.awaitReplicated(stack);
        String secretHash = ClientSecrets.secretHash(newSecret.plaintext(), username, clientId);
        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            String session = west.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", username, "PASSWORD", Accounts.PASSWORD,
                            "SECRET_HASH", secretHash))).session();
            String code = phone.fresh().value();
            assertThatThrownBy(() -> west.respondToAuthChallenge(b -> b.clientId(clientId)
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(session)
                    .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", code))))
                    .isInstanceOf(NotAuthorizedException.class);
            var tokens = west.respondToAuthChallenge(b -> b.clientId(clientId)
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(session)
                    .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", code,
                            "SECRET_HASH", secretHash))).authenticationResult();
            assertThat(tokens.accessToken()).isNotBlank();
            // A session is bound to the client it was issued to.
            String otherClientsSession = initiate(west, username).session();
            assertThatThrownBy(() -> west.respondToAuthChallenge(b -> b.clientId(clientId)
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(otherClientsSession)
                    .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", phone.fresh().value(),
                            "SECRET_HASH", secretHash))))
                    .isInstanceOf(NotAuthorizedException.class);
        }
    }

    @Test
    void brokenChallengeAnswersAreCognitoShapedRefusals() {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = enrolAtPrimary(username);
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            String session = initiate(east, username).session();
            String forged = session.substring(0, session.length() - 4) + (session.endsWith("AAAA") ? "BBBB" : "AAAA");
            assertThatThrownBy(() -> answer(east, username, forged, phone.wrong()))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid session");
            assertThatThrownBy(() -> answer(east, username, "x".repeat(40), phone.wrong()))
                    .isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> answer(east, "someone-else", session, phone.wrong()))
                    .isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> east.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(session)
                    .challengeResponses(Map.of("USERNAME", username))))
                    .isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> east.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(session)
                    .challengeResponses(Map.of("USERNAME", username))))
                    .isInstanceOf(InvalidParameterException.class);
            // Another challenge's session answers no NEW_PASSWORD_REQUIRED.
            assertThatThrownBy(() -> east.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(session)
                    .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", "Never-Stored-Pass-1"))))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid session");
            // A SOFTWARE_TOKEN_MFA session does not set up a token.
            assertThatThrownBy(() -> east.associateSoftwareToken(b -> b.session(session)))
                    .isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> east.associateSoftwareToken(b -> b.session(session).accessToken("x".repeat(30))))
                    .isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> east.associateSoftwareToken(b -> { }))
                    .isInstanceOf(InvalidParameterException.class);
            // None of these used the session up.
            assertThat(answer(east, username, session, phone.fresh().value()).accessToken()).isNotBlank();
        }
    }
}
