package io.cognate.domain.clients;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.StoredClientSecret;
import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets of confidential app clients: making them, and checking the two proofs Cognito
 * accepts. A presented secret is compared with the stored SHA-256 (no key needed). A
 * {@code SECRET_HASH} is Base64(HMAC-SHA256(key = secret, message = username + clientId)); it can
 * only be checked with the secret itself, so the secret is also kept encrypted under the
 * multi-region data key and decrypted (one KMS call) for the check.
 */
public final class ClientSecrets {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** 52 characters of a 36-letter alphabet: about 269 bits, the length Cognito's secrets have. */
    private static final int SECRET_LENGTH = 52;

    private final SecretEnvelopes envelopes;
    private final SecureRandom random;

    public ClientSecrets(SecretEnvelopes envelopes, SecureRandom random) {
        this.envelopes = envelopes;
        this.random = random;
    }

    /** A new secret for {@code clientId}: the plain text goes to the client once, the rest is stored. */
    public record NewSecret(String plaintext, StoredClientSecret stored) {
        @Override
        public String toString() {
            return "NewSecret[redacted]";
        }
    }

    public NewSecret newSecret(String clientId) {
        var secret = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String plaintext = secret.toString();
        return new NewSecret(plaintext, new StoredClientSecret(sha256(plaintext), envelopes.seal(plaintext.getBytes(StandardCharsets.UTF_8), context(clientId))));
    }

    /**
     * A secret the administrator chose (CreateUserPoolClient's {@code ClientSecret}), kept as a
     * generated one is: only its SHA-256 and its ciphertext are stored.
     */
    public NewSecret sealGiven(String clientId, String plaintext) {
        return new NewSecret(plaintext, new StoredClientSecret(sha256(plaintext),
                envelopes.seal(plaintext.getBytes(StandardCharsets.UTF_8), context(clientId))));
    }

    /** True when {@code presented} is the client's secret (constant-time comparison). */
    public static boolean matches(AppClient client, String presented) {
        if (presented == null || client.secret().isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                client.secret().get().sha256().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Demands a valid {@code SECRET_HASH} from a client that has a secret; public clients pass.
     * The hash may be computed over any of {@code usernames} (Cognito accepts the user's sub
     * where the request names no user, as in a refresh).
     */
    public void requireSecretHash(AppClient client, String secretHash, String... usernames) {
        if (!client.hasSecret()) {
            return;
        }
        if (secretHash == null || secretHash.isEmpty()) {
            throw CognitoException.notAuthorized("Client " + client.clientId()
                    + " is configured with secret but SECRET_HASH was not received");
        }
        String secret = new String(envelopes.open(client.secret().get().ciphertext(), context(client.clientId())),
                StandardCharsets.UTF_8);
        for (String username : usernames) {
            if (username != null && MessageDigest.isEqual(
                    secretHash(secret, username, client.clientId()).getBytes(StandardCharsets.US_ASCII),
                    secretHash.getBytes(StandardCharsets.US_ASCII))) {
                return;
            }
        }
        throw CognitoException.notAuthorized("Unable to verify secret hash for client " + client.clientId());
    }

    /** Demands the client secret itself (GetTokensFromRefreshToken, RevokeToken) from a confidential client. */
    public static boolean secretAccepted(AppClient client, String clientSecret) {
        return !client.hasSecret() || matches(client, clientSecret);
    }

    public static String secretHash(String secret, String username, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Binds the ciphertext to its client: a secret copied onto another client will not open. */
    private static Map<String, String> context(String clientId) {
        return Map.of("cognate:clientId", clientId);
    }
}
