package io.cognate.ports;

import java.util.Map;

/**
 * Encrypts small secrets (app client secrets) under the pool's multi-region data key, so every
 * region can decrypt what any region sealed. The context is bound to the ciphertext: opening
 * with a different context fails.
 */
public interface SecretCipher {
    String seal(String plaintext, Map<String, String> context);

    String open(String sealed, Map<String, String> context);
}
