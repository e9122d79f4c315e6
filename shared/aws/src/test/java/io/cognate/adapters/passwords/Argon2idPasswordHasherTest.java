package io.cognate.adapters.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {
    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());

    @Test
    void anImportedArgon2idHashOfAPasswordAsTypedMatchesItEvenWhereNfkcChangesIt() {
        // Full-width letters and a decomposed é: NFKC changes both, and another system hashed them as typed.
        String typed = "\uFF50\uFF41\uFF53\uFF53-Cafe\u0301-9";
        byte[] salt = "imported-salt-16".getBytes(StandardCharsets.US_ASCII);
        String imported = Argon2PhcHash.create(io.cognate.adapters.passwords.Argon2.Type.ID, 4096, 3, 1, typed.getBytes(StandardCharsets.UTF_8),
                salt, 32);

        assertThat(hasher.matches(typed, imported)).isTrue();
        assertThat(hasher.matches("pass-Caf\u00E9-9", imported)).as("the NFKC form, which is not what was hashed").isFalse();
        assertThat(hasher.matches(typed + "x", imported)).isFalse();
        // Cognate's own hash of the same password is of its NFKC form and accepts both spellings.
        String own = hasher.hash(typed);
        assertThat(hasher.matches(typed, own)).isTrue();
        assertThat(hasher.matches("pass-Caf\u00E9-9", own)).isTrue();
    }

    @Test
    void primingMakesTheSameCurrentHashEverywhereAndItChecksLikeAnyOther() {
        String primed = Argon2idPasswordHasher.prime();

        assertThat(primed).startsWith(Argon2idPasswordHasher.CURRENT_PREFIX).isEqualTo(Argon2idPasswordHasher.prime());
        assertThat(hasher.matches(Argon2idPasswordHasher.PRIMING_PASSWORD, primed)).isTrue();
        assertThat(hasher.matches("anything else", primed)).isFalse();
    }

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

    @Test
    void hashesStoredByPassword4jStillMatch() {
        // Every hash stored before this hasher had its own Argon2 was made by password4j like this.
        Argon2Function before = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String stored = Password.hash("Correct-Horse-9").addSalt(salt).with(before).getResult();
        assertThat(stored).startsWith(Argon2idPasswordHasher.CURRENT_PREFIX);
        assertThat(hasher.matches("Correct-Horse-9", stored)).isTrue();
        assertThat(hasher.matches("Correct-Horse-8", stored)).isFalse();
        assertThat(hasher.needsRehash(stored)).isFalse();
    }

    @Test
    void password4jChecksWhatThisHasherStores() {
        String stored = hasher.hash("Correct-Horse-9");
        assertThat(Password.check("Correct-Horse-9", stored).with(Argon2Function.getInstanceFromHash(stored))).isTrue();
        assertThat(Password.check("Correct-Horse-8", stored).with(Argon2Function.getInstanceFromHash(stored))).isFalse();
    }
}
