package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.ports.LegacyPool;
import io.cognate.ports.LegacyPool.SignInAnswer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LegacyPool} does, as a Cognito pool answers through its Admin API: a right
 * password signs in, a temporary one asks for a new password, every refusal (wrong password,
 * unknown user) is the one {@code REFUSED}; a user is described with sub, attributes, status and
 * groups; a pool that cannot be reached is {@link LegacyPool.Unavailable}, no verdict.
 */
public abstract class LegacyPoolContract {
    protected static final String PASSWORD = "Legacy-Passw0rd!";

    protected abstract LegacyPool pool();

    /** Where the pool under test is. */
    protected abstract LegacyPool.Address address();

    /** An address where no pool answers. */
    protected abstract LegacyPool.Address unreachable();

    /** A confirmed user of the pool, with {@code attributes} (email verified) and in {@code groups}. */
    protected abstract void givenUser(String username, String password, Map<String, String> attributes,
                                      List<String> groups);

    /** A user an administrator created with a temporary password not yet replaced. */
    protected abstract void givenInvitedUser(String username, String temporaryPassword, String email);

    private static String someone() {
        return "legacy-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRightPasswordSignsIn() {
        String username = someone();
        givenUser(username, PASSWORD, Map.of("email", username + "@example.com"), List.of());

        assertThat(pool().signIn(address(), username, PASSWORD)).isEqualTo(SignInAnswer.SIGNED_IN);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreTheSameRefusal() {
        String username = someone();
        givenUser(username, PASSWORD, Map.of("email", username + "@example.com"), List.of());

        assertThat(pool().signIn(address(), username, "Wrong-Passw0rd!")).isEqualTo(SignInAnswer.REFUSED);
        assertThat(pool().signIn(address(), someone(), PASSWORD)).isEqualTo(SignInAnswer.REFUSED);
    }

    @Test
    void aTemporaryPasswordAsksForANewOne() {
        String username = someone();
        givenInvitedUser(username, PASSWORD, username + "@example.com");

        assertThat(pool().signIn(address(), username, PASSWORD)).isEqualTo(SignInAnswer.NEW_PASSWORD_REQUIRED);
    }

    @Test
    void aUserIsDescribedWithSubAttributesStatusAndGroups() {
        String username = someone();
        String group = "legacy-group-" + UUID.randomUUID().toString().substring(0, 6);
        givenUser(username, PASSWORD, Map.of("email", username + "@example.com", "custom:plan", "gold"), List.of(group));

        LegacyPool.LegacyUser user = pool().describe(address(), username).orElseThrow();

        assertThat(user.username()).isEqualTo(username);
        assertThat(user.sub()).hasValueSatisfying(sub -> assertThat(sub).isNotBlank());
        assertThat(user.attributes()).containsEntry("email", username + "@example.com")
                .containsEntry("email_verified", "true").containsEntry("custom:plan", "gold");
        assertThat(user.status()).isEqualTo("CONFIRMED");
        assertThat(user.enabled()).isTrue();
        assertThat(user.groups()).extracting(LegacyPool.LegacyGroup::name).containsExactly(group);
    }

    @Test
    void anUnknownUserIsNotDescribed() {
        assertThat(pool().describe(address(), someone())).isEmpty();
    }

    @Test
    void aPoolThatCannotBeReachedGivesNoVerdict() {
        assertThatThrownBy(() -> pool().signIn(unreachable(), someone(), PASSWORD))
                .isInstanceOf(LegacyPool.Unavailable.class)
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> pool().describe(unreachable(), someone())).isInstanceOf(LegacyPool.Unavailable.class);
    }
}
