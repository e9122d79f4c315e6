package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.signin.NewPasswordChallenge;
import io.cognate.ports.CodeDelivery;
import io.cognate.testing.InMemoryRegion;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The administrator's user operations and the statuses they lead through, on in-memory stores:
 * invitation with a temporary password (FORCE_CHANGE_PASSWORD), NEW_PASSWORD_REQUIRED, the
 * temporary password's expiry and lockout, disabling, password set and reset (RESET_REQUIRED),
 * confirmation and attributes.
 */
class AdminUsersTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String NEW_PASSWORD = "Battery-Staple-7";
    private static final String WRONG = "Wrong-Password-1";

    private InMemoryRegion region;
    private AdminUsers admin;

    @BeforeEach
    void pool() {
        region = InMemoryRegion.create();
        admin = region.adminUsers();
    }

    private static List<UserAttributes.Attribute> email(String username) {
        return List.of(new UserAttributes.Attribute("email", username + "@example.com"));
    }

    /** AdminCreateUser with the invitation sent; returns the temporary password the mail carried. */
    private String invite(String username) {
        admin.create(POOL, new AdminUsers.Invitation(username, email(username), null, null, List.of()));
        return region.codeDelivery().lastCodeFor(username);
    }

    private MfaSignIn.Step signIn(String username, String password) {
        return region.mfaSignIn().passwordAuth(CLIENT, username, password);
    }

    private MfaSignIn.Challenge challenge(String username, String password) {
        MfaSignIn.Step step = signIn(username, password);
        assertThat(step).isInstanceOf(MfaSignIn.Challenge.class);
        return (MfaSignIn.Challenge) step;
    }

    private MfaSignIn.Step answer(String username, String session, String newPassword) {
        return region.newPasswordChallenge().answer(CLIENT, session,
                Map.of("USERNAME", username, "NEW_PASSWORD", newPassword));
    }

    @Nested
    class Invitation {
        @Test
        void aCreatedUserMustChangeTheTemporaryPasswordTheInvitationCarried() {
            User created = admin.create(POOL, new AdminUsers.Invitation("alice", email("alice"), null, null, List.of()));

            assertThat(created.status()).isEqualTo(UserStatus.FORCE_CHANGE_PASSWORD);
            assertThat(created.enabled()).isTrue();
            assertThat(created.attributes()).containsEntry("email", "alice@example.com")
                    .containsEntry("email_verified", "false");
            assertThat(created.temporaryPasswordExpiresAt())
                    .contains(region.clock().instant().plus(PoolRules.DEFAULT_TEMPORARY_PASSWORD_VALIDITY));
            CodeDelivery.Request mail = region.codeDelivery().lastTo("alice").orElseThrow();
            assertThat(mail.purpose()).isEqualTo(AdminUsers.INVITATION);
            assertThat(mail.destination()).isEqualTo("alice@example.com");
            assertThat(mail.toString()).doesNotContain(mail.code());
            PasswordPolicy.cognitoDefault().check(mail.code());
            assertThat(region.user("alice").hasSrpVerifier()).as("hash and verifier together").isTrue();
        }

        @Test
        void generatedTemporaryPasswordsFollowThePolicyAndDiffer() {
            var random = new SecureRandom();
            var seen = new java.util.HashSet<String>();
            for (int i = 0; i < 200; i++) {
                String password = AdminUsers.temporaryPassword(PasswordPolicy.cognitoDefault(), random);
                PasswordPolicy.cognitoDefault().check(password);
                assertThat(password).hasSize(16);
                seen.add(password);
            }
            assertThat(seen).hasSize(200);
        }

        @Test
        void aGivenTemporaryPasswordMustFollowThePolicyAndSuppressSendsNothing() {
            assertRefused(() -> admin.create(POOL, new AdminUsers.Invitation("bob", email("bob"), "weak", null, List.of())),
                    "InvalidPasswordException");
            admin.create(POOL, new AdminUsers.Invitation("bob", email("bob"), "Given-Temporary-1", "SUPPRESS", List.of()));

            assertThat(region.codeDelivery().sentTo("bob")).isEmpty();
            assertThat(challenge("bob", "Given-Temporary-1").name()).isEqualTo(NewPasswordChallenge.NAME);
        }

        @Test
        void anExistingUsernameSmsAnotherPoolAndAMissingEmailAreRefused() {
            invite("alice");
            assertRefused(() -> invite("ALICE"), "UsernameExistsException").hasMessage("User account already exists");
            assertRefused(() -> admin.create(POOL, new AdminUsers.Invitation("carol", email("carol"), null, null,
                    List.of("SMS"))), "InvalidParameterException").hasMessage(AdminUsers.NO_SMS_CONFIGURATION);
            assertRefused(() -> admin.create("us-east-1_Other", new AdminUsers.Invitation("carol", email("carol"), null,
                    null, List.of())), "ResourceNotFoundException");
            assertRefused(() -> admin.create(POOL, new AdminUsers.Invitation("carol", List.of(), null, null, List.of())),
                    "InvalidParameterException");
            assertRefused(() -> admin.create(POOL, new AdminUsers.Invitation("carol",
                    List.of(new UserAttributes.Attribute("sub", "mine")), null, null, List.of())),
                    "InvalidParameterException");
            assertThat(region.inMemoryDirectory().findByUsername(Username.of("carol"))).isEmpty();
        }

        @Test
        void resendGivesANewTemporaryPasswordOnlyToAUserWhoHasNotChangedTheirs() {
            String first = invite("alice");
            admin.create(POOL, new AdminUsers.Invitation("alice", List.of(), null, "RESEND", List.of()));
            String second = region.codeDelivery().lastCodeFor("alice");

            assertThat(second).isNotEqualTo(first);
            assertRefused(() -> signIn("alice", first), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            assertThat(challenge("alice", second).name()).isEqualTo(NewPasswordChallenge.NAME);
            assertRefused(() -> admin.create(POOL, new AdminUsers.Invitation("nobody", List.of(), null, "RESEND",
                    List.of())), "UserNotFoundException");
            region.signUpConfirmed("dave", NEW_PASSWORD, "dave@example.com");
            assertRefused(() -> admin.create(POOL, new AdminUsers.Invitation("dave", List.of(), null, "RESEND",
                    List.of())), "UnsupportedUserStateException");
        }
    }

    @Nested
    class NewPasswordRequired {
        @Test
        void theTemporaryPasswordAsksForANewOneWhichConfirmsTheUserAndSignsIn() {
            String temporary = invite("alice");
            MfaSignIn.Challenge challenge = challenge("alice", temporary);

            assertThat(challenge.name()).isEqualTo("NEW_PASSWORD_REQUIRED");
            assertThat(challenge.parameters()).containsEntry("USER_ID_FOR_SRP", "alice")
                    .containsEntry("requiredAttributes", "[]")
                    .containsEntry("userAttributes", "{\"email\":\"alice@example.com\",\"email_verified\":\"false\"}");
            assertRefused(() -> answer("alice", challenge.session(), "short"), "InvalidPasswordException");

            MfaSignIn.Step step = answer("alice", challenge.session(), NEW_PASSWORD);

            assertThat(step).isInstanceOf(MfaSignIn.Tokens.class);
            assertThat(region.lockoutCounters().read("alice").map(c -> c.failures()).orElse(0))
                    .as("the count starts again").isZero();
            User alice = region.user("alice");
            assertThat(alice.status()).isEqualTo(UserStatus.CONFIRMED);
            assertThat(alice.temporaryPasswordExpiresAt()).isEmpty();
            assertThat(signIn("alice", NEW_PASSWORD)).isInstanceOf(MfaSignIn.Tokens.class);
            assertRefused(() -> signIn("alice", temporary), "NotAuthorizedException");
        }

        @Test
        void theSessionWorksOnceAndOnlyForItsUserAndClient() {
            String temporary = invite("alice");
            String session = challenge("alice", temporary).session();
            invite("bob");

            assertRefused(() -> answer("bob", session, NEW_PASSWORD), "NotAuthorizedException")
                    .hasMessage(ChallengeSessions.INVALID);
            answer("alice", session, NEW_PASSWORD);
            assertRefused(() -> answer("alice", session, "Another-Password-8"), "NotAuthorizedException")
                    .hasMessage(ChallengeSessions.INVALID);
            assertThat(signIn("alice", NEW_PASSWORD)).isInstanceOf(MfaSignIn.Tokens.class);
        }

        @Test
        void aUserChangedSinceTheChallengeCannotBeAnsweredForAndAUserMayNotVerifyTheirOwnEmail() {
            String temporary = invite("alice");
            String session = challenge("alice", temporary).session();
            var verified = new HashMap<String, String>(Map.of("USERNAME", "alice", "NEW_PASSWORD", NEW_PASSWORD,
                    "userAttributes.email_verified", "true"));
            assertRefused(() -> region.newPasswordChallenge().answer(CLIENT, session, verified), "NotAuthorizedException")
                    .hasMessage(UserAttributes.UNAUTHORIZED_WRITE);

            admin.setPassword(POOL, "alice", "Reissued-Temporary-2", false);
            assertRefused(() -> answer("alice", session, NEW_PASSWORD), "NotAuthorizedException")
                    .hasMessage(ChallengeSessions.INVALID);
        }

        @Test
        void userAttributesTheClientMayWriteAreStoredWithTheNewPassword() {
            String temporary = invite("alice");
            String session = challenge("alice", temporary).session();
            region.newPasswordChallenge().answer(CLIENT, session, Map.of("USERNAME", "alice",
                    "NEW_PASSWORD", NEW_PASSWORD, "userAttributes.name", "Alice Liddell"));

            assertThat(region.user("alice").attributes()).containsEntry("name", "Alice Liddell");
        }

        @Test
        void aPoolWithMfaOnAsksForTheSecondFactorAfterTheNewPassword() {
            region = InMemoryRegion.builder().mfa(MfaConfiguration.ON).build();
            admin = region.adminUsers();
            String session = challenge("alice", invite("alice")).session();

            MfaSignIn.Step step = answer("alice", session, NEW_PASSWORD);

            assertThat(step).isInstanceOf(MfaSignIn.Challenge.class);
            assertThat(((MfaSignIn.Challenge) step).name()).isEqualTo("MFA_SETUP");
        }

        @Test
        void theAnswerIsRefusedWhereTheRegionDoesNotLead() {
            String session = challenge("alice", invite("alice")).session();
            region.handLeadershipTo("eu-west-1");

            assertRefused(() -> answer("alice", session, NEW_PASSWORD), "OperationNotEnabledException");
            assertThat(region.user("alice").status()).isEqualTo(UserStatus.FORCE_CHANGE_PASSWORD);
        }

        @Test
        void anExpiredTemporaryPasswordIsRefusedOnlyAfterItIsGivenRight() {
            String temporary = invite("alice");
            region.clock().advance(PoolRules.DEFAULT_TEMPORARY_PASSWORD_VALIDITY);

            assertRefused(() -> signIn("alice", temporary), "NotAuthorizedException")
                    .hasMessage(IdentityService.TEMPORARY_PASSWORD_EXPIRED);
            assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);

            admin.setPassword(POOL, "alice", "Reissued-Temporary-2", false);
            assertThat(challenge("alice", "Reissued-Temporary-2").name()).isEqualTo(NewPasswordChallenge.NAME);
        }

        @Test
        void guessesAtTheTemporaryPasswordLockTheAccountLikeAnyPassword() {
            String temporary = invite("alice");
            int allowed = region.signInAttempts().policy().maxFailures();
            for (int i = 0; i < allowed; i++) {
                assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException");
            }

            assertRefused(() -> signIn("alice", temporary), "NotAuthorizedException")
                    .hasMessage(SignInAttempts.ATTEMPTS_EXCEEDED);
            assertRefused(() -> region.mfaSignIn().adminPasswordAuth(CLIENT, "alice", temporary, null),
                    "NotAuthorizedException").hasMessage(SignInAttempts.ATTEMPTS_EXCEEDED);
        }
    }

    @Nested
    class Statuses {
        @Test
        void aDisabledUserIsToldSoOnlyWithTheRightPasswordAndCannotRefresh() {
            region.signUpConfirmed("alice", NEW_PASSWORD, "alice@example.com");
            String refreshToken = region.signIn("alice", NEW_PASSWORD).refreshToken().orElseThrow();

            admin.disable(POOL, "alice");

            assertRefused(() -> signIn("alice", NEW_PASSWORD), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.USER_DISABLED);
            assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            assertRefused(() -> region.sessionService().refresh(CLIENT, refreshToken,
                    io.cognate.domain.sessions.SessionService.ClientProof.secretHash(null)), "NotAuthorizedException");
            assertThat(admin.get(POOL, "alice").enabled()).isFalse();

            admin.enable(POOL, "alice");
            assertThat(signIn("alice", NEW_PASSWORD)).isInstanceOf(MfaSignIn.Tokens.class);
            assertRefused(() -> region.sessionService().refresh(CLIENT, refreshToken,
                    io.cognate.domain.sessions.SessionService.ClientProof.secretHash(null)), "NotAuthorizedException")
                    .as("disabling signed the user out everywhere").hasMessage("Refresh Token has been revoked");
        }

        @Test
        void aPermanentPasswordConfirmsAndATemporaryOneMustBeChanged() {
            region.signUp("alice", NEW_PASSWORD, "alice@example.com");
            assertRefused(() -> admin.setPassword(POOL, "alice", "weak", true), "InvalidPasswordException");

            admin.setPassword(POOL, "alice", "Permanent-Password-3", true);
            assertThat(region.user("alice").status()).isEqualTo(UserStatus.CONFIRMED);
            assertThat(signIn("alice", "Permanent-Password-3")).isInstanceOf(MfaSignIn.Tokens.class);

            admin.setPassword(POOL, "alice", "Temporary-Password-4", false);
            assertThat(region.user("alice").status()).isEqualTo(UserStatus.FORCE_CHANGE_PASSWORD);
            assertThat(challenge("alice", "Temporary-Password-4").name()).isEqualTo(NewPasswordChallenge.NAME);
            assertRefused(() -> admin.setPassword(POOL, "nobody", "Permanent-Password-3", true), "UserNotFoundException");
        }

        @Test
        void aResetPasswordNoLongerSignsInAndTheCodeSentSetsANewOne() {
            region.signUpConfirmed("alice", NEW_PASSWORD, "alice@example.com");

            admin.resetPassword(POOL, "alice");

            assertThat(region.user("alice").status()).isEqualTo(UserStatus.RESET_REQUIRED);
            assertRefused(() -> signIn("alice", NEW_PASSWORD), "PasswordResetRequiredException");
            assertRefused(() -> signIn("alice", WRONG), "NotAuthorizedException");
            String code = region.codeDelivery().lastCodeFor("alice");
            region.accountService().confirmForgotPassword(CLIENT, "alice", code, "After-Reset-Password-5");
            assertThat(region.user("alice").status()).isEqualTo(UserStatus.CONFIRMED);
            assertThat(signIn("alice", "After-Reset-Password-5")).isInstanceOf(MfaSignIn.Tokens.class);
        }

        @Test
        void aResetNeedsAVerifiedAddressAndAPasswordToReset() {
            invite("alice");
            assertRefused(() -> admin.resetPassword(POOL, "alice"), "NotAuthorizedException");
            region.signUp("bob", NEW_PASSWORD, "bob@example.com");
            assertRefused(() -> admin.resetPassword(POOL, "bob"), "NotAuthorizedException");
            region.signUpConfirmed("carol", NEW_PASSWORD, "carol@example.com");
            admin.updateAttributes(POOL, "carol", List.of(new UserAttributes.Attribute("email_verified", "false")));
            assertRefused(() -> admin.resetPassword(POOL, "carol"), "InvalidParameterException");
        }

        @Test
        void confirmingSignUpWorksOnceAndVerifiesNothing() {
            region.signUp("alice", NEW_PASSWORD, "alice@example.com");

            admin.confirmSignUp(POOL, "alice");

            assertThat(region.user("alice").status()).isEqualTo(UserStatus.CONFIRMED);
            assertThat(region.user("alice").attributes()).containsEntry("email_verified", "false");
            assertRefused(() -> admin.confirmSignUp(POOL, "alice"), "NotAuthorizedException")
                    .hasMessage("User cannot be confirmed. Current status is CONFIRMED");
        }

        @Test
        void anAdministratorWritesVerifiedFlagsButNeverSub() {
            region.signUpConfirmed("alice", NEW_PASSWORD, "alice@example.com");

            admin.updateAttributes(POOL, "alice", List.of(new UserAttributes.Attribute("email", "new@example.com"),
                    new UserAttributes.Attribute("custom:tier", "gold")));
            assertThat(region.user("alice").attributes()).containsEntry("email", "new@example.com")
                    .containsEntry("email_verified", "false").containsEntry("custom:tier", "gold");
            admin.updateAttributes(POOL, "alice", List.of(new UserAttributes.Attribute("email_verified", "true")));
            assertThat(region.user("alice").attributes()).containsEntry("email_verified", "true");
            assertRefused(() -> admin.updateAttributes(POOL, "alice", List.of(new UserAttributes.Attribute("sub", "x"))),
                    "InvalidParameterException");

            admin.deleteAttributes(POOL, "alice", List.of("custom:tier", "name"));
            assertThat(region.user("alice").attributes()).doesNotContainKey("custom:tier");
            assertRefused(() -> admin.deleteAttributes(POOL, "alice", List.of("email")), "InvalidParameterException");
        }

        @Test
        void aDeletedUserIsGoneAndUnknownUsersAreNamedAsSuch() {
            region.signUpConfirmed("alice", NEW_PASSWORD, "alice@example.com");

            admin.delete(POOL, "alice");

            assertRefused(() -> admin.get(POOL, "alice"), "UserNotFoundException");
            assertRefused(() -> admin.delete(POOL, "alice"), "UserNotFoundException");
            assertRefused(() -> admin.disable(POOL, "alice"), "UserNotFoundException");
            assertRefused(() -> admin.globalSignOut(POOL, "alice"), "UserNotFoundException");
            assertRefused(() -> admin.get("us-east-1_Other", "alice"), "ResourceNotFoundException");
        }

        @Test
        void globalSignOutEndsEverySessionOfTheUser() {
            region.signUpConfirmed("alice", NEW_PASSWORD, "alice@example.com");
            String refreshToken = region.signIn("alice", NEW_PASSWORD).refreshToken().orElseThrow();
            region.clock().advance(Duration.ofSeconds(1));

            admin.globalSignOut(POOL, "alice");

            assertRefused(() -> region.sessionService().refresh(CLIENT, refreshToken,
                    io.cognate.domain.sessions.SessionService.ClientProof.secretHash(null)), "NotAuthorizedException");
        }

        @Test
        void anAdminSignInNeedsTheClientToAllowTheAdminFlow() {
            region.signUpConfirmed("alice", NEW_PASSWORD, "alice@example.com");
            assertThat(region.mfaSignIn().adminPasswordAuth(CLIENT, "alice", NEW_PASSWORD, null))
                    .isInstanceOf(MfaSignIn.Tokens.class);
            region.putClient(new AppClient("no-admin", "no admin", java.util.Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                    Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));

            assertRefused(() -> region.mfaSignIn().adminPasswordAuth("no-admin", "alice", NEW_PASSWORD, null),
                    "InvalidParameterException");
        }
    }
}
