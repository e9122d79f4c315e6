package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes two SignUp requests "the same request" for {@link IdempotentSignUp}. */
class IdempotentSignUpKeyTest {
    private static final List<UserAttributes.Attribute> ATTRIBUTES = List.of(
            new UserAttributes.Attribute("email", "ana@example.com"), new UserAttributes.Attribute("name", "Ana"));

    @Test
    void theKeyIgnoresAttributeOrderAndUsernameCase() {
        String key = IdempotentSignUp.key("client", "Ana", ATTRIBUTES).orElseThrow();
        assertThat(key).startsWith("SIGNUP#").hasSize("SIGNUP#".length() + 64);
        assertThat(IdempotentSignUp.key("client", "ana", ATTRIBUTES.reversed())).contains(key);
    }

    @Test
    void anotherClientOrOtherAttributesAreAnotherRequest() {
        String key = IdempotentSignUp.key("client", "ana", ATTRIBUTES).orElseThrow();
        assertThat(IdempotentSignUp.key("other-client", "ana", ATTRIBUTES)).isPresent().get().isNotEqualTo(key);
        assertThat(IdempotentSignUp.key("client", "ana",
                List.of(new UserAttributes.Attribute("email", "ana@example.com")))).isPresent().get().isNotEqualTo(key);
        // Field boundaries are part of the key: "ab" + "c" is not "a" + "bc".
        assertThat(IdempotentSignUp.key("ab", "c", List.of())).isNotEqualTo(IdempotentSignUp.key("a", "bc", List.of()));
    }

    @Test
    void aRequestWithoutAUsableUsernameOrClientHasNoKey() {
        assertThat(IdempotentSignUp.key(null, "ana", ATTRIBUTES)).isEmpty();
        assertThat(IdempotentSignUp.key("client", "", ATTRIBUTES)).isEmpty();
    }
}
