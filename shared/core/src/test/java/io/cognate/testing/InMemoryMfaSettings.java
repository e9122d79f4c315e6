package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.ports.MfaSettingsStore;
import java.util.Optional;

/**
 * Users' MFA settings kept beside them in an {@link InMemoryUserDirectory}, written exactly as
 * DynamoDbMfaSettings writes them: fenced like every Directory write ({@link
 * io.cognate.ports.UserDirectory.FencedOut} first), then {@link Conflict} unless the user exists
 * and the stored version is still the one expected (0: none stored). The version written is the
 * one the settings carry; the store does not count it itself. Deleting the user deletes them.
 */
public final class InMemoryMfaSettings implements MfaSettingsStore {
    private final InMemoryUserDirectory directory;

    /** The settings of {@code directory}'s users, fenced and written as that directory's region. */
    public InMemoryMfaSettings(InMemoryUserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<MfaSettings> find(String sub) {
        return directory.mfaSettings(sub);
    }

    @Override
    public void put(String sub, MfaSettings settings, long expectedVersion, LeaderRecord fence) {
        directory.putMfaSettings(sub, settings, expectedVersion, fence);
    }
}
