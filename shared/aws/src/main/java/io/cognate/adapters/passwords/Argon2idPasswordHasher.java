package io.cognate.adapters.passwords;

import io.cognate.domain.PasswordHasher;
import io.cognate.domain.PasswordPolicy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Argon2id with OWASP's parameters (m=19 MiB, t=2, p=1), stored as a PHC string. Checking reads
 * the parameters from the stored string, so raising them later keeps old hashes valid.
 *
 * <p>A stored hash in another format (an imported user's bcrypt, PBKDF2-SHA256, scrypt, Firebase
 * scrypt or other Argon2 string) is checked by {@link LegacyPasswordHashes}, and
 * {@link #needsRehash} says it is to be replaced by Argon2id at the first sign-in that proves the
 * password.
 *
 * <p>The hashing is {@link Argon2}, this package's own RFC 9106 implementation, which reuses its
 * 19 MiB of blocks from one check to the next: password4j, used before, allocated about 97 MiB
 * per check (docs/performance.md, "Argon2id without the garbage").
 */
public final class Argon2idPasswordHasher implements PasswordHasher {
    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;

    /** How every hash this hasher makes begins: any other stored hash is rehashed at the next sign-in. */
    public static final String CURRENT_PREFIX = "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$";

    private final SecureRandom random;
    // Made on first use, not at construction: nothing random belongs in a SnapStart snapshot.
    private volatile String dummyHash;

    public Argon2idPasswordHasher(SecureRandom random) {
        this.random = random;
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return Argon2PhcHash.create(Argon2.Type.ID, MEMORY_KIB, ITERATIONS, PARALLELISM, utf8(password), salt,
                HASH_LENGTH);
    }

    @Override
    public boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null) {
            return false;
        }
        if (storedHash.isEmpty()) {
            // A user with no password (federated, imported without a hash): no, at a check's cost.
            burnEquivalentWork(password);
            return false;
        }
        if (!storedHash.startsWith("$argon2id$")) {
            return LegacyPasswordHashes.matches(password, storedHash);
        }
        // A malformed string, or one asking for more work than Argon2PhcHash allows, matches nothing.
        return Argon2PhcHash.parse(storedHash).map(stored -> matchesNormalisedOrAsTyped(stored, password))
                .orElse(false);
    }

    /**
     * Cognate hashes the NFKC form of a password; an imported Argon2id hash was made by another
     * system of the password as typed (docs/security.md). The two differ only for a password that
     * NFKC changes, and only then is a second check made. That costs the same whoever the user is:
     * an unknown user's decoy check ({@link #burnEquivalentWork}) runs through here too. It lets
     * in nothing more: a Cognate hash is of an NFKC form, which a password NFKC changes never is.
     */
    private static boolean matchesNormalisedOrAsTyped(Argon2PhcHash stored, String password) {
        byte[] normalised = utf8(password);
        if (stored.matches(normalised)) {
            return true;
        }
        byte[] typed = password.getBytes(StandardCharsets.UTF_8);
        return !Arrays.equals(typed, normalised) && stored.matches(typed);
    }

    private static byte[] utf8(String password) {
        return PasswordPolicy.normalise(password).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One Argon2id hash at the current parameters with a fixed, public salt and password, for
     * SnapStart's {@code beforeCheckpoint}: it loads the hashing classes and takes the first
     * 19 MiB area of blocks into the snapshot, so a restored environment's first sign-in does not
     * pay them (200–600 ms in a cold JVM here, docs/performance.md). Nothing random or secret: the
     * answer is the same in every environment. Returns the PHC string made.
     */
    public static String prime() {
        byte[] salt = "cognate-priming!".getBytes(StandardCharsets.US_ASCII);
        return Argon2PhcHash.create(Argon2.Type.ID, MEMORY_KIB, ITERATIONS, PARALLELISM,
                utf8(PRIMING_PASSWORD), salt, HASH_LENGTH);
    }

    /** The public password {@link #prime} hashes. */
    static final String PRIMING_PASSWORD = "priming-not-a-password";

    @Override
    public boolean needsRehash(String storedHash) {
        return storedHash != null && !storedHash.isEmpty() && !storedHash.startsWith(CURRENT_PREFIX);
    }

    @Override
    public void burnEquivalentWork(String password) {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hash("not-a-real-password-" + random.nextLong());
            dummyHash = dummy;
        }
        matches(password == null ? "" : password, dummy);
    }
}
