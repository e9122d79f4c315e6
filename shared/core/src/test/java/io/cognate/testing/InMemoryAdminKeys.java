package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.admin.AdminKey;
import io.cognate.ports.AdminKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin keys in memory, written as DynamoDbAdminKeys writes them: fenced first (the region's copy
 * of the leader record at the fence's epoch), then a create that never overwrites and a revoke
 * only of an active key. Times are kept to the millisecond, as the table keeps them.
 */
public final class InMemoryAdminKeys implements AdminKeys {
    private final String region;
    private final InMemoryLeaderRecords leaders;
    private final Map<String, AdminKey> keys = new LinkedHashMap<>();

    public InMemoryAdminKeys(String region, InMemoryLeaderRecords leaders) {
        this.region = region;
        this.leaders = leaders;
    }

    @Override
    public synchronized Optional<AdminKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public synchronized List<AdminKey> list() {
        return keys.values().stream()
                .sorted(Comparator.comparing(AdminKey::createdAt).thenComparing(AdminKey::keyId)).toList();
    }

    @Override
    public void create(AdminKey key, LeaderRecord fence) {
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                if (keys.containsKey(key.keyId())) {
                    throw new IllegalStateException("admin key id " + key.keyId() + " is taken");
                }
                keys.put(key.keyId(), new AdminKey(key.keyId(), key.sealedSecret(), key.policy(), key.description(),
                        millis(key.createdAt()), key.revokedAt().map(InMemoryAdminKeys::millis)));
            }
        });
    }

    @Override
    public boolean revoke(String keyId, Instant at, LeaderRecord fence) {
        boolean[] revoked = {false};
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                AdminKey key = keys.get(keyId);
                if (key != null && key.active()) {
                    keys.put(keyId, key.revoked(millis(at)));
                    revoked[0] = true;
                }
            }
        });
        return revoked[0];
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
