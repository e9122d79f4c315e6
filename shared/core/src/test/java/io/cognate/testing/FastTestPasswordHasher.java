package io.cognate.testing;

import io.cognate.domain.PasswordHasher;
import io.cognate.domain.PasswordPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * NOT FOR PRODUCTION: one salted SHA-256 is no defence for a stolen hash. A {@link PasswordHasher}
 * for tests, thousands of times faster than the Argon2id hasher, so tests that sign up and sign in
 * many users run in milliseconds. It keeps the port's contract as the Argon2id hasher does: a
 * random salt per hash, passwords compared after NFKC normalisation, a malformed or foreign stored
 * hash never matches, and {@link #burnEquivalentWork} checks against a dummy hash made on first
 * use. It counts those calls, so a test can see that an unknown user cost a check.
 */
public final class FastTestPasswordHasher implements PasswordHasher {
    private static final String PREFIX = "$test-sha256-not-for-production$";
    /** A stand-in for a hash another system made (an imported user's): it matches, and needs rehashing. */
    private static final String LEGACY_PREFIX = "$test-legacy-sha256$";
    private static final int SALT_LENGTH = 16;
    private static final Base64.Encoder ENCODE = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger equivalentWork = new AtomicInteger();
    private volatile String dummyHash;

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return PREFIX + ENCODE.encodeToString(salt) + "$" + ENCODE.encodeToString(digest(salt, password));
    }

    /** A hash in the legacy stand-in format, as an import would store it. */
    public static String legacyHash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        new SecureRandom().nextBytes(salt);
        return LEGACY_PREFIX + ENCODE.encodeToString(salt) + "$" + ENCODE.encodeToString(digest(salt, password));
    }

    @Override
    public boolean needsRehash(String storedHash) {
        return storedHash != null && storedHash.startsWith(LEGACY_PREFIX);
    }

    @Override
    public boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null) {
            return false;
        }
        String prefix = storedHash.startsWith(PREFIX) ? PREFIX : storedHash.startsWith(LEGACY_PREFIX) ? LEGACY_PREFIX : null;
        if (prefix == null) {
            return false;
        }
        String[] parts = storedHash.substring(prefix.length()).split("\\$", -1);
        if (parts.length != 2) {
            return false;
        }
        try {
            return MessageDigest.isEqual(digest(DECODE.decode(parts[0]), password), DECODE.decode(parts[1]));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    @Override
    public void burnEquivalentWork(String password) {
        equivalentWork.incrementAndGet();
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hash("not-a-real-password-" + random.nextLong());
            dummyHash = dummy;
        }
        matches(password == null ? "" : password, dummy);
    }

    /** How many times {@link #burnEquivalentWork} was called. */
    public int equivalentWorkBurned() {
        return equivalentWork.get();
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(PasswordPolicy.normalise(password).getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
