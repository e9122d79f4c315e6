package io.cognate.domain;

import io.cognate.ports.AuthEvents;
import io.cognate.ports.LockVerdicts;
import io.cognate.ports.LockoutCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Password lockout: counts consecutive failed passwords per account in this region's Lockout
 * table and refuses attempts, without checking their password, while the account is locked.
 * A lock is also recorded as a verdict in the replicated Sessions table, which every region
 * reads, so switching region does not get round it. Accounts are counted by case-folded
 * username whether or not the user exists, so a lock reveals nothing about who exists.
 */
public final class SignInAttempts {
    public static final String ATTEMPTS_EXCEEDED = "Password attempts exceeded";
    /** Longer than any sign-in can take (Lambda stops one after 10 s). */
    static final Duration IN_FLIGHT_WINDOW = Duration.ofSeconds(15);

    private final String region;
    private final LockoutPolicy policy;
    private final LockoutCounters counters;
    private final LockVerdicts verdicts;
    private final Clock clock;
    private final AuthEvents events;

    public SignInAttempts(String region, LockoutPolicy policy, LockoutCounters counters, LockVerdicts verdicts,
                          Clock clock) {
        this(region, policy, counters, verdicts, clock, AuthEvents.none());
    }

    public SignInAttempts(String region, LockoutPolicy policy, LockoutCounters counters, LockVerdicts verdicts,
                          Clock clock, AuthEvents events) {
        this.region = region;
        this.policy = policy;
        this.counters = counters;
        this.verdicts = verdicts;
        this.clock = clock;
        this.events = events;
    }

    /** An admitted attempt: its place in the count of consecutive attempts. */
    public record Attempt(String account, int count) {
    }

    public LockoutPolicy policy() {
        return policy;
    }

    /**
     * Counts an attempt on {@code account} before its password is checked, or refuses it with
     * {@code NotAuthorizedException: Password attempts exceeded} while the account is locked
     * here or by any region's verdict.
     */
    public Attempt begin(String account) {
        Instant now = clock.instant();
        if (lockedByVerdict(account, now)) {
            throw attemptsExceeded();
        }
        // One conditional write counts the attempt, refuses it while the account is locked here,
        // and gives the counter as it was: no read before it (one DynamoDB call a sign-in fewer).
        Optional<LockoutCounters.Admission> admitted = counters.admitReading(account, policy.maxFailures(), now,
                now.plus(IN_FLIGHT_WINDOW), now.plus(policy.counterLifetime()));
        if (admitted.isEmpty()) {
            throw attemptsExceeded();
        }
        int count = admitted.get().count();
        Optional<LockoutCounters.Counter> before = admitted.get().before();
        // Quiet long enough before this attempt: the count starts again at it, unless another
        // attempt was counted meanwhile (then both keep the higher counts: never fewer guesses
        // counted than were made).
        if (before.isPresent() && idle(before.get(), now) && counters.restart(account, now, count)) {
            count = 1;
        }
        return new Attempt(account, count);
    }

    /**
     * Refuses, like {@link #begin} but counting nothing, while the account is locked: for a step
     * that proves nothing yet and would only cost the app something (a custom challenge created,
     * a code sent) for an account that may not try now.
     */
    public void refuseIfLocked(String account) {
        Instant now = clock.instant();
        Optional<LockoutCounters.Counter> counter = counters.read(account);
        if (counter.isPresent() && counter.get().lockedAt(now) || lockedByVerdict(account, now)) {
            throw attemptsExceeded();
        }
    }

    /** The password was wrong: the attempt stays counted, and the account locks if it reached the limit. */
    public void failed(Attempt attempt) {
        Duration lock = policy.lockAfter(attempt.count());
        if (lock.isZero()) {
            return;
        }
        Instant now = clock.instant();
        Instant lockedUntil = now.plus(lock);
        boolean locked = counters.lock(attempt.account(), policy.maxFailures(), lockedUntil,
                now.plus(policy.counterLifetime()));
        if (locked) {
            events.accountLocked();
        }
        if (locked && policy.replicateVerdicts()) {
            verdicts.record(attempt.account(), region, lockedUntil);
        }
    }

    /**
     * The attempt's check is over without a verdict yet (a right password awaiting its second
     * factor): it stays counted, but no longer holds other attempts off as in flight.
     */
    public void released(Attempt attempt) {
        counters.release(attempt.account());
    }

    /** The password was right: the count starts again. */
    public void succeeded(Attempt attempt) {
        counters.reset(attempt.account());
    }

    /**
     * Quiet for the idle time since the last counted attempt and since the end of its lock. From
     * the last attempt alone, a longest lock as long as the idle time would start the count
     * again the moment it ran out: five more free guesses every half hour, forever.
     */
    private boolean idle(LockoutCounters.Counter counter, Instant now) {
        Instant quietSince = counter.lockedUntil().filter(until -> until.isAfter(counter.lastAttempt()))
                .orElse(counter.lastAttempt());
        return !quietSince.plus(policy.idleReset()).isAfter(now);
    }

    private boolean lockedByVerdict(String account, Instant now) {
        if (!policy.replicateVerdicts()) {
            return false;
        }
        return verdicts.find(account).stream().anyMatch(verdict -> now.isBefore(verdict.lockedUntil()));
    }

    public static CognitoException attemptsExceeded() {
        return CognitoException.notAuthorized(ATTEMPTS_EXCEEDED);
    }
}
