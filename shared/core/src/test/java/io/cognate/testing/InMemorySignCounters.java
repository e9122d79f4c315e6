package io.cognate.testing;

import io.cognate.ports.SignCounters;
import java.util.HashMap;
import java.util.Map;

/**
 * Passkey signature counts in memory, one per credential and region as the DynamoDB adapter
 * keeps them: {@link #advance} is conditional on this region's count being lower, {@link
 * #highest} reads every region's. {@link #inRegion} gives another region's view of the same
 * counts (the global Sessions table, here without replication lag).
 */
public final class InMemorySignCounters implements SignCounters {

    private record Key(String sub, String credentialId, String region) {
    }

    private final Map<Key, Long> counts;
    private final String region;

    public InMemorySignCounters(String region) {
        this(new HashMap<>(), region);
    }

    private InMemorySignCounters(Map<Key, Long> counts, String region) {
        this.counts = counts;
        this.region = region;
    }

    /** The same counts as {@code otherRegion} reads and writes them. */
    public InMemorySignCounters inRegion(String otherRegion) {
        return new InMemorySignCounters(counts, otherRegion);
    }

    @Override
    public long highest(String sub, String credentialId) {
        synchronized (counts) {
            return counts.entrySet().stream()
                    .filter(e -> e.getKey().sub().equals(sub) && e.getKey().credentialId().equals(credentialId))
                    .mapToLong(Map.Entry::getValue).max().orElse(0);
        }
    }

    @Override
    public boolean advance(String sub, String credentialId, long count) {
        synchronized (counts) {
            Key key = new Key(sub, credentialId, region);
            Long stored = counts.get(key);
            if (stored != null && stored >= count) {
                return false;
            }
            counts.put(key, count);
            return true;
        }
    }
}
