package io.cognate.domain.mfa;

import io.cognate.ports.SecretEnvelopes;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Makes, seals and opens users' TOTP secrets. A secret is 160 random bits (RFC 4226's
 * recommended length) and is stored only sealed under the multi-region data key, with the pool
 * and the user's sub as encryption context: a sealed secret copied onto another user's record,
 * or into another pool, does not open.
 */
public final class TotpSecrets {
    static final int SECRET_BYTES = 20;

    private final String userPoolId;
    private final SecretEnvelopes envelopes;
    private final SecureRandom random;

    public TotpSecrets(String userPoolId, SecretEnvelopes envelopes, SecureRandom random) {
        this.userPoolId = userPoolId;
        this.envelopes = envelopes;
        this.random = random;
    }

    /** A new secret: its base32 form for the user's app, and its sealed form for the store. */
    public record NewSecret(String base32, String sealed) {
        @Override
        public String toString() {
            return "NewSecret[redacted]";
        }
    }

    public NewSecret create(String sub) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        try {
            return new NewSecret(Base32.encode(secret), envelopes.seal(secret, context(sub)));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** The secret's bytes; throws {@link SecretEnvelopes.CannotOpen} if it is not this user's. */
    public byte[] open(String sub, String sealed) {
        return envelopes.open(sealed, context(sub));
    }

    private Map<String, String> context(String sub) {
        return Map.of("purpose", "totp-secret", "userPoolId", userPoolId, "sub", sub);
    }
}
