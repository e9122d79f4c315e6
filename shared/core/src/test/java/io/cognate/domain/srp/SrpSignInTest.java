package io.cognate.domain.srp;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.IdentityService;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.SrpClaimant;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * USER_SRP_AUTH's rules on in-memory stores: who may sign in, what every refusal looks like and
 * what it counts, and where verifiers come from. The claims here come from {@link SrpClaimant}, a
 * client built on the server's own {@link SrpGroup}; that the protocol matches Cognito's clients
 * is shown against an independent client in the integration tests.
 */
class SrpSignInTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String WRONG = "Wrong-Password-1";

    private InMemoryRegion region;
    private SrpSignIn srp;

    @BeforeEach
    void region() {
        region = InMemoryRegion.create();
        srp = region.srpSignIn();
    }

    private String now() {
        return PasswordClaims.TIMESTAMP.format(region.clock().instant());
    }

    private IdentityService.PasswordChecked signIn(String username, String password) {
        SrpClaimant claimant = new SrpClaimant();
        Map<String, String> challenge = srp.start(CLIENT, username, claimant.srpA());
        return srp.answer(CLIENT, claimant.claim(challenge, password, now()));
    }

    private int failuresCounted(String username) {
        return region.lockoutCounters().read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    @Test
    void theRightPasswordSignsInAndTheSecondFactorFollowsAsForThePasswordFlow() {
        User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");

        IdentityService.PasswordChecked checked = signIn("alice", PASSWORD);

        assertThat(checked.user().sub()).isEqualTo(alice.sub());
        MfaSignIn.Step step = region.mfaSignIn().afterPassword(checked);
        assertThat(step).isInstanceOf(MfaSignIn.Tokens.class);
    }

    @Test
    void theChallengeNamesTheFoldedUsernameForRealAndUnknownUsersAlikeAndEitherCaseSignsIn() {
        region.signUpConfirmed("Alice", PASSWORD, "alice@example.com");

        Map<String, String> real = srp.start(CLIENT, "ALICE", new SrpClaimant().srpA());
        Map<String, String> unknown = srp.start(CLIENT, "NOBODY", new SrpClaimant().srpA());

        // The stored spelling ("Alice") would tell, when typed otherwise, that the user exists.
        assertThat(real).containsEntry("USER_ID_FOR_SRP", "alice").containsEntry("USERNAME", "alice");
        assertThat(unknown).containsEntry("USER_ID_FOR_SRP", "nobody").containsEntry("USERNAME", "nobody");
        assertThat(real).containsOnlyKeys("SALT", "SRP_B", "SECRET_BLOCK", "USERNAME", "USER_ID_FOR_SRP");
        assertThat(signIn("aLiCe", PASSWORD).user().username().value()).isEqualTo("Alice");
    }

    @Test
    void preAuthenticationIsAskedOnlyOnceTheProofIsRightAndMayRefuse() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        String trigger = "http://pre-authentication.test/";
        region.triggerInvoker().serve(trigger, event -> {
            throw new io.cognate.ports.TriggerInvoker.TriggerFailed(
                    io.cognate.ports.TriggerInvoker.TriggerFailed.Kind.FUNCTION_ERROR, "Account on hold");
        });
        io.cognate.domain.triggers.PreTokenGenerationTest.configure(region, Map.of("PreAuthentication", trigger));

        assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        assertRefused(() -> signIn("nobody", PASSWORD), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        assertThat(region.triggerInvoker().events()).isEmpty();

        assertRefused(() -> signIn("alice", PASSWORD), "UserLambdaValidationException");
        assertThat(region.triggerInvoker().events()).singleElement().asString()
                .contains("\"PreAuthentication_Authentication\"").doesNotContain(PASSWORD);
    }

    @Test
    void aClaimSignsInOnce() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        SrpClaimant claimant = new SrpClaimant();
        Map<String, String> responses = claimant.claim(srp.start(CLIENT, "alice", claimant.srpA()), PASSWORD, now());

        assertThat(srp.answer(CLIENT, responses).user().username().value()).isEqualTo("alice");
        assertRefused(() -> srp.answer(CLIENT, responses), "NotAuthorizedException").hasMessage(MfaSignIn.USED_ONCE);
    }

    @Test
    void aWrongPasswordIsRefusedAsThePasswordFlowRefusesItAndCountedOnce() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");

        assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
        assertRefused(() -> region.identityService().passwordAuth(CLIENT, "alice", WRONG), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);

        assertThat(failuresCounted("alice")).isEqualTo(2);
    }

    @Nested
    class AnUnknownUser {
        @Test
        void getsAChallengeShapedLikeARealOneWithASaltThatStaysTheSame() {
            region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
            Map<String, String> real = srp.start(CLIENT, "alice", new SrpClaimant().srpA());

            Map<String, String> first = srp.start(CLIENT, "nobody", new SrpClaimant().srpA());
            Map<String, String> second = srp.start(CLIENT, "nobody", new SrpClaimant().srpA());

            assertThat(first.keySet()).isEqualTo(real.keySet());
            assertThat(first.get("SALT")).isEqualTo(second.get("SALT")).isNotEqualTo(real.get("SALT"));
            assertThat(first.get("SRP_B")).isNotEqualTo(second.get("SRP_B"));
            assertThat(first.get("USER_ID_FOR_SRP")).isEqualTo("nobody");
            // As long as a real challenge's: the decoy's block carries numbers of the same size.
            assertThat(Math.abs(first.get("SECRET_BLOCK").length() - real.get("SECRET_BLOCK").length())).isLessThan(16);
        }

        @Test
        void isRefusedAsAWrongPasswordIsAndCountedTheSame() {
            assertRefused(() -> signIn("nobody", PASSWORD), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            assertThat(failuresCounted("nobody")).isEqualTo(1);
        }
    }

    @Test
    void aLockedUserGetsWhatThePasswordFlowGivesEvenWithTheRightPassword() {
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        int allowed = LockoutPolicy.cognitoDefault().maxFailures();
        for (int i = 0; i < allowed; i++) {
            assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException");
        }

        assertRefused(() -> signIn("alice", PASSWORD), "NotAuthorizedException")
                .hasMessage(SignInAttempts.ATTEMPTS_EXCEEDED);
        assertRefused(() -> region.identityService().passwordAuth(CLIENT, "alice", PASSWORD), "NotAuthorizedException")
                .hasMessage(SignInAttempts.ATTEMPTS_EXCEEDED);
    }

    @Test
    void aDisabledUserIsToldSoOnlyAfterTheRightPassword() {
        User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.inMemoryDirectory().update(alice.withEnabled(false, region.clock().instant()), region.leader());

        assertRefused(() -> signIn("alice", PASSWORD), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.USER_DISABLED);
        assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
    }

    @Test
    void anInvitedUserProvingTheTemporaryPasswordIsAskedForANewOneAndAResetUserToReset() {
        region.adminUsers().create(InMemoryRegion.USER_POOL_ID, new io.cognate.domain.AdminUsers.Invitation("carol",
                java.util.List.of(new io.cognate.domain.UserAttributes.Attribute("email", "carol@example.com")),
                "Temporary-Pass-1", "SUPPRESS", java.util.List.of()));

        MfaSignIn.Step step = region.mfaSignIn().afterPassword(signIn("carol", "Temporary-Pass-1"));

        assertThat(step).isInstanceOfSatisfying(MfaSignIn.Challenge.class,
                challenge -> assertThat(challenge.name()).isEqualTo("NEW_PASSWORD_REQUIRED"));
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.adminUsers().resetPassword(InMemoryRegion.USER_POOL_ID, "alice");
        assertRefused(() -> signIn("alice", PASSWORD), "PasswordResetRequiredException");
        assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException")
                .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
    }

    @Test
    void anUnconfirmedUserWithTheRightPasswordIsToldToConfirm() {
        region.signUp("alice", PASSWORD, "alice@example.com");

        assertRefused(() -> signIn("alice", PASSWORD), "UserNotConfirmedException");
        assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException");
    }

    @Nested
    class Verifiers {
        @Test
        void areSealedAndMadeAtSignUp() {
            User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");

            assertThat(alice.hasSrpVerifier()).isTrue();
            assertThat(alice.srpVerifier()).doesNotContain(SrpGroup.hex(
                    region.srpVerifiers().open(alice.sub(), alice.srpVerifier()).verifier()));
        }

        @Test
        void followAPasswordChangeSoTheOldPasswordNoLongerSignsIn() {
            region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
            String accessToken = region.signIn("alice", PASSWORD).accessToken();

            region.accountService().changePassword(accessToken, PASSWORD, "Battery-Staple-7");

            assertRefused(() -> signIn("alice", PASSWORD), "NotAuthorizedException");
            assertThat(signIn("alice", "Battery-Staple-7").user().username().value()).isEqualTo("alice");
        }

        @Test
        void followAPasswordReset() {
            region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
            region.accountService().forgotPassword(CLIENT, "alice");
            region.accountService().confirmForgotPassword(CLIENT, "alice",
                    region.codeDelivery().lastCodeFor("alice"), "Battery-Staple-7");

            assertRefused(() -> signIn("alice", PASSWORD), "NotAuthorizedException");
            assertThat(signIn("alice", "Battery-Staple-7").user().sub()).isEqualTo(region.user("alice").sub());
        }

        @Test
        void areMadeAtTheNextPasswordSignInForAUserWhoHasNone() {
            User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
            User withoutVerifier = region.inMemoryDirectory().update(
                    alice.withSrpVerifier("", region.clock().instant()), region.leader());
            assertThat(withoutVerifier.hasSrpVerifier()).isFalse();
            assertRefused(() -> signIn("alice", PASSWORD), "NotAuthorizedException");

            region.signIn("alice", PASSWORD);

            assertThat(region.user("alice").hasSrpVerifier()).isTrue();
            assertThat(signIn("alice", PASSWORD).user().sub()).isEqualTo(alice.sub());
        }

        @Test
        void areNotMadeWhereTheRegionDoesNotLeadAndThePasswordSignInStillWorks() {
            User alice = region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
            region.inMemoryDirectory().update(alice.withSrpVerifier("", region.clock().instant()), region.leader());
            region.handLeadershipTo("us-west-2");

            assertThat(region.signIn("alice", PASSWORD).accessToken()).isNotEmpty();
            assertThat(region.user("alice").hasSrpVerifier()).isFalse();
        }
    }

    @Nested
    class TheSecretBlock {
        private SrpClaimant claimant;
        private Map<String, String> challenge;

        @BeforeEach
        void challenge() {
            region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
            claimant = new SrpClaimant();
            challenge = srp.start(CLIENT, "alice", claimant.srpA());
        }

        @Test
        void alteredIsRefused() {
            Map<String, String> responses = claimant.claim(challenge, PASSWORD, now());
            byte[] block = Base64.getDecoder().decode(responses.get("PASSWORD_CLAIM_SECRET_BLOCK"));
            block[block.length / 2] ^= 1;
            responses.put("PASSWORD_CLAIM_SECRET_BLOCK", Base64.getEncoder().encodeToString(block));

            assertRefused(() -> srp.answer(CLIENT, responses), "NotAuthorizedException");
        }

        @Test
        void isRefusedAfterItsThreeMinutes() {
            Map<String, String> responses = claimant.claim(challenge, PASSWORD, now());
            region.clock().advance(ChallengeSessions.VALIDITY.plusSeconds(1));

            assertRefused(() -> srp.answer(CLIENT, responses), "NotAuthorizedException");
        }

        @Test
        void isRefusedForAnotherClientOrAnotherUser() {
            AppClient other = region.putClient(new AppClient("other-client", "other",
                    Set.of(AppClient.ALLOW_USER_SRP_AUTH), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));
            region.signUpConfirmed("bob", PASSWORD, "bob@example.com");
            Map<String, String> responses = claimant.claim(challenge, PASSWORD, now());

            assertRefused(() -> srp.answer(other.clientId(), responses), "NotAuthorizedException");
            responses.put("USERNAME", "bob");
            assertRefused(() -> srp.answer(CLIENT, responses), "NotAuthorizedException");
        }

        @Test
        void madeBeforeAPasswordChangeSignsInNobody() {
            Map<String, String> responses = claimant.claim(challenge, PASSWORD, now());
            String accessToken = region.signIn("alice", PASSWORD).accessToken();
            region.accountService().changePassword(accessToken, PASSWORD, "Battery-Staple-7");

            assertRefused(() -> srp.answer(CLIENT, responses), "NotAuthorizedException");
        }
    }

    @Test
    void badNumbersAndMissingParametersAreInvalidParameters() {
        assertRefused(() -> srp.start(CLIENT, "alice", SrpGroup.hex(SrpGroup.N)), "InvalidParameterException");
        assertRefused(() -> srp.start(CLIENT, "alice", "0"), "InvalidParameterException");
        assertRefused(() -> srp.start(CLIENT, "alice", "not-hex"), "InvalidParameterException");
        assertRefused(() -> srp.start(CLIENT, "alice", null), "InvalidParameterException");
        assertRefused(() -> srp.start(CLIENT, "", new SrpClaimant().srpA()), "InvalidParameterException");
        assertRefused(() -> srp.answer(CLIENT, Map.of("USERNAME", "alice")), "InvalidParameterException");
        assertRefused(() -> srp.answer(CLIENT, Map.of("USERNAME", "alice", "PASSWORD_CLAIM_SECRET_BLOCK", "x",
                "PASSWORD_CLAIM_SIGNATURE", "x", "TIMESTAMP", "yesterday")), "InvalidParameterException");
    }

    @Test
    void aClientThatDoesNotAllowTheFlowIsRefused() {
        AppClient passwordOnly = region.putClient(new AppClient("password-only", "password only",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));

        assertRefused(() -> srp.start(passwordOnly.clientId(), "alice", new SrpClaimant().srpA()), "InvalidParameterException")
                .hasMessage("USER_SRP_AUTH flow not enabled for this client");
    }

    @Test
    void timestampsAreCognitosFormat() {
        assertThat(PasswordClaims.TIMESTAMP.format(Instant.parse("2026-12-01T21:42:03Z"))).isEqualTo("Tue Dec 1 21:42:03 UTC 2026");
        assertThat(PasswordClaims.TIMESTAMP.format(Instant.parse("2026-11-25T09:05:07Z"))).isEqualTo("Wed Nov 25 09:05:07 UTC 2026");
    }
}
