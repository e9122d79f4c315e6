package io.cognate.domain.admin;

import io.cognate.domain.WriteFence;
import io.cognate.ports.AdminKeys;
import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Issues, lists and revokes admin access keys. An id is 20 characters like an AWS access key id
 * ({@code CGN} and 17 of A–Z, 2–7: 85 bits, so ids never collide in practice, and a collision
 * would only fail the create); a secret is 40 characters of base64 from 30 random bytes (240
 * bits), shown once when issued and stored only sealed under the data key.
 */
public final class AdminKeyIssuance {
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String ID_PREFIX = "CGN";
    private static final int ID_RANDOM_CHARS = 17;

    private final AdminKeys keys;
    private final SecretEnvelopes envelopes;
    private final WriteFence fence;
    private final SecureRandom random;
    private final Clock clock;

    public AdminKeyIssuance(AdminKeys keys, SecretEnvelopes envelopes, WriteFence fence, SecureRandom random, Clock clock) {
        this.keys = keys;
        this.envelopes = envelopes;
        this.fence = fence;
        this.random = random;
        this.clock = clock;
    }

    /** A new key; its secret is in the answer and nowhere else in plain text. */
    public IssuedKey create(AdminKeyPolicy policy, String description) {
        var id = new StringBuilder(ID_PREFIX);
        for (int i = 0; i < ID_RANDOM_CHARS; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] secretBytes = new byte[30];
        random.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        String keyId = id.toString();
        String sealed = envelopes.seal(secret.getBytes(StandardCharsets.UTF_8), AdminRequestAuthentication.sealContext(keyId));
        var key = new AdminKey(keyId, sealed, policy, description, clock.instant(), Optional.empty());
        fence.run(leader -> {
            keys.create(key, leader);
            return key;
        });
        return new IssuedKey(key, secret);
    }

    public List<AdminKey> list() {
        return keys.list();
    }

    /** True if the key was active and is revoked now. */
    public boolean revoke(String keyId) {
        return fence.run(leader -> keys.revoke(keyId, clock.instant(), leader));
    }

    /** A key just issued, with the only plain copy of its secret. */
    public record IssuedKey(AdminKey key, String secretAccessKey) {
        @Override
        public String toString() {
            return "IssuedKey[" + key.keyId() + ", secret withheld]";
        }
    }
}
