package io.cognate.domain;

/**
 * How a client secret is kept: its SHA-256 (to check a presented secret without any key, as
 * the token endpoint and {@code ClientSecret} parameters need) and its ciphertext under the
 * multi-region data key (to compute {@code SECRET_HASH}, an HMAC keyed with the secret itself,
 * which no one-way hash allows). Neither reveals the secret to a reader of the table.
 */
public record StoredClientSecret(String sha256, String ciphertext) {

    @Override
    public String toString() {
        return "StoredClientSecret[redacted]";
    }
}
