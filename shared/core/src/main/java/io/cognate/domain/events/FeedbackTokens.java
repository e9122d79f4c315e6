package io.cognate.domain.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Feedback tokens: the secret that lets a user say "this was (not) me" about one event without
 * signing in (UpdateAuthEventFeedback). A token is 256 random bits, base64url, after the event's
 * id and a dot ({@code <eventId>.<secret>}), so the one string a notice carries names the event
 * too; the whole token is what is hashed and compared. Only its SHA-256 is stored: a copy of the
 * table gives nobody a token. No slow hash is needed, as there is no low-entropy secret to
 * protect: 256 random bits cannot be found from their hash nor guessed by any number of calls,
 * which is also why no guess budget is kept (each guess succeeds with probability 2^-256).
 */
public final class FeedbackTokens {
    private static final int SECRET_BYTES = 32;

    private final SecureRandom random;

    public FeedbackTokens(SecureRandom random) {
        this.random = random;
    }

    /** A new token for the event {@code eventId}. */
    public String issue(String eventId) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return eventId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** What is stored of {@code token}: its SHA-256, hex. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    /**
     * Whether {@code token} is the one whose hash is {@code storedHash}, in time that does not
     * depend on where the two differ (both sides are fixed-length digests).
     */
    public static boolean matches(String token, String storedHash) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException notHex) {
            stored = new byte[SECRET_BYTES];
        }
        return MessageDigest.isEqual(digest(token), stored);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
