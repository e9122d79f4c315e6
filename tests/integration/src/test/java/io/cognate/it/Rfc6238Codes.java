package io.cognate.it;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for the tests, written from RFC 6238 and RFC 4226 alone (HMAC-SHA-1 from
 * {@code javax.crypto}, dynamic truncation, six digits, 30-second steps) and sharing no code with
 * the production {@code Totp}, so the two cannot agree by sharing a mistake.
 *
 * <p>It hands out each step's code once, and only codes the server will still accept for a
 * while: the server allows one step of drift either side, so near a step's end it prefers the
 * next step's code, and when no unused code is safe it polls the clock until the next step
 * (a bounded wait on the clock, not a sleep standing in for synchronisation).
 */
public final class Rfc6238Codes {
    private static final long STEP_SECONDS = 30;
    private static final Duration MAX_WAIT = Duration.ofSeconds(70);

    private final byte[] key;
    private final Clock clock;
    private final Set<Long> used = new HashSet<>();

    public Rfc6238Codes(String base32Secret, Clock clock) {
        this.key = base32Decode(base32Secret);
        this.clock = clock;
    }

    /** A code and the time step it belongs to. */
    public record Code(String value, long step) {
        @Override
        public String toString() {
            return "Code[step " + step + "]";
        }
    }

    /** RFC 4226 section 5.3 over the RFC 6238 counter. */
    public static String code(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[19] & 0xf;
            int truncated = (hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16
                    | (hash[offset + 2] & 0xff) << 8 | (hash[offset + 3] & 0xff);
            String digits = Integer.toString(truncated % 1_000_000);
            return "0".repeat(6 - digits.length()) + digits;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** RFC 4648 base32, as authenticator apps read the secret (padding and case ignored). */
    public static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").toUpperCase(Locale.ROOT);
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    /** An unused code the server accepts now and for at least {@code minValidity} more. */
    public synchronized Code fresh(Duration minValidity) {
        Instant deadline = clock.instant().plus(MAX_WAIT);
        while (clock.instant().isBefore(deadline)) {
            Instant now = clock.instant();
            long current = step(now);
            for (long candidate = current - 1; candidate <= current + 1; candidate++) {
                // The server accepts a step's code until its own clock is two steps past it.
                Instant acceptedUntil = Instant.ofEpochSecond((candidate + 2) * STEP_SECONDS);
                if (!used.contains(candidate) && !now.plus(minValidity).isAfter(acceptedUntil)) {
                    used.add(candidate);
                    return new Code(code(key, candidate), candidate);
                }
            }
            pause();
        }
        throw new AssertionError("no fresh TOTP code within " + MAX_WAIT);
    }

    public Code fresh() {
        return fresh(Duration.ofSeconds(10));
    }

    /** Six digits that are no code of any step the server could accept in the next minute. */
    public String wrong() {
        long current = step(clock.instant());
        Set<String> near = new HashSet<>();
        for (long s = current - 2; s <= current + 3; s++) {
            near.add(code(key, s));
        }
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", (n * 7919) % 1_000_000);
            if (!near.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200); // polling the clock for the next time step
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
