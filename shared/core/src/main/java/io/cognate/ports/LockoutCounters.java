package io.cognate.ports;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Failed sign-in counters in this region's own (never replicated) Lockout table, one per
 * account. Every change is a single atomic item write, so concurrent attempts are counted
 * exactly. Expiry is decided by the caller from the times stored here: the table's TTL deletes
 * items only eventually.
 */
public interface LockoutCounters {

    /** An account's counter as last written. */
    record Counter(int failures, Instant lastAttempt, Optional<Instant> lockedUntil) {
        public boolean lockedAt(Instant now) {
            return lockedUntil.map(now::isBefore).orElse(false);
        }
    }

    /** A strongly consistent read. */
    Optional<Counter> read(String account);

    /**
     * Counts one attempt before its password is checked, and returns the new count; returns
     * empty, counting nothing, when the attempt must be refused. An attempt is admitted while
     * fewer than {@code maxFailures} attempts are counted; past that, only once the lock has run
     * out and no other attempt past the threshold is still being checked (each admitted attempt
     * marks itself in flight until {@code inFlightUntil}). So at most {@code maxFailures}
     * passwords are ever checked before the account locks, however many arrive at once.
     */
    OptionalInt admit(String account, int maxFailures, Instant now, Instant inFlightUntil, Instant expiresAt);

    /** An attempt {@link #admitReading} counted: its place in the count, and the counter just before it. */
    record Admission(int count, Optional<Counter> before) {
    }

    /**
     * Counts one attempt as {@link #admit} does, refusing it too while the account is locked at
     * {@code now}, and returns the counter as it was just before, taken in the same atomic write:
     * the caller needs no read of its own before counting. Empty, counting nothing, when the
     * attempt must be refused.
     */
    Optional<Admission> admitReading(String account, int maxFailures, Instant now, Instant inFlightUntil,
                                     Instant expiresAt);

    /**
     * Starts the count again at the attempt counted at {@code countedAt} as {@code count} (the
     * counter had been idle): sets the count to one and removes the lock that has run out,
     * provided nobody has counted an attempt since. Returns whether it did.
     */
    boolean restart(String account, Instant countedAt, int count);

    /**
     * Locks the account until {@code lockedUntil} and clears the in-flight mark, provided the
     * counter still holds at least {@code maxFailures} (a success in between has reset it).
     * Returns whether it did.
     */
    boolean lock(String account, int maxFailures, Instant lockedUntil, Instant expiresAt);

    /** Deletes the counter if nobody has counted an attempt since {@code lastAttempt}. */
    void resetIfUnchanged(String account, Instant lastAttempt);

    /** Clears the in-flight mark, keeping the count; does nothing if there is no counter. */
    void release(String account);

    /** Deletes the counter: the password was right. */
    void reset(String account);
}
