package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserAttributesTest {
    /** A client that lists no attributes: Cognito's default permissions. */
    private static final AppClient DEFAULT = new AppClient("web", "web", Set.of(), Duration.ofHours(1),
            Duration.ofHours(1), Duration.ofDays(1));
    /** A client that lists what it may write, a custom attribute and a verified flag among them. */
    private static final AppClient LISTING = DEFAULT.withAttributes(Set.of(),
            Set.of("email", "name", "custom:tier", "email_verified"));

    private static UserAttributes.Attribute a(String name, String value) {
        return new UserAttributes.Attribute(name, value);
    }

    @Test
    void keepsStandardAndCustomAttributesInOrder() {
        var map = UserAttributes.fromClient(List.of(a("email", "a@example.com"), a("custom:tier", "gold"), a("name", "A")),
                LISTING);
        assertThat(map.keySet()).containsExactly("email", "custom:tier", "name");
    }

    @Test
    void refusesUnknownDuplicateAndSystemOwnedAttributes() {
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("shoe_size", "9")), DEFAULT))
                .hasMessageContaining("does not exist in the schema");
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("name", "x"), a("name", "y")), DEFAULT))
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("sub", "x")), DEFAULT))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("NotAuthorizedException"));
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("email", "not-an-email")), DEFAULT))
                .hasMessage("Invalid email address format.");
    }

    /** Finding 6 of the security review: any custom attribute was writable, through any client. */
    @Test
    void finding6AUserCannotWriteAnAttributeTheClientDoesNotList() {
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("name", "A"), a("custom:role", "admin")), DEFAULT))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("NotAuthorizedException");
                    assertThat(e.getMessage()).isEqualTo("A client attempted to write unauthorized attribute");
                });
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("custom:role", "admin")), LISTING))
                .hasMessage(UserAttributes.UNAUTHORIZED_WRITE);
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("given_name", "A")), LISTING))
                .as("a listing client writes only what it lists").hasMessage(UserAttributes.UNAUTHORIZED_WRITE);
        for (String setByThePool : List.of("sub", "email_verified", "phone_number_verified")) {
            assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a(setByThePool, "true")), LISTING))
                    .as("%s, even when listed", setByThePool).hasMessage(UserAttributes.UNAUTHORIZED_WRITE);
        }
        assertThat(UserAttributes.fromClient(List.of(a("given_name", "A"), a("phone_number", "+15555550100")), DEFAULT))
                .containsOnlyKeys("given_name", "phone_number");
    }

    @Test
    void aClientThatListsNothingReadsEveryAttributeAndOneThatListsReadsOnlyThose() {
        assertThat(List.of("email", "email_verified", "custom:tier", "name")).allMatch(DEFAULT::mayRead);
        AppClient reading = DEFAULT.withAttributes(Set.of("email", "email_verified"), Set.of());
        assertThat(reading.mayRead("email")).isTrue();
        assertThat(reading.mayRead("custom:tier")).isFalse();
        assertThat(reading.mayRead("name")).isFalse();
    }

    @Test
    void masksEmailDestinations() {
        assertThat(UserAttributes.maskEmail("alice@example.com")).isEqualTo("a***@e***");
        // Finding 8: the case of a mask follows neither the stored address nor the name as typed.
        assertThat(UserAttributes.maskEmail("Alice@Example.com")).isEqualTo("a***@e***");
    }
}
