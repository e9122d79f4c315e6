package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.ports.UiCustomizationStore;
import io.cognate.ports.UserDirectory;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hosted pages' branding in memory, written as DynamoDbUiCustomizations writes it: fenced
 * first (the region's copy of the leader record at the fence's epoch), then only over the version
 * read. Times are kept to the millisecond, as the table keeps them.
 */
public final class InMemoryUiCustomizations implements UiCustomizationStore {
    private final String region;
    private final InMemoryLeaderRecords leaders;
    private final Map<String, UiCustomization> stored = new HashMap<>();

    public InMemoryUiCustomizations(String region, InMemoryLeaderRecords leaders) {
        this.region = region;
        this.leaders = leaders;
    }

    @Override
    public synchronized Optional<UiCustomization> find(String clientKey) {
        return Optional.ofNullable(stored.get(clientKey));
    }

    @Override
    public UiCustomization put(UiCustomization customization, long expectedVersion, LeaderRecord fence) {
        UiCustomization[] written = new UiCustomization[1];
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                UiCustomization current = stored.get(customization.clientKey());
                long storedVersion = current == null ? 0 : current.version();
                if (storedVersion != expectedVersion) {
                    throw new UserDirectory.ConcurrentUpdate();
                }
                written[0] = new UiCustomization(customization.clientKey(), customization.css(), customization.logo(),
                        expectedVersion + 1, customization.created().truncatedTo(ChronoUnit.MILLIS),
                        customization.lastModified().truncatedTo(ChronoUnit.MILLIS));
                stored.put(customization.clientKey(), written[0]);
            }
        });
        return written[0];
    }
}
