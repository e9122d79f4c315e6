package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.IdentityService.CodeDeliveryDetails;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.ports.CodeDelivery;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.RecordingCodeDelivery;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ForgotPassword, ConfirmForgotPassword, ChangePassword, UpdateUserAttributes,
 * VerifyUserAttribute and DeleteUser on in-memory stores, and what a guess built on a stale read
 * can and cannot do.
 */
class AccountServiceTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String NEW_PASSWORD = "Battery-Staple-7";
    private static final String WRONG_PASSWORD = "Wrong-Password-1";
    private static final String EMAIL = "alice@example.com";
    private static final String NEW_EMAIL = "new.alice@example.net";

    private InMemoryRegion region;
    private AccountService accounts;
    private IdentityService identity;
    private RecordingCodeDelivery mailbox;
    private User alice;

    @BeforeEach
    void confirmedUser() {
        region = InMemoryRegion.create();
        accounts = region.accountService();
        identity = region.identityService();
        mailbox = region.codeDelivery();
        alice = region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
    }

    private String accessToken() {
        return region.signIn(ALICE, PASSWORD).accessToken();
    }

    private PendingCode pendingCode() {
        return region.user(ALICE).confirmationCode().orElseThrow();
    }

    private boolean signsInWith(String password) {
        try {
            region.signIn(ALICE, password);
            return true;
        } catch (CognitoException refused) {
            return false;
        }
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static List<UserAttributes.Attribute> attribute(String name, String value) {
        return List.of(new UserAttributes.Attribute(name, value));
    }

    @Nested
    class ForgotPassword {
        @Test
        void aConfirmedUserIsSentAResetCodeValidForAnHour() {
            CodeDeliveryDetails details = accounts.forgotPassword(CLIENT, ALICE);

            assertThat(details).isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            CodeDelivery.Request sent = mailbox.lastTo(ALICE).orElseThrow();
            assertThat(sent.purpose()).isEqualTo("ForgotPassword");
            assertThat(sent.destination()).isEqualTo(EMAIL);
            assertThat(pendingCode().expiresAt()).isEqualTo(region.clock().instant().plus(AccountService.RESET_CODE_TTL));
        }

        @Test
        void anUnknownUserGetsResendConfirmationCodesDecoyAndNothingIsSent() {
            int sent = mailbox.sent().size();

            CodeDeliveryDetails decoy = accounts.forgotPassword(CLIENT, "nobody");

            assertThat(decoy).isEqualTo(identity.resendConfirmationCode(CLIENT, "nobody"));
            assertThat(decoy.destination()).matches("[a-z]\\*\\*\\*@[a-z]\\*\\*\\*");
            assertThat(mailbox.sent()).hasSize(sent);
        }

        @Test
        void anUnconfirmedOrDisabledUserGetsTheirMaskedAddressButNoCode() {
            region.signUp("bob", PASSWORD, "bob@example.org");
            User carol = region.signUpConfirmed("carol", PASSWORD, "carol@example.org");
            region.inMemoryDirectory().update(carol.withEnabled(false, region.clock().instant()), region.leader());
            int sent = mailbox.sent().size();

            assertThat(accounts.forgotPassword(CLIENT, "bob").destination()).isEqualTo("b***@e***");
            assertThat(accounts.forgotPassword(CLIENT, "carol").destination()).isEqualTo("c***@e***");
            assertThat(mailbox.sent()).hasSize(sent);
        }

        /**
         * Cognito sends a reset code only to a verified address. A changed address stays pending
         * until verified, so the reset code goes to the old, verified one, never to an address
         * typed by whoever held an access token for a moment.
         */
        @Test
        void aResetCodeIsSentOnlyToAVerifiedAddress() {
            accounts.updateUserAttributes(accessToken(), attribute("email", NEW_EMAIL));
            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL).containsEntry("email_verified", "true");

            CodeDeliveryDetails details = accounts.forgotPassword(CLIENT, ALICE);

            assertThat(details.deliveryMedium()).isEqualTo("EMAIL");
            assertThat(mailbox.sentTo(ALICE)).filteredOn(request -> request.purpose().equals("ForgotPassword"))
                    .allSatisfy(request -> assertThat(request.destination()).isEqualTo(EMAIL));
        }

        @Test
        void pastTheHourlySendLimitTheAnswerIsTheSameButNothingIsSent() {
            for (int i = 0; i < PendingCode.MAX_SENDS; i++) {
                accounts.forgotPassword(CLIENT, ALICE);
            }
            List<CodeDelivery.Request> sent = mailbox.sentTo(ALICE);

            assertThat(accounts.forgotPassword(CLIENT, ALICE))
                    .isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            assertThat(mailbox.sentTo(ALICE)).isEqualTo(sent);
        }
    }

    @Nested
    class ConfirmForgotPassword {
        private String code;

        @BeforeEach
        void resetCodeSent() {
            accounts.forgotPassword(CLIENT, ALICE);
            code = mailbox.lastCodeFor(ALICE);
        }

        @Test
        void theRightCodeSetsTheNewPasswordOnce() {
            accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD);

            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
            assertThat(signsInWith(PASSWORD)).isFalse();
            assertThat(region.user(ALICE).confirmationCode()).isEmpty();
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, code, "Third-Password-3"),
                    "CodeMismatchException");
            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
        }

        @Test
        void aWrongCodeIsCountedAndChangesNothing() {
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), NEW_PASSWORD),
                    "CodeMismatchException").hasMessage("Invalid verification code provided, please try again.");

            assertThat(pendingCode().failedAttempts()).isEqualTo(1);
            assertThat(signsInWith(PASSWORD)).isTrue();
        }

        @Test
        void afterFiveWrongCodesTheRightOneIsRefused() {
            for (int i = 0; i < PendingCode.MAX_FAILED_ATTEMPTS; i++) {
                assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), NEW_PASSWORD),
                        "CodeMismatchException");
            }

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD),
                    "CodeMismatchException");
            assertThat(signsInWith(NEW_PASSWORD)).isFalse();
        }

        @Test
        void aPasswordThatBreaksThePolicyIsRefusedBeforeTheCodeIsLookedAt() {
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), "weak"),
                    "InvalidPasswordException");

            assertThat(pendingCode().failedAttempts()).isZero();
            accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD);
        }

        @Test
        void anExpiredCodeIsRefusedAsExpired() {
            region.clock().advance(AccountService.RESET_CODE_TTL);

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD),
                    "ExpiredCodeException");
            assertThat(signsInWith(PASSWORD)).isTrue();
        }

        @Test
        void anUnknownOrUnconfirmedUserIsAnsweredAsAWrongCode() {
            region.signUp("bob", PASSWORD, "bob@example.org");

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, "nobody", code, NEW_PASSWORD),
                    "CodeMismatchException");
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, "bob", mailbox.lastCodeFor("bob"),
                    NEW_PASSWORD), "CodeMismatchException");
        }

        @Test
        void aCodeSentToVerifyAnAddressDoesNotResetThePassword() {
            accounts.updateUserAttributes(accessToken(), attribute("email", NEW_EMAIL));
            String verification = mailbox.lastCodeFor(ALICE);

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, verification, NEW_PASSWORD),
                    "CodeMismatchException");
            assertThat(signsInWith(PASSWORD)).isTrue();
        }
    }

    @Nested
    class ChangePassword {
        @Test
        void theRightPreviousPasswordChangesIt() {
            accounts.changePassword(accessToken(), PASSWORD, NEW_PASSWORD);

            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
            assertThat(signsInWith(PASSWORD)).isFalse();
        }

        @Test
        void aWrongPreviousPasswordIsRefusedLikeAWrongSignIn() {
            String token = accessToken();

            assertRefused(() -> accounts.changePassword(token, WRONG_PASSWORD, NEW_PASSWORD), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
            assertThat(signsInWith(PASSWORD)).isTrue();
        }

        @Test
        void wrongPreviousPasswordsCountTowardTheLockoutUntilEvenTheRightOneIsRefused() {
            String token = accessToken();
            for (int i = 0; i < LockoutPolicy.cognitoDefault().maxFailures(); i++) {
                assertRefused(() -> accounts.changePassword(token, WRONG_PASSWORD, NEW_PASSWORD),
                        "NotAuthorizedException").hasMessage("Incorrect username or password.");
            }

            assertRefused(() -> accounts.changePassword(token, PASSWORD, NEW_PASSWORD), "NotAuthorizedException")
                    .hasMessage("Password attempts exceeded");
            assertRefused(() -> region.signIn(ALICE, PASSWORD), "NotAuthorizedException")
                    .hasMessage("Password attempts exceeded");
            assertThat(region.passwordHasher().matches(PASSWORD, region.user(ALICE).passwordHash())).isTrue();
        }

        @Test
        void aProposedPasswordThatBreaksThePolicyIsRefused() {
            String token = accessToken();

            assertRefused(() -> accounts.changePassword(token, PASSWORD, "password"), "InvalidPasswordException");
            assertRefused(() -> accounts.changePassword(token, PASSWORD, null), "InvalidParameterException");
            assertRefused(() -> accounts.changePassword(token, "", NEW_PASSWORD), "InvalidParameterException")
                    .hasMessage("PreviousPassword is required to change a password.");
            assertThat(signsInWith(PASSWORD)).isTrue();
        }

        @Test
        void anInvalidAccessTokenIsRefused() {
            assertRefused(() -> accounts.changePassword("not-a-token", PASSWORD, NEW_PASSWORD),
                    "NotAuthorizedException").hasMessage("Invalid Access Token");
            assertThat(signsInWith(PASSWORD)).isTrue();
        }

        @Test
        void aPasswordChangeKeepsTheHoursCodeCount() {
            accounts.forgotPassword(CLIENT, ALICE);
            String code = mailbox.lastCodeFor(ALICE);
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), NEW_PASSWORD),
                    "CodeMismatchException");
            PendingCode before = pendingCode();

            accounts.changePassword(accessToken(), PASSWORD, NEW_PASSWORD);

            assertThat(pendingCode()).isEqualTo(before);
        }
    }

    @Nested
    class UpdateUserAttributes {
        @Test
        void aChangeOtherThanTheEmailAddressIsStoredWithoutACode() {
            int sent = mailbox.sent().size();

            List<CodeDeliveryDetails> deliveries = accounts.updateUserAttributes(accessToken(),
                    List.of(new UserAttributes.Attribute("given_name", "Alice"),
                            new UserAttributes.Attribute("email", EMAIL)));

            assertThat(deliveries).isEmpty();
            assertThat(region.user(ALICE).attributes()).containsEntry("given_name", "Alice")
                    .containsEntry("email", EMAIL).containsEntry("email_verified", "true");
            assertThat(mailbox.sent()).hasSize(sent);
        }

        @Test
        void aNewEmailAddressStaysPendingUntilTheCodeSentToItComesBack() {
            List<CodeDeliveryDetails> deliveries = accounts.updateUserAttributes(accessToken(),
                    attribute("email", NEW_EMAIL));

            assertThat(deliveries).containsExactly(new CodeDeliveryDetails("n***@e***", "EMAIL", "email"));
            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL)
                    .containsEntry("email_verified", "true");
            assertThat(pendingCode().newEmail()).contains(NEW_EMAIL);
            CodeDelivery.Request sent = mailbox.lastTo(ALICE).orElseThrow();
            assertThat(sent.destination()).isEqualTo(NEW_EMAIL);
            assertThat(sent.purpose()).isEqualTo("UpdateUserAttributes");
            assertThat(pendingCode().expiresAt())
                    .isEqualTo(region.clock().instant().plus(AccountService.VERIFY_CODE_TTL));
        }

        @Test
        void pastTheHourlySendLimitAnEmailChangeIsRefusedAsLimitExceeded() {
            String token = accessToken();
            for (int i = 1; i <= PendingCode.MAX_SENDS; i++) {
                accounts.updateUserAttributes(token, attribute("email", "alice" + i + "@example.com"));
            }
            int sent = mailbox.sent().size();

            assertRefused(() -> accounts.updateUserAttributes(token, attribute("email", NEW_EMAIL)),
                    "LimitExceededException");

            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL);
            assertThat(pendingCode().newEmail()).contains("alice" + PendingCode.MAX_SENDS + "@example.com");
            assertThat(mailbox.sent()).hasSize(sent);
        }

        @Test
        void refusesAnEmptyAddressAndAttributesTheClientMayNotWrite() {
            String token = accessToken();

            assertRefused(() -> accounts.updateUserAttributes(token, attribute("email", "")),
                    "InvalidParameterException");
            assertRefused(() -> accounts.updateUserAttributes(token, attribute("email_verified", "true")),
                    "NotAuthorizedException");
            assertRefused(() -> accounts.updateUserAttributes("not-a-token", attribute("given_name", "A")),
                    "NotAuthorizedException");
            assertThat(region.user(ALICE).attributes()).isEqualTo(alice.attributes());
        }
    }

    @Nested
    class VerifyUserAttribute {
        private String token;

        @BeforeEach
        void emailChanged() {
            token = accessToken();
            accounts.updateUserAttributes(token, attribute("email", NEW_EMAIL));
        }

        @Test
        void theRightCodeVerifiesTheNewAddress() {
            accounts.verifyUserAttribute(token, "email", mailbox.lastCodeFor(ALICE));

            assertThat(region.user(ALICE).attributes()).containsEntry("email", NEW_EMAIL)
                    .containsEntry("email_verified", "true");
            assertThat(region.user(ALICE).confirmationCode()).isEmpty();
        }

        @Test
        void wrongCodesAreCountedAndAfterFiveTheRightOneIsRefused() {
            String code = mailbox.lastCodeFor(ALICE);
            assertRefused(() -> accounts.verifyUserAttribute(token, "email", otherThan(code)), "CodeMismatchException");
            assertThat(pendingCode().failedAttempts()).isEqualTo(1);
            for (int i = 1; i < PendingCode.MAX_FAILED_ATTEMPTS; i++) {
                assertRefused(() -> accounts.verifyUserAttribute(token, "email", otherThan(code)),
                        "CodeMismatchException");
            }

            assertRefused(() -> accounts.verifyUserAttribute(token, "email", code), "CodeMismatchException");
            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL);
        }

        @Test
        void aResetCodeDoesNotVerifyAnAddress() {
            accounts.forgotPassword(CLIENT, ALICE);

            assertRefused(() -> accounts.verifyUserAttribute(token, "email", mailbox.lastCodeFor(ALICE)),
                    "CodeMismatchException");
            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL);
        }

        @Test
        void onlyTheEmailAttributeIsVerifiedAndOnlyWithACodePending() {
            assertRefused(() -> accounts.verifyUserAttribute(token, "phone_number", "123456"),
                    "InvalidParameterException");
            accounts.verifyUserAttribute(token, "email", mailbox.lastCodeFor(ALICE));

            assertRefused(() -> accounts.verifyUserAttribute(token, "email", mailbox.lastCodeFor(ALICE)),
                    "CodeMismatchException");
        }
    }

    @Nested
    class DeleteUser {
        @Test
        void theUserIsGoneAndTheUsernameFree() {
            IssuedTokens tokens = region.signIn(ALICE, PASSWORD);

            accounts.deleteUser(tokens.accessToken());

            assertThat(region.inMemoryDirectory().findBySub(alice.sub())).isEmpty();
            assertRefused(() -> identity.getUser(tokens.accessToken()), "UserNotFoundException");
            assertRefused(() -> region.signIn(ALICE, PASSWORD), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
            assertRefused(() -> accounts.deleteUser(tokens.accessToken()), "UserNotFoundException");
            region.signUp(ALICE, NEW_PASSWORD, "another@example.com");
            assertThat(region.user(ALICE).sub()).isNotEqualTo(alice.sub());
        }

        @Test
        void anInvalidAccessTokenDeletesNothing() {
            assertRefused(() -> accounts.deleteUser("not-a-token"), "NotAuthorizedException");
            assertThat(region.inMemoryDirectory().findBySub(alice.sub())).isPresent();
        }
    }

    @Test
    void aSecondaryRegionRefusesEveryAccountWrite() {
        String token = accessToken();
        accounts.forgotPassword(CLIENT, ALICE);
        String code = mailbox.lastCodeFor(ALICE);
        region.handLeadershipTo("eu-west-1");
        User before = region.user(ALICE);

        assertRefused(() -> accounts.forgotPassword(CLIENT, ALICE), "OperationNotEnabledException");
        assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD),
                "OperationNotEnabledException");
        assertRefused(() -> accounts.changePassword(token, PASSWORD, NEW_PASSWORD), "OperationNotEnabledException");
        assertRefused(() -> accounts.updateUserAttributes(token, attribute("given_name", "A")),
                "OperationNotEnabledException");
        assertRefused(() -> accounts.verifyUserAttribute(token, "email", code), "OperationNotEnabledException");
        assertRefused(() -> accounts.deleteUser(token), "OperationNotEnabledException");

        assertThat(region.user(ALICE)).isEqualTo(before);
    }

    /**
     * Guesses and password changes racing for one user, laid out step by step: the competing
     * write commits after the guess read the user and before the guess's count is written.
     */
    @Nested
    class StaleReads {
        private String code;

        @BeforeEach
        void resetCodeSent() {
            accounts.forgotPassword(CLIENT, ALICE);
            code = mailbox.lastCodeFor(ALICE);
        }

        @Test
        void aWrongGuessReadBeforeAPasswordChangeCannotUndoIt() {
            String token = accessToken();
            region.directory().beforeNextUpdate(user -> true,
                    () -> accounts.changePassword(token, PASSWORD, NEW_PASSWORD));

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), "Attacker-Chosen-1"),
                    "CodeMismatchException");

            assertThat(region.directory().interleavingPending()).isFalse();
            assertThat(region.directory().conflicts()).as("the guess's write from its stale read").isEqualTo(1);
            User stored = region.user(ALICE);
            assertThat(region.passwordHasher().matches(NEW_PASSWORD, stored.passwordHash())).isTrue();
            assertThat(signsInWith(PASSWORD)).isFalse();
            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
            assertThat(stored.confirmationCode().orElseThrow().failedAttempts())
                    .as("the guess was counted on the fresh copy").isEqualTo(1);
        }

        @Test
        void aWrongGuessReadBeforeTheRightOneCannotRevivePasswordOrCode() {
            region.directory().beforeNextUpdate(user -> true,
                    () -> accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD));

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), "Attacker-Chosen-1"),
                    "CodeMismatchException");

            assertThat(region.directory().conflicts()).isEqualTo(1);
            assertThat(region.user(ALICE).confirmationCode()).as("the used code stays used").isEmpty();
            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, code, "Attacker-Chosen-1"),
                    "CodeMismatchException");
            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
        }

        @Test
        void aRightGuessReadBeforeAnotherResetDoesNotOverwriteIt() {
            // Two resets with the same code: the second, read before the first committed, loses
            // its write, reads again, finds the code used and is refused.
            region.directory().beforeNextUpdate(user -> true,
                    () -> accounts.confirmForgotPassword(CLIENT, ALICE, code, NEW_PASSWORD));

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, code, "Attacker-Chosen-1"),
                    "CodeMismatchException");

            assertThat(signsInWith(NEW_PASSWORD)).isTrue();
            assertThat(signsInWith("Attacker-Chosen-1")).isFalse();
        }

        @Test
        void aProfileChangeReadBeforeAGuessKeepsTheGuessCounted() {
            String token = accessToken();
            region.directory().beforeNextUpdate(user -> true, () -> assertRefused(
                    () -> accounts.confirmForgotPassword(CLIENT, ALICE, otherThan(code), NEW_PASSWORD),
                    "CodeMismatchException"));

            accounts.updateUserAttributes(token, attribute("given_name", "Alice"));

            assertThat(region.directory().conflicts()).isEqualTo(1);
            assertThat(region.user(ALICE).attributes()).containsEntry("given_name", "Alice");
            assertThat(pendingCode().failedAttempts()).as("the count is not lost to the stale copy").isEqualTo(1);
        }
    }
}
