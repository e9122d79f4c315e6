package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.pool.PoolSettings;
import java.util.Optional;

/**
 * The pool's settings, one item in the replicated Directory so every region reads the same.
 * Writes are fenced like every Directory write and conditional on the version read, so two
 * changes made at once never silently lose one of them.
 */
public interface PoolSettingsStore {
    /** A strongly consistent read of this region's copy; empty while the pool never wrote its settings. */
    Optional<PoolSettings> find();

    /**
     * Stores {@code settings} whole as version {@code expectedVersion + 1}, in one transaction
     * with the fence, provided the stored version is still {@code expectedVersion} (0: none
     * stored); returns what was stored. Throws {@link UserDirectory.ConcurrentUpdate} when another
     * write came first, which {@code WriteFence} answers by running the change again from a fresh
     * read, and {@link UserDirectory.FencedOut} when this region no longer leads.
     */
    PoolSettings put(PoolSettings settings, long expectedVersion, LeaderRecord fence);
}
