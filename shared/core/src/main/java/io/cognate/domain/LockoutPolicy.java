package io.cognate.domain;

import java.time.Duration;

/**
 * When repeated wrong passwords lock an account, and for how long. The default is Cognito's
 * documented behaviour: after five consecutive failures each further attempt is refused for
 * 2^(n-5) seconds (n = failures so far), at most fifteen minutes; a success, or fifteen minutes
 * without a counted attempt after the last lock ran out, starts the count again.
 *
 * @param maxFailures consecutive failures allowed before the account locks
 * @param firstLock how long the first lock lasts; each further failure doubles it
 * @param maxLock the longest a lock lasts
 * @param idleReset how long without a counted attempt before the count starts again
 * @param replicateVerdicts whether a lock is also written to the replicated Sessions table, so
 *                          that the account is locked in every region, not only where it was
 *                          attacked
 */
public record LockoutPolicy(int maxFailures, Duration firstLock, Duration maxLock, Duration idleReset,
                            boolean replicateVerdicts) {

    public LockoutPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (firstLock.isNegative() || firstLock.isZero() || maxLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("locks must last a positive time, the first no longer than the longest");
        }
        if (idleReset.isNegative() || idleReset.isZero()) {
            throw new IllegalArgumentException("idleReset must be positive");
        }
    }

    public static LockoutPolicy cognitoDefault() {
        return new LockoutPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), true);
    }

    /** How long the account is locked once {@code failures} consecutive failures are counted. */
    public Duration lockAfter(int failures) {
        if (failures < maxFailures) {
            return Duration.ZERO;
        }
        int doublings = failures - maxFailures;
        if (doublings >= 62) {
            return maxLock;
        }
        try {
            Duration lock = firstLock.multipliedBy(1L << doublings);
            return lock.compareTo(maxLock) > 0 ? maxLock : lock;
        } catch (ArithmeticException overflow) {
            return maxLock;
        }
    }

    /** After this long a counter can no longer matter: its lock has run out and it has been idle since. */
    public Duration counterLifetime() {
        return idleReset.plus(maxLock);
    }

    public LockoutPolicy withMaxFailures(int newMaxFailures) {
        return new LockoutPolicy(newMaxFailures, firstLock, maxLock, idleReset, replicateVerdicts);
    }

    public LockoutPolicy withLocks(Duration newFirstLock, Duration newMaxLock) {
        return new LockoutPolicy(maxFailures, newFirstLock, newMaxLock, idleReset, replicateVerdicts);
    }
}
