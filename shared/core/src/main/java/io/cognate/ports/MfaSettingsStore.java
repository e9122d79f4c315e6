package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.mfa.MfaSettings;
import java.util.Optional;

/**
 * Users' MFA settings in the Directory, beside each user (same partition, so they replicate
 * with it). Writes are fenced like every Directory write: they commit only while this region's
 * copy of {@code fence} still names it leader, else {@link UserDirectory.FencedOut}.
 */
public interface MfaSettingsStore {
    /** A strongly consistent read; empty when the user never enrolled. */
    Optional<MfaSettings> find(String sub);

    /**
     * Writes the settings whole, in one transaction with the fence, provided the user still
     * exists and the stored settings are still at {@code expectedVersion} (0: none stored).
     * Throws {@link Conflict} otherwise.
     */
    void put(String sub, MfaSettings settings, long expectedVersion, LeaderRecord fence);

    /** The user is gone, or another write changed the settings since they were read. */
    final class Conflict extends RuntimeException {
        public Conflict() {
            super("MFA settings changed or user gone", null, false, false);
        }
    }
}
