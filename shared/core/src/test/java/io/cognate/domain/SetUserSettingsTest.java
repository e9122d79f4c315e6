package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AccountService.MfaOption;
import io.cognate.testing.InMemoryRegion;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SetUserSettings, Cognito's legacy SMS MFA setting, on a pool that sends no SMS: an SMS option
 * is refused as Cognito refuses it without an SMS configuration, any other option as Cognito
 * refuses a non-SMS one, and an empty list (no SMS MFA, which is what every user has) is accepted.
 */
class SetUserSettingsTest {
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";

    private InMemoryRegion region;
    private AccountService accounts;
    private String token;
    private User before;

    @BeforeEach
    void signedIn() {
        region = InMemoryRegion.create();
        accounts = region.accountService();
        region.signUpConfirmed(ALICE, PASSWORD, "alice@example.com");
        token = region.signIn(ALICE, PASSWORD).accessToken();
        before = region.user(ALICE);
    }

    @Test
    void anEmptyListIsAcceptedAndChangesNothing() {
        accounts.setUserSettings(token, List.of());

        assertThat(region.user(ALICE)).isEqualTo(before);
    }

    @Test
    void smsMfaIsRefusedForWantOfAnSmsConfiguration() {
        for (MfaOption sms : List.of(new MfaOption("phone_number", "SMS"), new MfaOption("phone_number", null))) {
            assertRefused(() -> accounts.setUserSettings(token, List.of(sms)), "InvalidParameterException")
                    .hasMessage("User pool does not have SMS configuration to send messages.");
        }
        assertThat(region.user(ALICE)).isEqualTo(before);
    }

    @Test
    void anOptionForAnotherAttributeIsRefusedAsCognitoRefusesIt() {
        for (MfaOption other : List.of(new MfaOption("email", "EMAIL"), new MfaOption(null, "SMS"),
                new MfaOption("email", "SMS"))) {
            assertRefused(() -> accounts.setUserSettings(token, List.of(other)), "InvalidParameterException")
                    .hasMessage("Only phone_number attribute is currently supported as a MFA option.");
        }
        assertThat(region.user(ALICE)).isEqualTo(before);
    }

    @Test
    void anInvalidAccessTokenIsRefusedFirst() {
        assertRefused(() -> accounts.setUserSettings("not-a-token", List.of()), "NotAuthorizedException");
        assertRefused(() -> accounts.setUserSettings("not-a-token", List.of(new MfaOption("phone_number", "SMS"))),
                "NotAuthorizedException");
    }

    /** A write operation, even one with nothing to write: a secondary answers as it does every write. */
    @Test
    void aSecondaryRegionRefusesItAsEveryOtherWrite() {
        region.handLeadershipTo("eu-west-1");

        assertRefused(() -> accounts.setUserSettings(token, List.of()), "OperationNotEnabledException")
                .hasMessageContaining("read-only replica");
    }
}
