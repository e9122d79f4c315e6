package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.InMemoryRegion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * DeleteUserAttributes: only what the token's app client may write, never a required attribute,
 * all or nothing, behind the write fence, and never at the cost of a change or a guess that
 * committed after it read the user.
 */
class DeleteUserAttributesTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String EMAIL = "alice@example.com";

    private InMemoryRegion region;
    private AccountService accounts;
    private String token;

    @BeforeEach
    void userWithAProfile() {
        region = InMemoryRegion.create();
        accounts = region.accountService();
        region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
        token = region.signIn(ALICE, PASSWORD).accessToken();
        accounts.updateUserAttributes(token, List.of(new UserAttributes.Attribute("given_name", "Alice"),
                new UserAttributes.Attribute("family_name", "Liddell"),
                new UserAttributes.Attribute("nickname", "Al")));
    }

    private Map<String, String> attributes() {
        return region.user(ALICE).attributes();
    }

    private void setAttributes(Map<String, String> added) {
        User user = region.user(ALICE);
        var attributes = new LinkedHashMap<>(user.attributes());
        attributes.putAll(added);
        region.inMemoryDirectory().update(user.withAttributes(attributes, region.clock().instant()), region.leader());
    }

    @Test
    void deletesTheNamedAttributesAndNothingElse() {
        accounts.deleteUserAttributes(token, List.of("given_name", "nickname"));

        assertThat(attributes()).doesNotContainKeys("given_name", "nickname")
                .containsEntry("family_name", "Liddell").containsEntry("email", EMAIL)
                .containsEntry("email_verified", "true");
    }

    /** Cognito answers an attribute the user does not have, or an empty list, with success. */
    @Test
    void anAttributeTheUserDoesNotHaveOrAnEmptyListChangesNothing() {
        User before = region.user(ALICE);

        accounts.deleteUserAttributes(token, List.of("middle_name", "website"));
        accounts.deleteUserAttributes(token, List.of());

        assertThat(region.user(ALICE)).isEqualTo(before);
    }

    @Test
    void deletingAPhoneNumberTakesItsVerifiedFlagWithIt() {
        setAttributes(Map.of("phone_number", "+15555550100", "phone_number_verified", "true"));

        accounts.deleteUserAttributes(token, List.of("phone_number"));

        assertThat(attributes()).doesNotContainKeys("phone_number", "phone_number_verified");
    }

    @Test
    void aPendingEmailChangeSurvivesTheDeletionOfOtherAttributes() {
        accounts.updateUserAttributes(token, List.of(new UserAttributes.Attribute("email", "new@example.net")));
        PendingCode pending = region.user(ALICE).confirmationCode().orElseThrow();

        accounts.deleteUserAttributes(token, List.of("nickname"));

        assertThat(region.user(ALICE).confirmationCode()).contains(pending);
        accounts.verifyUserAttribute(token, "email", region.codeDelivery().lastCodeFor(ALICE));
        assertThat(attributes()).containsEntry("email", "new@example.net");
    }

    @Nested
    class Refusals {
        private User before;

        @BeforeEach
        void remember() {
            before = region.user(ALICE);
        }

        /** The pool's schema requires email: Cognito's answer, and nothing of the request applied. */
        @Test
        void theEmailAddressCannotBeDeleted() {
            assertRefused(() -> accounts.deleteUserAttributes(token, List.of("given_name", "email")),
                    "InvalidParameterException").hasMessage("user.email: Required attribute cannot be deleted.");

            assertThat(region.user(ALICE)).isEqualTo(before);
        }

        @Test
        void whatThePoolSetsIsNotTheUsersToDelete() {
            for (String setByThePool : List.of("email_verified", "phone_number_verified", "sub")) {
                assertRefused(() -> accounts.deleteUserAttributes(token, List.of("nickname", setByThePool)),
                        "NotAuthorizedException").hasMessage(UserAttributes.UNAUTHORIZED_WRITE);
            }
            assertThat(region.user(ALICE)).isEqualTo(before);
        }

        @Test
        void anAttributeOutsideTheSchemaIsRefused() {
            assertRefused(() -> accounts.deleteUserAttributes(token, List.of("nickname", "shoe_size")),
                    "InvalidParameterException")
                    .hasMessage("Attributes did not conform to the schema: shoe_size: Attribute does not exist in the schema.");
            assertThat(region.user(ALICE)).isEqualTo(before);
        }

        /** Like UpdateUserAttributes: one attribute the client may not write refuses the whole request. */
        @Test
        void anAttributeTheClientMayNotWriteRefusesTheWholeRequest() {
            AppClient listing = region.putClient(new AppClient("listing", "listing",
                    Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), InMemoryRegion.ACCESS_TOKEN_VALIDITY,
                    InMemoryRegion.ACCESS_TOKEN_VALIDITY, InMemoryRegion.REFRESH_TOKEN_VALIDITY)
                    .withAttributes(Set.of(), Set.of("given_name")));
            String listingToken = region.identityService().passwordAuth(listing.clientId(), ALICE, PASSWORD)
                    .accessToken();

            assertRefused(() -> accounts.deleteUserAttributes(listingToken, List.of("given_name", "family_name")),
                    "NotAuthorizedException").hasMessage(UserAttributes.UNAUTHORIZED_WRITE);
            assertRefused(() -> accounts.deleteUserAttributes(token, List.of("custom:tier")),
                    "NotAuthorizedException").hasMessage(UserAttributes.UNAUTHORIZED_WRITE);
            assertThat(region.user(ALICE).attributes()).isEqualTo(before.attributes());

            accounts.deleteUserAttributes(listingToken, List.of("given_name"));
            assertThat(attributes()).doesNotContainKey("given_name").containsKey("family_name");
        }

        @Test
        void anInvalidAccessTokenDeletesNothing() {
            assertRefused(() -> accounts.deleteUserAttributes("not-a-token", List.of("nickname")),
                    "NotAuthorizedException");
            assertThat(region.user(ALICE)).isEqualTo(before);
        }

        @Test
        void aSecondaryRegionRefusesItAsEveryOtherWrite() {
            region.handLeadershipTo("eu-west-1");

            assertRefused(() -> accounts.deleteUserAttributes(token, List.of("nickname")),
                    "OperationNotEnabledException").hasMessageContaining("read-only replica");
            assertRefused(() -> accounts.deleteUserAttributes(token, List.of("middle_name")),
                    "OperationNotEnabledException");

            assertThat(region.user(ALICE)).isEqualTo(before);
        }
    }

    /** Requests for one user laid out step by step: another write commits after the deletion read. */
    @Nested
    class StaleReads {
        @Test
        void aProfileChangeCommittedAfterTheReadIsKept() {
            region.directory().beforeNextUpdate(user -> true, () -> accounts.updateUserAttributes(token,
                    List.of(new UserAttributes.Attribute("family_name", "Hargreaves"))));

            accounts.deleteUserAttributes(token, List.of("nickname"));

            assertThat(region.directory().conflicts()).isEqualTo(1);
            assertThat(attributes()).doesNotContainKey("nickname").containsEntry("family_name", "Hargreaves");
        }

        @Test
        void aWrongGuessCommittedAfterTheReadStaysCounted() {
            region.accountService().forgotPassword(CLIENT, ALICE);
            String code = region.codeDelivery().lastCodeFor(ALICE);
            String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
            region.directory().beforeNextUpdate(user -> true, () -> assertRefused(
                    () -> accounts.confirmForgotPassword(CLIENT, ALICE, wrong, "Attacker-Chosen-1"),
                    "CodeMismatchException"));

            accounts.deleteUserAttributes(token, List.of("nickname"));

            assertThat(region.directory().conflicts()).isEqualTo(1);
            assertThat(region.user(ALICE).confirmationCode().orElseThrow().failedAttempts()).isEqualTo(1);
            assertThat(attributes()).doesNotContainKey("nickname");
        }

        /** A deletion read before another one: the second still deletes its own attribute and revives neither. */
        @Test
        void twoDeletionsFromOneReadBothApply() {
            region.directory().beforeNextUpdate(user -> true,
                    () -> accounts.deleteUserAttributes(token, List.of("given_name")));

            accounts.deleteUserAttributes(token, List.of("family_name"));

            assertThat(attributes()).doesNotContainKeys("given_name", "family_name").containsKey("nickname");
        }
    }
}
