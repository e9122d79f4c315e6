package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsernameTest {
    @Test
    void foldsCaseForUniquenessButKeepsWhatWasTyped() {
        Username name = Username.of("Alice");
        assertThat(name.value()).isEqualTo("Alice");
        assertThat(name.key()).isEqualTo(Username.of("ALICE").key());
    }

    @Test
    void refusesSpacesControlCharactersAndOverlongNames() {
        for (String bad : new String[] {"", "a b", "tab\there", "nul\u0000", "x".repeat(129)}) {
            assertThatThrownBy(() -> Username.of(bad))
                    .isInstanceOfSatisfying(CognitoException.class,
                            e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        }
    }

    @Test
    void acceptsEmailsAndUnicodeLetters() {
        assertThat(Username.of("alice@example.com").value()).isEqualTo("alice@example.com");
        assertThat(Username.of("Zoë_Ω").key()).isEqualTo("zoë_ω");
    }
}
