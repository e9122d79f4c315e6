package io.cognate.domain.conflicts;

import java.util.Locale;
import java.util.Set;

/**
 * Which item attributes a conflict record shows only as {@value #REDACTED}: password hashes,
 * SRP verifiers, code hashes, client secrets (hash and ciphertext), sealed TOTP secrets and
 * device secrets. A conflict record is read by administrators; what an attacker would want from
 * a copy of the table stays in the item alone.
 */
public final class SecretAttributes {
    public static final String REDACTED = "(secret, not kept)";
    private static final Set<String> MARKS = Set.of("hash", "verifier", "secret", "ciphertext", "sealed", "password",
            "code", "salt", "privatekey");

    private SecretAttributes() {
    }

    public static boolean isSecret(String attributeName) {
        String name = attributeName.toLowerCase(Locale.ROOT);
        return MARKS.stream().anyMatch(name::contains);
    }
}
