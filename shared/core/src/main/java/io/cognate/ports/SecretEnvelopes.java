package io.cognate.ports;

import java.util.Map;

/**
 * Envelope encryption of small secrets (TOTP seeds, challenge sessions, client secrets) under
 * the multi-region data key, so every region opens what any region sealed. The context is bound to the ciphertext: a sealed secret opens only with the same
 * context, so one user's sealed secret cannot be swapped onto another user's record.
 */
public interface SecretEnvelopes {
    String seal(byte[] secret, Map<String, String> context);

    byte[] open(String sealed, Map<String, String> context);

    /** The sealed value was altered, or its context does not match. */
    final class CannotOpen extends RuntimeException {
        public CannotOpen(String reason) {
            super(reason, null, false, false);
        }
    }
}
