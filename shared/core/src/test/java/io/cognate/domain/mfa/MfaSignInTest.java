package io.cognate.domain.mfa;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.testing.AuthenticatorApp;
import io.cognate.testing.InMemoryRegion;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * USER_PASSWORD_AUTH with the pool's second factor and RespondToAuthChallenge, with enrolment
 * through {@link MfaEnrolment}, on in-memory stores. Codes are computed from the secret the
 * user's app was given, as an authenticator app computes them.
 */
class MfaSignInTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String NEW_PASSWORD = "Battery-Staple-7";
    private static final String EMAIL = "alice@example.com";
    private static final Duration NEXT_STEP = Duration.ofSeconds(Totp.STEP_SECONDS);
    private static final String INVALID_SESSION = "Invalid session for the user.";

    private static InMemoryRegion pool(MfaConfiguration configuration) {
        InMemoryRegion region = InMemoryRegion.builder().mfa(configuration).build();
        region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
        return region;
    }

    /**
     * Alice signs in with her password, associates and verifies a software token with her access
     * token and turns it on, as a signed-in user of an OPTIONAL pool does. The clock then moves
     * to the next time step, so the code used to verify is not the one her app shows next.
     */
    private static AuthenticatorApp enrolAlice(InMemoryRegion region) {
        MfaEnrolment enrolment = region.mfaEnrolment(MfaConfiguration.OPTIONAL);
        String token = region.signIn(ALICE, PASSWORD).accessToken();
        AuthenticatorApp app = AuthenticatorApp.withSecretCode(enrolment.associate(token, null).secretCode());
        enrolment.verify(token, null, app.codeAt(region.clock().instant()));
        enrolment.setPreference(token, true, true, false);
        region.clock().advance(NEXT_STEP);
        return app;
    }

    private static Map<String, String> answer(String code) {
        return Map.of("USERNAME", ALICE, "SOFTWARE_TOKEN_MFA_CODE", code);
    }

    private static MfaSignIn.Challenge challenge(MfaSignIn.Step step) {
        assertThat(step).isInstanceOf(MfaSignIn.Challenge.class);
        return (MfaSignIn.Challenge) step;
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Nested
    class PoolMfaOff {
        @Test
        void theSecondFactorIsNotAskedForEvenOfAnEnrolledUser() {
            InMemoryRegion region = pool(MfaConfiguration.OFF);
            enrolAlice(region);

            MfaSignIn.Step step = region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD);

            assertThat(step).isInstanceOf(MfaSignIn.Tokens.class);
            String accessToken = ((MfaSignIn.Tokens) step).tokens().accessToken();
            assertThat(region.identityService().getUser(accessToken).username().value()).isEqualTo(ALICE);
            assertThat(region.lockoutCounters().read(ALICE)).as("the sign-in completed").isEmpty();
        }

        @Test
        void softwareTokensCannotBeSetUp() {
            InMemoryRegion region = pool(MfaConfiguration.OFF);
            String token = region.signIn(ALICE, PASSWORD).accessToken();

            assertRefused(() -> region.mfaEnrolment().associate(token, null), "SoftwareTokenMFANotFoundException");
            assertRefused(() -> region.mfaEnrolment().setPreference(token, true, true, false),
                    "SoftwareTokenMFANotFoundException");
        }
    }

    @Nested
    class PoolMfaOptional {
        @Test
        void aUserWithoutASecondFactorGetsTokens() {
            InMemoryRegion region = pool(MfaConfiguration.OPTIONAL);

            assertThat(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD)).isInstanceOf(MfaSignIn.Tokens.class);
        }

        @Test
        void aUserWithAnActiveTokenIsAskedForItsCodeAndTheAttemptStaysCounted() {
            InMemoryRegion region = pool(MfaConfiguration.OPTIONAL);
            enrolAlice(region);

            MfaSignIn.Challenge challenge = challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD));

            assertThat(challenge.name()).isEqualTo("SOFTWARE_TOKEN_MFA");
            assertThat(challenge.session()).isNotBlank();
            assertThat(challenge.parameters()).isEqualTo(Map.of("USER_ID_FOR_SRP", ALICE));
            assertThat(region.lockoutCounters().read(ALICE)).hasValueSatisfying(
                    counter -> assertThat(counter.failures()).isEqualTo(1));
        }

        @Test
        void aVerifiedTokenIsNotAskedForUntilTheUserTurnsItOn() {
            InMemoryRegion region = pool(MfaConfiguration.OPTIONAL);
            MfaEnrolment enrolment = region.mfaEnrolment();
            String token = region.signIn(ALICE, PASSWORD).accessToken();
            assertRefused(() -> enrolment.setPreference(token, true, true, false), "InvalidParameterException")
                    .hasMessage("User has not verified software token mfa");
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(enrolment.associate(token, null).secretCode());
            assertThat(enrolment.verify(token, null, app.codeAt(region.clock().instant())).session()).isEmpty();

            assertThat(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD)).isInstanceOf(MfaSignIn.Tokens.class);

            enrolment.setPreference(token, true, true, false);
            assertThat(challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD)).name())
                    .isEqualTo("SOFTWARE_TOKEN_MFA");
            enrolment.setPreference(token, false, null, false);
            assertThat(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD)).isInstanceOf(MfaSignIn.Tokens.class);
        }

        @Test
        void aWrongPasswordIsRefusedBeforeAnyCodeIsAskedFor() {
            InMemoryRegion region = pool(MfaConfiguration.OPTIONAL);
            enrolAlice(region);

            assertRefused(() -> region.mfaSignIn().passwordAuth(CLIENT, ALICE, "Wrong-Password-1"),
                    "NotAuthorizedException").hasMessage("Incorrect username or password.");
        }
    }

    @Nested
    class PoolMfaOn {
        @Test
        void aUserWithoutATokenMustSetOneUp() {
            InMemoryRegion region = pool(MfaConfiguration.ON);

            MfaSignIn.Challenge challenge = challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD));

            assertThat(challenge.name()).isEqualTo("MFA_SETUP");
            assertThat(challenge.parameters()).isEqualTo(Map.of("USER_ID_FOR_SRP", ALICE,
                    "MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]"));
        }

        @Test
        void aUserWithAnActiveTokenIsAskedForItsCode() {
            InMemoryRegion region = pool(MfaConfiguration.ON);
            enrolAlice(region);

            assertThat(challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD)).name())
                    .isEqualTo("SOFTWARE_TOKEN_MFA");
        }
    }

    @Nested
    class SoftwareTokenAnswer {
        private final InMemoryRegion region = pool(MfaConfiguration.OPTIONAL);
        private final AuthenticatorApp app = enrolAlice(region);
        private final MfaSignIn signIn = region.mfaSignIn();

        private String session() {
            return challenge(signIn.passwordAuth(CLIENT, ALICE, PASSWORD)).session();
        }

        private String code() {
            return app.codeAt(region.clock().instant());
        }

        @Test
        void theRightCodeGetsTokensAndStartsTheCountAgain() {
            IssuedTokens tokens = signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session(), answer(code()));

            assertThat(region.identityService().getUser(tokens.accessToken()).username().value()).isEqualTo(ALICE);
            assertThat(tokens.refreshToken()).isPresent();
            assertThat(region.lockoutCounters().read(ALICE)).isEmpty();
        }

        @Test
        void aWrongCodeIsRefusedAndCountedAsAnAttempt() {
            String session = session();

            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(otherThan(code()))),
                    "CodeMismatchException").hasMessage("Invalid code received for user");
            assertThat(region.lockoutCounters().read(ALICE)).hasValueSatisfying(
                    counter -> assertThat(counter.failures()).isEqualTo(2));
            assertThat(signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(code())).accessToken())
                    .isNotBlank();
        }

        @Test
        void aCodeThatWasUsedOnceIsRefused() {
            String code = code();
            signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session(), answer(code));
            String again = session();

            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", again, answer(code)),
                    "ExpiredCodeException").hasMessage("Your software token has already been used once.");

            region.clock().advance(NEXT_STEP);
            assertThat(signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", again, answer(code())).accessToken())
                    .isNotBlank();
        }

        @Test
        void aCodeOutsideTheAllowedDriftIsRefused() {
            String session = session();
            String stale = code();
            region.clock().advance(NEXT_STEP.multipliedBy(Totp.ALLOWED_DRIFT_STEPS + 1));

            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(stale)),
                    "CodeMismatchException");
        }

        @Test
        void aStolenPasswordBuysNoMoreGuessesAtTheCodeThanAtThePassword() {
            String session = session();
            int maxFailures = LockoutPolicy.cognitoDefault().maxFailures();
            // The password's attempt is the first of the count; each code is one more.
            for (int i = 1; i < maxFailures; i++) {
                assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(otherThan(code()))),
                        "CodeMismatchException");
            }

            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(code())),
                    "NotAuthorizedException").hasMessage("Password attempts exceeded");
        }

        @Test
        void theSessionServesOnlyItsClientItsUserAndItsThreeMinutes() {
            String session = session();
            region.putClient(new AppClient("other-client", "other", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                    Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));

            assertRefused(() -> signIn.respond("other-client", "SOFTWARE_TOKEN_MFA", session, answer(code())),
                    "NotAuthorizedException").hasMessage(INVALID_SESSION);
            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session,
                    Map.of("USERNAME", "mallory", "SOFTWARE_TOKEN_MFA_CODE", code())), "NotAuthorizedException")
                    .hasMessage(INVALID_SESSION);
            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", "forged", answer(code())),
                    "NotAuthorizedException").hasMessage(INVALID_SESSION);

            region.clock().advance(ChallengeSessions.VALIDITY);
            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(code())),
                    "NotAuthorizedException").hasMessage("Invalid session for the user, session is expired.");
        }

        @Test
        void incompleteAnswersAndUnknownChallengesAreInvalidParameters() {
            String session = session();

            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", ALICE)),
                    "InvalidParameterException").hasMessage("Missing required parameter SOFTWARE_TOKEN_MFA_CODE");
            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session,
                    Map.of("SOFTWARE_TOKEN_MFA_CODE", code())), "InvalidParameterException")
                    .hasMessage("Missing required parameter USERNAME");
            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", null, answer(code())),
                    "InvalidParameterException");
            assertRefused(() -> signIn.respond(CLIENT, "SMS_MFA", session, answer(code())),
                    "InvalidParameterException");
            assertRefused(() -> signIn.respond("no-such-client", "SOFTWARE_TOKEN_MFA", session, answer(code())),
                    "ResourceNotFoundException");
        }

        @Test
        void aSessionIsRefusedOnceThePasswordChanged() {
            String session = session();
            region.accountService().forgotPassword(CLIENT, ALICE);
            region.accountService().confirmForgotPassword(CLIENT, ALICE, region.codeDelivery().lastCodeFor(ALICE),
                    NEW_PASSWORD);

            assertRefused(() -> signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", session, answer(code())),
                    "NotAuthorizedException").hasMessage(INVALID_SESSION);
        }
    }

    @Nested
    class MfaSetup {
        private final InMemoryRegion region = pool(MfaConfiguration.ON);
        private final MfaSignIn signIn = region.mfaSignIn();
        private final MfaEnrolment enrolment = region.mfaEnrolment();

        private String setupSession() {
            MfaSignIn.Challenge challenge = challenge(signIn.passwordAuth(CLIENT, ALICE, PASSWORD));
            assertThat(challenge.name()).isEqualTo("MFA_SETUP");
            return challenge.session();
        }

        /** Associate, verify and finish with the session of one sign-in; returns the user's app. */
        private AuthenticatorApp setUp(String session) {
            MfaEnrolment.Association association = enrolment.associate(null, session);
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(association.secretCode());
            MfaEnrolment.Verification verification = enrolment.verify(null, association.session().orElseThrow(),
                    app.codeAt(region.clock().instant()));
            signIn.respond(CLIENT, "MFA_SETUP", verification.session().orElseThrow(), Map.of("USERNAME", ALICE));
            return app;
        }

        private void resetPassword() {
            region.accountService().forgotPassword(CLIENT, ALICE);
            region.accountService().confirmForgotPassword(CLIENT, ALICE, region.codeDelivery().lastCodeFor(ALICE),
                    NEW_PASSWORD);
        }

        @Test
        void setsUpATokenAndSignsInEndToEnd() {
            MfaEnrolment.Association association = enrolment.associate(null, setupSession());
            assertThat(association.secretCode()).matches("[A-Z2-7]{32}");
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(association.secretCode());

            MfaEnrolment.Verification verification = enrolment.verify(null, association.session().orElseThrow(),
                    app.codeAt(region.clock().instant()));
            IssuedTokens tokens = signIn.respond(CLIENT, "MFA_SETUP", verification.session().orElseThrow(),
                    Map.of("USERNAME", ALICE));

            String sub = region.user(ALICE).sub();
            assertThat(region.identityService().getUser(tokens.accessToken()).sub()).isEqualTo(sub);
            MfaSettings settings = enrolment.settingsOf(sub);
            assertThat(settings.active()).isTrue();
            assertThat(settings.preferred()).isTrue();
            assertThat(settings.pendingSecret()).isEmpty();
            assertThat(region.lockoutCounters().read(ALICE)).isEmpty();

            region.clock().advance(NEXT_STEP);
            MfaSignIn.Challenge next = challenge(signIn.passwordAuth(CLIENT, ALICE, PASSWORD));
            assertThat(next.name()).isEqualTo("SOFTWARE_TOKEN_MFA");
            assertThat(signIn.respond(CLIENT, "SOFTWARE_TOKEN_MFA", next.session(),
                    answer(app.codeAt(region.clock().instant()))).accessToken()).isNotBlank();
        }

        /**
         * Cognito answers a challenge session used a second time with "Invalid session for the
         * user, session can only be used once." Here the session that finishes MFA_SETUP is sealed
         * state with nothing recording its use, so until it expires it mints a new signed-in
         * session on every use, with no password and no code: a leaked copy is as good as both.
         */
        @Test
        void theSessionThatFinishesASetupSignsInOnlyOnce() {
            MfaEnrolment.Association association = enrolment.associate(null, setupSession());
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(association.secretCode());
            String verified = enrolment.verify(null, association.session().orElseThrow(),
                    app.codeAt(region.clock().instant())).session().orElseThrow();
            signIn.respond(CLIENT, "MFA_SETUP", verified, Map.of("USERNAME", ALICE));

            assertRefused(() -> signIn.respond(CLIENT, "MFA_SETUP", verified, Map.of("USERNAME", ALICE)),
                    "NotAuthorizedException");
        }

        @Test
        void aWrongCodeDoesNotVerifyTheToken() {
            MfaEnrolment.Association association = enrolment.associate(null, setupSession());
            String code = AuthenticatorApp.withSecretCode(association.secretCode()).codeAt(region.clock().instant());

            assertRefused(() -> enrolment.verify(null, association.session().orElseThrow(), otherThan(code)),
                    "EnableSoftwareTokenMFAException");
            assertThat(enrolment.settingsOf(region.user(ALICE).sub()).active()).isFalse();
        }

        @Test
        void theSetupStepsCannotBeFinishedOutOfOrder() {
            String session = setupSession();

            assertRefused(() -> enrolment.verify(null, session, "123456"), "SoftwareTokenMFANotFoundException");
            assertRefused(() -> signIn.respond(CLIENT, "MFA_SETUP", session, Map.of("USERNAME", ALICE)),
                    "NotAuthorizedException").hasMessage(INVALID_SESSION);
            assertRefused(() -> enrolment.associate("an-access-token", session), "InvalidParameterException");
            assertRefused(() -> enrolment.associate(null, null), "InvalidParameterException");
        }

        @Test
        void theStepsOfOneSetupKeepTheFirstSessionsExpiry() {
            String session = setupSession();
            region.clock().advance(ChallengeSessions.VALIDITY.minusSeconds(10));
            MfaEnrolment.Association association = enrolment.associate(null, session);
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(association.secretCode());

            region.clock().advance(Duration.ofSeconds(10));

            assertRefused(() -> enrolment.verify(null, association.session().orElseThrow(),
                    app.codeAt(region.clock().instant())), "NotAuthorizedException")
                    .hasMessage("Invalid session for the user, session is expired.");
        }

        @Test
        void aSetupSessionIsRefusedOnceTheUserHasAnActiveToken() {
            String first = setupSession();
            String second = setupSession();
            setUp(first);
            String sub = region.user(ALICE).sub();
            MfaSettings active = enrolment.settingsOf(sub);

            assertRefused(() -> enrolment.associate(null, second), "NotAuthorizedException")
                    .hasMessage(INVALID_SESSION);
            assertThat(enrolment.settingsOf(sub)).as("the active token was not replaced").isEqualTo(active);
        }

        @Test
        void aSetupSessionIsRefusedOnceThePasswordChanged() {
            String session = setupSession();
            MfaEnrolment.Association association = enrolment.associate(null, session);
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(association.secretCode());

            resetPassword();

            assertRefused(() -> enrolment.verify(null, association.session().orElseThrow(),
                    app.codeAt(region.clock().instant())), "NotAuthorizedException").hasMessage(INVALID_SESSION);
            assertRefused(() -> enrolment.associate(null, session), "NotAuthorizedException")
                    .hasMessage(INVALID_SESSION);
            assertThat(enrolment.settingsOf(region.user(ALICE).sub()).active()).isFalse();
        }

        @Test
        void aVerifiedSetupSessionIsRefusedOnceThePasswordChanged() {
            MfaEnrolment.Association association = enrolment.associate(null, setupSession());
            AuthenticatorApp app = AuthenticatorApp.withSecretCode(association.secretCode());
            String verified = enrolment.verify(null, association.session().orElseThrow(),
                    app.codeAt(region.clock().instant())).session().orElseThrow();

            resetPassword();

            assertRefused(() -> signIn.respond(CLIENT, "MFA_SETUP", verified, Map.of("USERNAME", ALICE)),
                    "NotAuthorizedException").hasMessage(INVALID_SESSION);
        }
    }
}
