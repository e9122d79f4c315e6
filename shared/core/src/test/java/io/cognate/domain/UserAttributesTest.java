package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserAttributesTest {
    private static UserAttributes.Attribute a(String name, String value) {
        return new UserAttributes.Attribute(name, value);
    }

    @Test
    void keepsStandardAndCustomAttributesInOrder() {
        var map = UserAttributes.fromClient(List.of(a("email", "a@example.com"), a("custom:tier", "gold"), a("name", "A")));
        assertThat(map.keySet()).containsExactly("email", "custom:tier", "name");
    }

    @Test
    void refusesUnknownDuplicateAndSystemOwnedAttributes() {
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("shoe_size", "9"))))
                .hasMessageContaining("does not exist in the schema");
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("name", "x"), a("name", "y"))))
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("sub", "x"))))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("NotAuthorizedException"));
        assertThatThrownBy(() -> UserAttributes.fromClient(List.of(a("email", "not-an-email"))))
                .hasMessage("Invalid email address format.");
    }

    @Test
    void masksEmailDestinations() {
        assertThat(UserAttributes.maskEmail("alice@example.com")).isEqualTo("a***@e***");
        // Finding 8: the case of a mask follows neither the stored address nor the name as typed.
        assertThat(UserAttributes.maskEmail("Alice@Example.com")).isEqualTo("a***@e***");
    }
}
