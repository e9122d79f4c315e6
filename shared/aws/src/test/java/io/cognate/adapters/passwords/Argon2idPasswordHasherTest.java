package io.cognate.adapters.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {
    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());

    @Test
    void storesOwaspParametersInPhcFormat() {
        String hash = hasher.hash("Correct-Horse-9");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hash.split("\\$")).hasSize(6);
    }

    @Test
    void saltsEveryHashDifferently() {
        assertThat(hasher.hash("Correct-Horse-9")).isNotEqualTo(hasher.hash("Correct-Horse-9"));
    }

    @Test
    void matchesOnlyTheRightPassword() {
        String hash = hasher.hash("Correct-Horse-9");
        assertThat(hasher.matches("Correct-Horse-9", hash)).isTrue();
        assertThat(hasher.matches("correct-horse-9", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void normalisesBeforeHashing() {
        // 'ﬁ' (U+FB01) is 'fi' under NFKC: the same password typed two ways.
        String hash = hasher.hash("Con\uFB01dent-9x");
        assertThat(hasher.matches("Confident-9x", hash)).isTrue();
    }

    @Test
    void refusesMalformedStoredHashesWithoutThrowing() {
        assertThat(hasher.matches("Correct-Horse-9", "$argon2id$garbage")).isFalse();
        assertThat(hasher.matches("Correct-Horse-9", "plaintext")).isFalse();
        assertThat(hasher.matches("Correct-Horse-9", null)).isFalse();
    }
}
