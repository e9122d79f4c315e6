package io.cognate.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Six-digit codes sent to users. Only a salted SHA-256 of a code is ever stored. */
public final class OneTimeCodes {
    private final SecureRandom random;

    public OneTimeCodes(SecureRandom random) {
        this.random = random;
    }

    public String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /**
     * An eight-digit code, as Cognito sends for a passwordless e-mail sign-in: with no password
     * before it, the code is the whole proof, so it gets 100 times the guesses' space.
     */
    public String newSignInCode() {
        return String.format("%08d", random.nextInt(100_000_000));
    }

    /** The salt binds a code to one user, so equal codes of two users hash differently. */
    public static String hash(String code, String salt) {
        return HexFormat.of().formatHex(sha256(salt + ":" + code));
    }

    public static boolean matches(String code, String salt, String storedHash) {
        if (code == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(
                hash(code, salt).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
