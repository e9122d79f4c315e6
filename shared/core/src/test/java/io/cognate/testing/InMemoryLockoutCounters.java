package io.cognate.testing;

import io.cognate.ports.LockoutCounters;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Lockout table's counters in memory, with the same conditional writes as the DynamoDB
 * adapter: each operation is one atomic step under this object's lock, and admits, locks or
 * deletes under exactly the adapter's conditions. Times are kept to the millisecond, as the table
 * keeps them. Nothing is forgotten with time: the table's TTL deletes late, so callers judge
 * expiry from the times read.
 */
public final class InMemoryLockoutCounters implements LockoutCounters {

    /** One counter item; a null time is an absent attribute. */
    private record Item(long failures, Instant lastAttempt, Instant lockedUntil, Instant inFlightUntil,
                        long ttlSeconds) {
    }

    private final Map<String, Item> items = new HashMap<>();

    @Override
    public synchronized Optional<Counter> read(String account) {
        Item item = items.get(account);
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new Counter(clamped(item.failures()), item.lastAttempt(),
                Optional.ofNullable(item.lockedUntil())));
    }

    @Override
    public synchronized OptionalInt admit(String account, int maxFailures, Instant now, Instant inFlightUntil,
                                          Instant expiresAt) {
        Instant at = StoredTimes.toMillis(now);
        Item item = items.get(account);
        // Below the limit; past it only when the lock has run out and nothing else past the limit is in flight.
        boolean admitted = item == null
                || item.failures() < maxFailures
                || notAfter(item.lockedUntil(), at) && notAfter(item.inFlightUntil(), at);
        if (!admitted) {
            return OptionalInt.empty();
        }
        long failures = (item == null ? 0 : item.failures()) + 1;
        Instant lockedUntil = item == null ? null : item.lockedUntil();
        items.put(account, new Item(failures, at, lockedUntil, StoredTimes.toMillis(inFlightUntil),
                expiresAt.getEpochSecond()));
        return OptionalInt.of(clamped(failures));
    }

    @Override
    public synchronized Optional<Admission> admitReading(String account, int maxFailures, Instant now,
                                                         Instant inFlightUntil, Instant expiresAt) {
        Item item = items.get(account);
        if (item != null && !notAfter(item.lockedUntil(), StoredTimes.toMillis(now))) {
            return Optional.empty();
        }
        Optional<Counter> before = read(account);
        OptionalInt count = admit(account, maxFailures, now, inFlightUntil, expiresAt);
        return count.isPresent() ? Optional.of(new Admission(count.getAsInt(), before)) : Optional.empty();
    }

    @Override
    public synchronized boolean restart(String account, Instant countedAt, int count) {
        Item item = items.get(account);
        if (item == null || !item.lastAttempt().equals(StoredTimes.toMillis(countedAt)) || item.failures() != count) {
            return false;
        }
        items.put(account, new Item(1, item.lastAttempt(), null, item.inFlightUntil(), item.ttlSeconds()));
        return true;
    }

    @Override
    public synchronized boolean lock(String account, int maxFailures, Instant lockedUntil, Instant expiresAt) {
        Item item = items.get(account);
        if (item == null || item.failures() < maxFailures) {
            return false;
        }
        items.put(account, new Item(item.failures(), item.lastAttempt(), StoredTimes.toMillis(lockedUntil), null,
                expiresAt.getEpochSecond()));
        return true;
    }

    @Override
    public synchronized void resetIfUnchanged(String account, Instant lastAttempt) {
        Item item = items.get(account);
        if (item != null && item.lastAttempt().equals(StoredTimes.toMillis(lastAttempt))) {
            items.remove(account);
        }
    }

    @Override
    public synchronized void release(String account) {
        Item item = items.get(account);
        if (item != null) {
            items.put(account, new Item(item.failures(), item.lastAttempt(), item.lockedUntil(), null,
                    item.ttlSeconds()));
        }
    }

    @Override
    public synchronized void reset(String account) {
        items.remove(account);
    }

    /** An absent time, or one at or before {@code now}. */
    private static boolean notAfter(Instant time, Instant now) {
        return time == null || !time.isAfter(now);
    }

    private static int clamped(long failures) {
        return (int) Math.min(Integer.MAX_VALUE, failures);
    }
}
