package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.admin.AdminKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin access keys, kept in the replicated Directory so a key works in every region.
 * Writes go through the write fence like every Directory write.
 */
public interface AdminKeys {
    Optional<AdminKey> find(String keyId);

    /** Every key, active and revoked, oldest first. */
    List<AdminKey> list();

    /** Stores a new key; throws {@link IllegalStateException} if the id is taken (never overwrites). */
    void create(AdminKey key, LeaderRecord fence);

    /** Marks the key revoked at {@code at}; false if there is no such key or it was revoked already. */
    boolean revoke(String keyId, Instant at, LeaderRecord fence);
}
