package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.IdentityService.CodeDeliveryDetails;
import io.cognate.ports.CodeDelivery;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.RecordingCodeDelivery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * GetUserAttributeVerificationCode and the VerifyUserAttribute that takes its code back: the
 * code goes where Cognito sends it (the pending new address, else the address in force), under
 * the rules every code follows, and what an attacker holding an access token, or racing requests,
 * can and cannot do with it.
 */
class AttributeVerificationCodeTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String EMAIL = "alice@example.com";
    private static final String NEW_EMAIL = "new.alice@example.net";
    private static final String PURPOSE = "GetUserAttributeVerificationCode";

    private InMemoryRegion region;
    private AccountService accounts;
    private RecordingCodeDelivery mailbox;
    private String token;

    @BeforeEach
    void confirmedUserSignedIn() {
        useRegion(InMemoryRegion.create());
    }

    private void useRegion(InMemoryRegion newRegion) {
        region = newRegion;
        accounts = region.accountService();
        mailbox = region.codeDelivery();
        region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
        token = region.signIn(ALICE, PASSWORD).accessToken();
    }

    private PendingCode pendingCode() {
        return region.user(ALICE).confirmationCode().orElseThrow();
    }

    private CodeDeliveryDetails askForCode() {
        return accounts.getUserAttributeVerificationCode(token, "email");
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private void setAttribute(String name, String value) {
        User user = region.user(ALICE);
        var attributes = new LinkedHashMap<>(user.attributes());
        attributes.put(name, value);
        region.inMemoryDirectory().update(user.withAttributes(attributes, region.clock().instant()), region.leader());
    }

    @Nested
    class WhereTheCodeGoes {
        @Test
        void withNoChangePendingTheCodeGoesToTheAddressInForceAndVerifiesIt() {
            setAttribute("email_verified", "false");

            CodeDeliveryDetails details = askForCode();

            assertThat(details).isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            CodeDelivery.Request sent = mailbox.lastTo(ALICE).orElseThrow();
            assertThat(sent.destination()).isEqualTo(EMAIL);
            assertThat(sent.purpose()).isEqualTo(PURPOSE);
            assertThat(pendingCode().newEmail()).isEmpty();
            assertThat(pendingCode().expiresAt()).isEqualTo(region.clock().instant().plus(AccountService.VERIFY_CODE_TTL));

            accounts.verifyUserAttribute(token, "email", sent.code());

            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL).containsEntry("email_verified", "true");
            assertThat(region.user(ALICE).confirmationCode()).isEmpty();
        }

        /** Cognito sends the code of a pending change to the new address; the change stays pending. */
        @Test
        void withAChangePendingTheCodeGoesToTheNewAddressAndReplacesTheFirstCode() {
            accounts.updateUserAttributes(token, List.of(new UserAttributes.Attribute("email", NEW_EMAIL)));
            String firstCode = mailbox.lastCodeFor(ALICE);

            CodeDeliveryDetails details = askForCode();

            assertThat(details).isEqualTo(new CodeDeliveryDetails("n***@e***", "EMAIL", "email"));
            CodeDelivery.Request sent = mailbox.lastTo(ALICE).orElseThrow();
            assertThat(sent.destination()).isEqualTo(NEW_EMAIL);
            assertThat(pendingCode().newEmail()).contains(NEW_EMAIL);
            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL).containsEntry("email_verified", "true");
            if (!firstCode.equals(sent.code())) {
                assertRefused(() -> accounts.verifyUserAttribute(token, "email", firstCode), "CodeMismatchException");
            }

            accounts.verifyUserAttribute(token, "email", sent.code());

            assertThat(region.user(ALICE).attributes()).containsEntry("email", NEW_EMAIL)
                    .containsEntry("email_verified", "true");
        }

        @Test
        void aChangeWhoseCodeExpiredIsStillPendingAndANewCodeGoesToItsAddress() {
            accounts.updateUserAttributes(token, List.of(new UserAttributes.Attribute("email", NEW_EMAIL)));
            region.clock().advance(AccountService.VERIFY_CODE_TTL.plusMinutes(1));
            String freshToken = region.signIn(ALICE, PASSWORD).accessToken();

            accounts.getUserAttributeVerificationCode(freshToken, "email");

            assertThat(mailbox.lastTo(ALICE).orElseThrow().destination()).isEqualTo(NEW_EMAIL);
            accounts.verifyUserAttribute(freshToken, "email", mailbox.lastCodeFor(ALICE));
            assertThat(region.user(ALICE).attributes()).containsEntry("email", NEW_EMAIL);
        }

        /** One pending code per user: the verification code replaces a reset code, and neither works as the other. */
        @Test
        void aVerificationCodeReplacesAResetCodeAndDoesNotResetThePassword() {
            accounts.forgotPassword(CLIENT, ALICE);
            String resetCode = mailbox.lastCodeFor(ALICE);

            askForCode();
            String verification = mailbox.lastCodeFor(ALICE);

            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, resetCode, "Attacker-Chosen-1"),
                    "CodeMismatchException");
            assertRefused(() -> accounts.confirmForgotPassword(CLIENT, ALICE, verification, "Attacker-Chosen-1"),
                    "CodeMismatchException");
            assertThat(region.passwordHasher().matches(PASSWORD, region.user(ALICE).passwordHash())).isTrue();
        }
    }

    @Nested
    class Refusals {
        @Test
        void phoneNumberHasNoDeliveryMediumInThisPool() {
            setAttribute("phone_number", "+15555550100");
            int sent = mailbox.sent().size();

            assertRefused(() -> accounts.getUserAttributeVerificationCode(token, "phone_number"),
                    "InvalidParameterException").hasMessage("User pool does not have SMS configuration to send messages.");

            assertThat(mailbox.sent()).hasSize(sent);
            assertThat(region.user(ALICE).confirmationCode()).isEmpty();
        }

        @Test
        void anAttributeThatIsNeverVerifiedIsRefused() {
            for (String name : List.of("given_name", "email_verified", "custom:tier", "no_such_attribute")) {
                assertRefused(() -> accounts.getUserAttributeVerificationCode(token, name), "InvalidParameterException")
                        .hasMessage("Invalid attribute name. Only phone_number and email can be verified.");
            }
            assertThat(mailbox.sentTo(ALICE)).hasSize(1); // the sign-up code
        }

        @Test
        void anInvalidAccessTokenSendsNothing() {
            int sent = mailbox.sent().size();

            assertRefused(() -> accounts.getUserAttributeVerificationCode("not-a-token", "email"),
                    "NotAuthorizedException");

            assertThat(mailbox.sent()).hasSize(sent);
        }

        @Test
        void aSecondaryRegionRefusesItAsEveryOtherWriteAndSendsNothing() {
            region.handLeadershipTo("eu-west-1");
            User before = region.user(ALICE);
            int sent = mailbox.sent().size();

            assertRefused(AttributeVerificationCodeTest.this::askForCode, "OperationNotEnabledException")
                    .hasMessageContaining("read-only replica");

            assertThat(region.user(ALICE)).isEqualTo(before);
            assertThat(mailbox.sent()).hasSize(sent);
        }
    }

    /** What a caller holding an access token can do with this operation. */
    @Nested
    class Attacks {
        @Test
        void pastTheHourlySendLimitItIsRefusedAndNothingIsSent() {
            for (int i = 0; i < PendingCode.MAX_SENDS; i++) {
                askForCode();
            }
            List<CodeDelivery.Request> sent = mailbox.sentTo(ALICE);
            PendingCode last = pendingCode();

            assertRefused(AttributeVerificationCodeTest.this::askForCode, "LimitExceededException");

            assertThat(mailbox.sentTo(ALICE)).isEqualTo(sent);
            assertThat(pendingCode()).isEqualTo(last);
            region.clock().advance(PendingCode.WINDOW);
            askForCode();
            assertThat(mailbox.sentTo(ALICE)).hasSize(sent.size() + 1);
        }

        /** Asking for codes never buys guesses: five per user per hour, however many codes. */
        @Test
        void aNewCodeBuysNoNewGuesses() {
            askForCode();
            String first = mailbox.lastCodeFor(ALICE);
            for (int i = 0; i < PendingCode.MAX_FAILED_ATTEMPTS; i++) {
                assertRefused(() -> accounts.verifyUserAttribute(token, "email", otherThan(first)), "CodeMismatchException");
            }

            askForCode();
            String second = mailbox.lastCodeFor(ALICE);

            assertThat(pendingCode().failedAttempts()).isEqualTo(PendingCode.MAX_FAILED_ATTEMPTS);
            assertRefused(() -> accounts.verifyUserAttribute(token, "email", second), "CodeMismatchException");
            assertThat(region.user(ALICE).confirmationCode()).isPresent();
        }

        @Test
        void theClientsHourlyBudgetCountsVerificationCodes() {
            // Sign-up spends one; two codes spend the rest.
            useRegion(InMemoryRegion.builder().codeSendsPerClientPerHour(3).build());
            askForCode();
            askForCode();
            int sent = mailbox.sent().size();

            assertRefused(AttributeVerificationCodeTest.this::askForCode, "LimitExceededException");

            assertThat(mailbox.sent()).hasSize(sent);
            assertRefused(() -> accounts.forgotPassword(CLIENT, "nobody"), "LimitExceededException");
        }

        /**
         * A user who floods the operation past their own limit must not drain the budget that
         * every other user of the app client signs up and resets passwords with.
         */
        @Test
        void requestsPastTheUsersOwnLimitCostTheClientsBudgetNothing() {
            // Sign-up, five codes, and one left for somebody else.
            useRegion(InMemoryRegion.builder().codeSendsPerClientPerHour(1 + PendingCode.MAX_SENDS + 1).build());
            for (int i = 0; i < PendingCode.MAX_SENDS; i++) {
                askForCode();
            }
            for (int i = 0; i < 20; i++) {
                assertRefused(AttributeVerificationCodeTest.this::askForCode, "LimitExceededException");
            }

            accounts.forgotPassword(CLIENT, "nobody");
            assertRefused(() -> accounts.forgotPassword(CLIENT, "nobody"), "LimitExceededException");
        }

        /** Writes that lose a race are run again by the fence; the budget pays for the code once. */
        @Test
        void lostRacesCostTheClientsBudgetNothingMore() {
            useRegion(InMemoryRegion.builder().codeSendsPerClientPerHour(1 + 1 + 1).build());
            region.directory().conflictOnNextUpdates(3);

            askForCode();

            assertThat(region.directory().conflicts()).isEqualTo(3);
            assertThat(mailbox.sentTo(ALICE)).hasSize(2);
            accounts.forgotPassword(CLIENT, "nobody");
            assertRefused(() -> accounts.forgotPassword(CLIENT, "nobody"), "LimitExceededException");
        }

        /** A wrong guess that commits between the request's read and its write stays counted. */
        @Test
        void aGuessCommittedAfterTheReadIsNotLostToTheNewCode() {
            askForCode();
            String first = mailbox.lastCodeFor(ALICE);
            region.directory().beforeNextUpdate(user -> true, () -> assertRefused(
                    () -> accounts.verifyUserAttribute(token, "email", otherThan(first)), "CodeMismatchException"));

            askForCode();

            assertThat(region.directory().interleavingPending()).isFalse();
            assertThat(region.directory().conflicts()).isEqualTo(1);
            assertThat(pendingCode().failedAttempts()).isEqualTo(1);
            assertThat(pendingCode().sends()).isEqualTo(2);
            assertThat(mailbox.sentTo(ALICE)).hasSize(3); // sign-up and two codes, none twice
        }

        /** An e-mail change committed between the read and the write: the new code goes to its address. */
        @Test
        void aChangeCommittedAfterTheReadGetsTheCode() {
            askForCode();
            region.directory().beforeNextUpdate(user -> true,
                    () -> accounts.updateUserAttributes(token, List.of(new UserAttributes.Attribute("email", NEW_EMAIL))));

            askForCode();

            assertThat(region.directory().conflicts()).isEqualTo(1);
            assertThat(mailbox.lastTo(ALICE).orElseThrow().destination()).isEqualTo(NEW_EMAIL);
            assertThat(pendingCode().newEmail()).contains(NEW_EMAIL);
        }

        @Test
        void noCodeOutlivesItsDay() {
            askForCode();
            String code = mailbox.lastCodeFor(ALICE);
            region.clock().advance(AccountService.VERIFY_CODE_TTL.minus(Duration.ofMinutes(30)));
            String laterToken = region.signIn(ALICE, PASSWORD).accessToken();
            region.clock().advance(Duration.ofMinutes(30));

            assertRefused(() -> accounts.verifyUserAttribute(laterToken, "email", code), "ExpiredCodeException");
        }
    }
}
