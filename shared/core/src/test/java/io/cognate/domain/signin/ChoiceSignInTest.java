package io.cognate.domain.signin;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.domain.srp.SrpSignIn;
import io.cognate.ports.CodeDelivery;
import io.cognate.testing.InMemoryRegion;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * USER_AUTH on in-memory stores: the factors offered, each factor's path, and that an unknown
 * user cannot be told from a real one by any answer, while every code and passkey answer counts
 * like a password.
 */
class ChoiceSignInTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String PASSWORD = "Correct-Horse-9";

    private InMemoryRegion region;
    private ChoiceSignIn choice;

    @BeforeEach
    void region() {
        region = InMemoryRegion.create();
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.usePasskeys(new OnePasskey());
        choice = region.choiceSignIn();
    }

    /** A stand-in for the WebAuthn adapter: "alice" holds one passkey, whose answer is "signed:" + the challenge. */
    static final class OnePasskey implements PasskeyAssertions {
        @Override
        public boolean hasPasskeys(String sub) {
            return true;
        }

        @Override
        public Assertion start(User user) {
            byte[] challenge = new byte[32];
            new java.security.SecureRandom().nextBytes(challenge);
            return new Assertion("{\"challenge\":\"" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(challenge) + "\"}", challenge);
        }

        @Override
        public boolean verify(User user, byte[] challenge, String credentialJson) {
            return user.username().key().equals("alice")
                    && credentialJson.equals("signed:" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(challenge));
        }

        static String answer(String requestOptionsJson) {
            String challenge = requestOptionsJson.replaceAll(".*\"challenge\":\"([^\"]+)\".*", "$1");
            return "signed:" + challenge;
        }
    }

    private MfaSignIn.Challenge challenge(MfaSignIn.Step step) {
        assertThat(step).isInstanceOf(MfaSignIn.Challenge.class);
        return (MfaSignIn.Challenge) step;
    }

    private MfaSignIn.Challenge select(String username) {
        return challenge(choice.start(CLIENT, Map.of("USERNAME", username)));
    }

    private MfaSignIn.Challenge emailOtp(String username) {
        return challenge(choice.start(CLIENT, Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
    }

    private MfaSignIn.Step answerCode(MfaSignIn.Challenge otp, String username, String code) {
        return choice.respond(CLIENT, "EMAIL_OTP", otp.session(), Map.of("USERNAME", username, "EMAIL_OTP_CODE", code));
    }

    private int failuresCounted(String username) {
        return region.lockoutCounters().read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    @Test
    void withoutAPreferenceEveryoneIsOfferedThePoolsFactors() {
        MfaSignIn.Challenge alice = select("alice");
        MfaSignIn.Challenge nobody = select("nobody");

        assertThat(alice.name()).isEqualTo("SELECT_CHALLENGE");
        assertThat(alice.availableChallenges()).containsExactly("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN")
                .isEqualTo(nobody.availableChallenges());
        assertThat(alice.session()).isNotEmpty();
        assertThat(Math.abs(alice.session().length() - nobody.session().length())).isLessThan(4);
    }

    @Test
    void aPoolWithMfaOnOffersOnlyThePasswordFactors() {
        InMemoryRegion strict = InMemoryRegion.builder().mfa(MfaConfiguration.ON).build();

        assertThat(strict.choiceSignIn().firstFactors()).containsExactly("PASSWORD", "PASSWORD_SRP");
        assertRefused(() -> strict.choiceSignIn().start(CLIENT, Map.of("USERNAME", "x", "PREFERRED_CHALLENGE", "EMAIL_OTP")),
                "InvalidParameterException");
    }

    @Test
    void thePasswordFactorSignsInDirectlyAndFromTheSelection() {
        MfaSignIn.Step direct = choice.start(CLIENT, Map.of("USERNAME", "alice", "PREFERRED_CHALLENGE", "PASSWORD",
                "PASSWORD", PASSWORD));
        MfaSignIn.Step selected = choice.respond(CLIENT, "SELECT_CHALLENGE", select("alice").session(),
                Map.of("USERNAME", "alice", "ANSWER", "PASSWORD", "PASSWORD", PASSWORD));

        assertThat(direct).isInstanceOf(MfaSignIn.Tokens.class);
        assertThat(selected).isInstanceOf(MfaSignIn.Tokens.class);
        assertRefused(() -> choice.start(CLIENT, Map.of("USERNAME", "alice", "PREFERRED_CHALLENGE", "PASSWORD",
                "PASSWORD", "Wrong-Password-1")), "NotAuthorizedException").hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
    }

    @Test
    void initiateAuthsClientMetadataIsPreAuthenticationsValidationDataAndNotPostAuthentications() {
        String trigger = "http://trigger.test/";
        region.triggerInvoker().serve(trigger, event -> "{\"response\":{}}");
        io.cognate.domain.triggers.PreTokenGenerationTest.configure(region,
                Map.of("PreAuthentication", trigger, "PostAuthentication", trigger));

        choice.start(CLIENT, Map.of("USERNAME", "alice", "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", PASSWORD),
                Map.of("device", "kiosk"));

        var events = region.triggerInvoker().events();
        assertThat(events).hasSize(2);
        assertThat(events.getFirst()).contains("\"PreAuthentication_Authentication\"")
                .contains("\"validationData\":{\"device\":\"kiosk\"}");
        assertThat(events.getLast()).contains("\"PostAuthentication_Authentication\"").doesNotContain("kiosk");
    }

    @Test
    void thePasswordSrpFactorAnswersThePasswordVerifierChallenge() {
        MfaSignIn.Challenge verifier = challenge(choice.start(CLIENT, Map.of("USERNAME", "alice",
                "PREFERRED_CHALLENGE", "PASSWORD_SRP", "SRP_A", "2")));

        assertThat(verifier.name()).isEqualTo(SrpSignIn.PASSWORD_VERIFIER);
        assertThat(verifier.session()).isNull();
        assertThat(verifier.parameters()).containsKeys("SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP");
    }

    @Nested
    class EmailCodes {
        @Test
        void theCodeSentSignsInOnceWithoutASecondFactor() {
            MfaSignIn.Challenge otp = emailOtp("alice");
            String code = region.codeDelivery().lastCodeFor("alice");

            assertThat(otp.parameters()).containsEntry("CODE_DELIVERY_DESTINATION", "a***@e***")
                    .containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL");
            assertThat(code).hasSize(8);
            assertThat(answerCode(otp, "alice", code)).isInstanceOf(MfaSignIn.Tokens.class);
            assertRefused(() -> answerCode(otp, "alice", code), "NotAuthorizedException").hasMessage(MfaSignIn.USED_ONCE);
        }

        @Test
        void aWrongCodeIsRefusedAsAWrongPasswordIsAndCounted() {
            MfaSignIn.Challenge otp = emailOtp("alice");

            assertRefused(() -> answerCode(otp, "alice", "00000000"), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            assertThat(failuresCounted("alice")).isEqualTo(1);
        }

        @Test
        void guessesStopAtTheLockoutWhateverTheCode() {
            MfaSignIn.Challenge otp = emailOtp("alice");
            String code = region.codeDelivery().lastCodeFor("alice");
            for (int i = 0; i < LockoutPolicy.cognitoDefault().maxFailures(); i++) {
                assertRefused(() -> answerCode(otp, "alice", "00000000"), "NotAuthorizedException");
            }

            assertRefused(() -> answerCode(otp, "alice", code), "NotAuthorizedException")
                    .hasMessage(SignInAttempts.ATTEMPTS_EXCEEDED);
        }

        @Test
        void anUnknownUserGetsTheSameAnswerAndADecoyEventAndNoCodeWorks() {
            MfaSignIn.Challenge otp = emailOtp("nobody");

            assertThat(otp.name()).isEqualTo("EMAIL_OTP");
            assertThat(otp.parameters()).containsOnlyKeys("CODE_DELIVERY_DELIVERY_MEDIUM", "CODE_DELIVERY_DESTINATION",
                    "USERNAME");
            assertThat(region.codeDelivery().sentTo("nobody")).isEmpty();
            CodeDelivery.Request decoy = region.codeDelivery().decoys().getLast();
            assertRefused(() -> answerCode(otp, "nobody", decoy.code()), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            assertThat(failuresCounted("nobody")).isEqualTo(1);
        }

        @Test
        void anUnverifiedAddressGetsNoCode() {
            User bob = region.signUpConfirmed("bob", PASSWORD, "bob@example.com");
            var attributes = new HashMap<>(bob.attributes());
            attributes.put("email_verified", "false");
            region.inMemoryDirectory().update(bob.withAttributes(attributes, region.clock().instant()), region.leader());
            int sent = region.codeDelivery().sent().size();

            MfaSignIn.Challenge otp = emailOtp("bob");

            assertThat(otp.parameters()).containsEntry("CODE_DELIVERY_DESTINATION", "b***@e***");
            assertThat(region.codeDelivery().sent()).hasSize(sent);
        }

        @Test
        void atMostFiveCodesAnHourGoOutAndTheSixthAskIsAnsweredTheSame() {
            for (int i = 0; i < ChoiceSignIn.CODES_PER_USER_PER_HOUR; i++) {
                emailOtp("alice");
            }
            int sent = region.codeDelivery().sentTo("alice").size();

            MfaSignIn.Challenge sixth = emailOtp("alice");

            assertThat(sixth.name()).isEqualTo("EMAIL_OTP");
            assertThat(region.codeDelivery().sentTo("alice")).hasSize(sent);
            region.clock().advance(Duration.ofHours(1));
            emailOtp("alice");
            assertThat(region.codeDelivery().sentTo("alice")).hasSize(sent + 1);
        }

        @Test
        void aSessionIsTheClientsAndTheUsersOnly() {
            MfaSignIn.Challenge otp = emailOtp("alice");
            String code = region.codeDelivery().lastCodeFor("alice");
            region.signUpConfirmed("bob", PASSWORD, "bob@example.com");
            AppClient other = region.putClient(new AppClient("other-client", "other", Set.of(AppClient.ALLOW_USER_AUTH),
                    Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));

            assertRefused(() -> answerCode(otp, "bob", code), "NotAuthorizedException");
            assertRefused(() -> choice.respond(other.clientId(), "EMAIL_OTP", otp.session(),
                    Map.of("USERNAME", "alice", "EMAIL_OTP_CODE", code)), "NotAuthorizedException");
            // Neither refusal used the session up: its own user and client still sign in.
            assertThat(answerCode(otp, "alice", code)).isInstanceOf(MfaSignIn.Tokens.class);
        }
    }

    @Nested
    class Passkeys {
        @Test
        void aPasskeyAnswerSignsInOnce() {
            MfaSignIn.Challenge ask = challenge(choice.start(CLIENT, Map.of("USERNAME", "alice",
                    "PREFERRED_CHALLENGE", "WEB_AUTHN")));
            String credential = OnePasskey.answer(ask.parameters().get("CREDENTIAL_REQUEST_OPTIONS"));

            MfaSignIn.Step signedIn = choice.respond(CLIENT, "WEB_AUTHN", ask.session(),
                    Map.of("USERNAME", "alice", "CREDENTIAL", credential));

            assertThat(signedIn).isInstanceOf(MfaSignIn.Tokens.class);
            assertRefused(() -> choice.respond(CLIENT, "WEB_AUTHN", ask.session(),
                    Map.of("USERNAME", "alice", "CREDENTIAL", credential)), "NotAuthorizedException");
        }

        @Test
        void preAuthenticationIsAskedOnlyOnceThePasskeyAnswerIsRightAndMayRefuse() {
            String trigger = "http://pre-authentication.test/";
            region.triggerInvoker().serve(trigger, event -> {
                throw new io.cognate.ports.TriggerInvoker.TriggerFailed(
                        io.cognate.ports.TriggerInvoker.TriggerFailed.Kind.FUNCTION_ERROR, "Account on hold");
            });
            io.cognate.domain.triggers.PreTokenGenerationTest.configure(region, Map.of("PreAuthentication", trigger));
            MfaSignIn.Challenge wrong = challenge(choice.start(CLIENT, Map.of("USERNAME", "alice",
                    "PREFERRED_CHALLENGE", "WEB_AUTHN")));
            assertRefused(() -> choice.respond(CLIENT, "WEB_AUTHN", wrong.session(),
                    Map.of("USERNAME", "alice", "CREDENTIAL", "signed:something-else")), "NotAuthorizedException");
            assertThat(region.triggerInvoker().events()).isEmpty();

            MfaSignIn.Challenge ask = challenge(choice.start(CLIENT, Map.of("USERNAME", "alice",
                    "PREFERRED_CHALLENGE", "WEB_AUTHN")));
            String credential = OnePasskey.answer(ask.parameters().get("CREDENTIAL_REQUEST_OPTIONS"));
            assertRefused(() -> choice.respond(CLIENT, "WEB_AUTHN", ask.session(),
                    Map.of("USERNAME", "alice", "CREDENTIAL", credential)), "UserLambdaValidationException");
            assertThat(region.triggerInvoker().events()).singleElement().asString()
                    .contains("\"PreAuthentication_Authentication\"");
        }

        @Test
        void aWrongAssertionIsCountedAndAnUnknownUserIsAskedTheSame() {
            MfaSignIn.Challenge ask = challenge(choice.respond(CLIENT, "SELECT_CHALLENGE", select("alice").session(),
                    Map.of("USERNAME", "alice", "ANSWER", "WEB_AUTHN")));
            MfaSignIn.Challenge nobody = challenge(choice.start(CLIENT, Map.of("USERNAME", "nobody",
                    "PREFERRED_CHALLENGE", "WEB_AUTHN")));

            assertThat(nobody.name()).isEqualTo(ask.name()).isEqualTo("WEB_AUTHN");
            assertThat(nobody.parameters().keySet()).isEqualTo(ask.parameters().keySet());
            assertRefused(() -> choice.respond(CLIENT, "WEB_AUTHN", ask.session(),
                    Map.of("USERNAME", "alice", "CREDENTIAL", "signed:something-else")), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            assertThat(failuresCounted("alice")).isEqualTo(1);
            assertRefused(() -> choice.respond(CLIENT, "WEB_AUTHN", nobody.session(), Map.of("USERNAME", "nobody",
                    "CREDENTIAL", OnePasskey.answer(nobody.parameters().get("CREDENTIAL_REQUEST_OPTIONS")))),
                    "NotAuthorizedException").hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
    }

    @Test
    void aUsersConfiguredFactorsAreThoseTheyCouldSignInWithNow() {
        region.signUp("bob", PASSWORD, "bob@example.com");
        User bob = region.user("bob"); // address not verified yet

        assertThat(choice.configuredFactors(region.user("alice"))).containsExactly("PASSWORD", "EMAIL_OTP", "WEB_AUTHN");
        assertThat(choice.configuredFactors(bob)).containsExactly("PASSWORD", "WEB_AUTHN");
        region.usePasskeys(PasskeyAssertions.none());
        assertThat(region.choiceSignIn().configuredFactors(region.user("alice"))).containsExactly("PASSWORD", "EMAIL_OTP");
    }

    @Test
    void aSessionOfOneStageIsNoGoodForAnother() {
        MfaSignIn.Challenge selection = select("alice");

        assertRefused(() -> choice.respond(CLIENT, "EMAIL_OTP", selection.session(),
                Map.of("USERNAME", "alice", "EMAIL_OTP_CODE", "12345678")), "NotAuthorizedException");
    }

    @Test
    void missingParametersAndUnknownAnswersAreInvalidParameters() {
        assertRefused(() -> choice.start(CLIENT, Map.of()), "InvalidParameterException");
        assertRefused(() -> choice.start(CLIENT, Map.of("USERNAME", "alice", "PREFERRED_CHALLENGE", "SMS_OTP")),
                "InvalidParameterException");
        assertRefused(() -> choice.respond(CLIENT, "SELECT_CHALLENGE", select("alice").session(),
                Map.of("USERNAME", "alice")), "InvalidParameterException");
        assertRefused(() -> choice.respond(CLIENT, "EMAIL_OTP", null, Map.of("USERNAME", "alice",
                "EMAIL_OTP_CODE", "1")), "InvalidParameterException");
    }

    @Test
    void aClientThatDoesNotAllowTheFlowIsRefused() {
        AppClient passwordOnly = region.putClient(new AppClient("password-only", "password only",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));

        assertRefused(() -> choice.start(passwordOnly.clientId(), Map.of("USERNAME", "alice")), "InvalidParameterException")
                .hasMessage("USER_AUTH flow not enabled for this client");
    }
}
