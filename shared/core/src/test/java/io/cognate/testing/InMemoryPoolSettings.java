package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.ports.PoolSettingsStore;
import io.cognate.ports.UserDirectory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The pool's settings in memory, written as DynamoDbPoolSettings writes them: fenced first (the
 * region's copy of the leader record at the fence's epoch), then only over the version read.
 * Times are kept to the millisecond, as the table keeps them.
 */
public final class InMemoryPoolSettings implements PoolSettingsStore {
    private final String region;
    private final InMemoryLeaderRecords leaders;
    private PoolSettings stored;

    public InMemoryPoolSettings(String region, InMemoryLeaderRecords leaders) {
        this.region = region;
        this.leaders = leaders;
    }

    @Override
    public synchronized Optional<PoolSettings> find() {
        return Optional.ofNullable(stored);
    }

    @Override
    public PoolSettings put(PoolSettings settings, long expectedVersion, LeaderRecord fence) {
        PoolSettings[] written = new PoolSettings[1];
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                long storedVersion = stored == null ? 0 : stored.version();
                if (storedVersion != expectedVersion) {
                    throw new UserDirectory.ConcurrentUpdate();
                }
                stored = new PoolSettings(settings.poolName(), settings.password(), settings.mfaConfiguration(),
                        settings.autoVerifiedAttributes(), settings.accountRecovery(), settings.deletionProtection(),
                        settings.allowAdminCreateUserOnly(), settings.unusedAccountValidityDays(),
                        settings.attributesRequireVerificationBeforeUpdate(), settings.customAttributes(),
                        settings.lambdaConfig(), expectedVersion + 1, settings.created().map(InMemoryPoolSettings::millis),
                        settings.lastModified().map(InMemoryPoolSettings::millis), settings.legacyPool(),
                        settings.writeForwarding());
                written[0] = stored;
            }
        });
        return written[0];
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
