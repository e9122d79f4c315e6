package io.cognate.domain.srp;

import io.cognate.domain.CognitoException;
import io.cognate.domain.PasswordSignIn;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The wire forms an SRP password claim shares, for a user's password (PASSWORD_VERIFIER) and a
 * remembered device's (DEVICE_PASSWORD_VERIFIER): the {@code SECRET_BLOCK} as standard base64 of
 * the sealed exchange (the clients decode it to sign it), the base64 signature, Cognito's
 * {@code TIMESTAMP}.
 */
public final class PasswordClaims {
    /** Cognito's TIMESTAMP, e.g. {@code Tue Dec 1 21:42:03 UTC 2026}. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", java.util.Locale.US).withZone(ZoneOffset.UTC);
    /** A sealed block is about 2,100 characters; anything much longer is not one of ours. */
    private static final int MAX_BLOCK_LENGTH = 4096;

    private PasswordClaims() {
    }

    /** The SECRET_BLOCK the client is sent: standard base64 of the sealed exchange. */
    public static String secretBlock(String sealed) {
        return Base64.getEncoder().encodeToString(sealed.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes a claim signs; a block that is not one of ours is an incorrect claim. */
    public static byte[] blockBytes(String secretBlock) {
        if (secretBlock.length() > MAX_BLOCK_LENGTH) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        try {
            return Base64.getDecoder().decode(secretBlock);
        } catch (IllegalArgumentException e) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
    }

    /** The sealed exchange inside a block's bytes. */
    public static String sealed(byte[] blockBytes) {
        return new String(blockBytes, StandardCharsets.UTF_8);
    }

    /** A signature that is not base64 is simply wrong, and counted as such. */
    public static byte[] signature(String signature) {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Refuses a TIMESTAMP that is not in Cognito's format ({@code InvalidParameterException}). */
    public static void requireTimestamp(String timestamp) {
        try {
            TIMESTAMP.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw CognitoException.invalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in English.");
        }
    }


}
