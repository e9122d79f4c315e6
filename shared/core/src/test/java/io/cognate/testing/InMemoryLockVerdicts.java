package io.cognate.testing;

import io.cognate.ports.LockVerdicts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lock verdicts in memory: one per account and region, as in the Sessions table. Recording
 * replaces the region's previous verdict on the account, whatever its end, as the DynamoDB
 * adapter's unconditional put does; times are kept to the millisecond. Expired verdicts are
 * returned too: readers judge them.
 */
public final class InMemoryLockVerdicts implements LockVerdicts {
    /** Account, then region (in sort-key order), then the end of its lock. */
    private final Map<String, TreeMap<String, Instant>> verdicts = new HashMap<>();

    @Override
    public synchronized void record(String account, String region, Instant lockedUntil) {
        verdicts.computeIfAbsent(account, a -> new TreeMap<>()).put(region, StoredTimes.toMillis(lockedUntil));
    }

    @Override
    public synchronized List<Verdict> find(String account) {
        List<Verdict> found = new ArrayList<>();
        verdicts.getOrDefault(account, new TreeMap<>())
                .forEach((region, lockedUntil) -> found.add(new Verdict(region, lockedUntil)));
        return List.copyOf(found);
    }
}
