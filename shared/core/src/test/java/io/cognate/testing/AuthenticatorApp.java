package io.cognate.testing;

import io.cognate.domain.mfa.Totp;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Locale;

/**
 * A user's authenticator app: it takes the base32 {@code SecretCode} AssociateSoftwareToken
 * answers and shows the RFC 6238 code of any moment, computed with {@link Totp}.
 */
public final class AuthenticatorApp {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] secret;

    private AuthenticatorApp(byte[] secret) {
        this.secret = secret;
    }

    /** The app after the user typed or scanned {@code secretCode} (base32, padding optional). */
    public static AuthenticatorApp withSecretCode(String secretCode) {
        return new AuthenticatorApp(base32Decode(secretCode));
    }

    /** The code the app shows at {@code now}. */
    public String codeAt(Instant now) {
        return Totp.code(secret, Totp.step(now));
    }

    /** RFC 4648 base32, upper or lower case, padding and spaces ignored. */
    public static byte[] base32Decode(String text) {
        var out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '=' || c == ' ') {
                continue;
            }
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
