package io.cognate.domain.admin;

import java.time.Instant;
import java.util.Optional;

/**
 * An admin access key that Cognate issued: its id (sent in the clear in every signed request),
 * its secret sealed under the data key ({@code sealedSecret}; SigV4 is symmetric, so the
 * verifier needs the secret itself, not a hash of it), what it may call, and whether it is
 * revoked. Revoked keys are kept, so that a listing shows what was issued and when it stopped.
 */
public record AdminKey(String keyId, String sealedSecret, AdminKeyPolicy policy, String description,
                       Instant createdAt, Optional<Instant> revokedAt) {
    public boolean active() {
        return revokedAt.isEmpty();
    }

    public AdminKey revoked(Instant at) {
        return new AdminKey(keyId, sealedSecret, policy, description, createdAt, Optional.of(at));
    }
}
