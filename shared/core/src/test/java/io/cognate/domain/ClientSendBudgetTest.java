package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.testing.InMemoryRegion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-client budget of codes sent (security review, finding 2: codes went out unthrottled).
 * It counts every request that could send a code, for real and unknown users alike.
 */
class ClientSendBudgetTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private final InMemoryRegion region = InMemoryRegion.builder().codeSendsPerClientPerHour(4).build();

    @Test
    void finding2AClientsCodesAreLimitedPerHourWithoutTellingWhoExists() {
        region.signUp("alice", "Correct-Horse-9", "alice@example.com");                 // 1
        region.accountService().forgotPassword(CLIENT, "nobody");                      // 2
        region.identityService().resendConfirmationCode(CLIENT, "alice");              // 3
        region.identityService().resendConfirmationCode(CLIENT, "ghost");              // 4

        for (String username : List.of("alice", "ghost")) {
            assertThatThrownBy(() -> region.accountService().forgotPassword(CLIENT, username))
                    .isInstanceOfSatisfying(CognitoException.class,
                            e -> assertThat(e.type()).isEqualTo("LimitExceededException"));
            assertThatThrownBy(() -> region.identityService().resendConfirmationCode(CLIENT, username))
                    .isInstanceOfSatisfying(CognitoException.class,
                            e -> assertThat(e.type()).isEqualTo("LimitExceededException"));
        }
        assertThatThrownBy(() -> region.signUp("bob", "Correct-Horse-9", "bob@example.com"))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("LimitExceededException"));
        assertThat(region.directory().findByUsername(Username.of("bob"))).isEmpty();

        region.clock().advance(Duration.ofHours(1));
        assertThat(region.accountService().forgotPassword(CLIENT, "ghost").deliveryMedium()).isEqualTo("EMAIL");
    }

    @Test
    void anEmailChangeSpendsTheBudgetAndARefusalChangesNothing() {
        region.signUpConfirmed("carol", "Correct-Horse-9", "carol@example.com");        // 1
        String accessToken = region.signIn("carol", "Correct-Horse-9").accessToken();
        AccountService accounts = region.accountService();
        accounts.updateUserAttributes(accessToken, List.of(new UserAttributes.Attribute("email", "c1@example.com"))); // 2
        accounts.updateUserAttributes(accessToken, List.of(new UserAttributes.Attribute("email", "c2@example.com"))); // 3
        accounts.updateUserAttributes(accessToken, List.of(new UserAttributes.Attribute("email", "c3@example.com"))); // 4
        User before = region.user("carol");

        assertThatThrownBy(() -> accounts.updateUserAttributes(accessToken, List.of(
                new UserAttributes.Attribute("email", "c4@example.com"), new UserAttributes.Attribute("name", "Carol"))))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("LimitExceededException"));

        assertThat(region.user("carol")).isEqualTo(before);
    }
}
