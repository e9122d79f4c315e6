package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.LockoutCounters.Counter;
import io.cognate.ports.LockoutCounters;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LockoutCounters} does, run against each implementation: counting, the
 * in-flight mark, locks, the conditional resets, and that at most {@code maxFailures} attempts
 * are admitted before a lock however many arrive at once. Every test works on accounts of its
 * own, so one store (one table) may serve them all.
 *
 * <p>Times come from a clock the tests move by hand. It starts at the real time because DynamoDB
 * (Local too) deletes items whose TTL has passed, and a test must not lose its counter to that.
 */
public abstract class LockoutCountersContract {
    private static final int MAX_FAILURES = 5;
    private static final Duration IN_FLIGHT = Duration.ofSeconds(15);
    private static final Duration COUNTER_LIFETIME = Duration.ofMinutes(15);
    private static final int SIMULTANEOUS_ATTEMPTS = 24;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private LockoutCounters counters;
    private String account;

    /** The store under test. It may be shared between tests: each test uses accounts nobody else uses. */
    protected abstract LockoutCounters newCounters();

    @BeforeEach
    void newAccount() {
        counters = newCounters();
        account = newAccountName();
    }

    private static String newAccountName() {
        return "account-" + UUID.randomUUID();
    }

    private OptionalInt admit(String someAccount, int maxFailures) {
        Instant now = clock.instant();
        return counters.admit(someAccount, maxFailures, now, now.plus(IN_FLIGHT), now.plus(COUNTER_LIFETIME));
    }

    private OptionalInt admit() {
        return admit(account, MAX_FAILURES);
    }

    /** Counts {@code MAX_FAILURES} attempts now, each left in flight. */
    private void admitUpToTheLimit() {
        for (int count = 1; count <= MAX_FAILURES; count++) {
            assertThat(admit()).hasValue(count);
        }
    }

    private boolean lockUntil(Instant lockedUntil) {
        return counters.lock(account, MAX_FAILURES, lockedUntil, clock.instant().plus(COUNTER_LIFETIME));
    }

    private Counter counter() {
        return counters.read(account).orElseThrow();
    }

    @Test
    void anAccountNeverCountedHasNoCounter() {
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void theFirstAttemptIsCountedAsOneAtItsTime() {
        assertThat(admit()).hasValue(1);
        assertThat(counter()).isEqualTo(new Counter(1, clock.instant(), Optional.empty()));
    }

    @Test
    void belowTheLimitAttemptsAreAdmittedWhileOthersAreInFlight() {
        admitUpToTheLimit();
        assertThat(counter()).isEqualTo(new Counter(MAX_FAILURES, clock.instant(), Optional.empty()));
    }

    @Test
    void pastTheLimitAnAttemptIsRefusedWhileTheLastIsInFlightAndCountsNothing() {
        admitUpToTheLimit();
        Instant lastAdmitted = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        assertThat(admit()).isEmpty();
        assertThat(counter()).isEqualTo(new Counter(MAX_FAILURES, lastAdmitted, Optional.empty()));
    }

    @Test
    void theInFlightMarkHoldsOffAttemptsUntilItsEnd() {
        admitUpToTheLimit();
        Instant inFlightUntil = clock.instant().plus(IN_FLIGHT);
        clock.set(inFlightUntil.minusMillis(1));
        assertThat(admit()).isEmpty();
        clock.set(inFlightUntil);
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
    }

    @Test
    void pastTheLimitOnlyOneAttemptIsInFlightAtATime() {
        admitUpToTheLimit();
        clock.advance(IN_FLIGHT);
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
        // The attempt just admitted is in flight now and holds the next one off.
        assertThat(admit()).isEmpty();
        clock.advance(IN_FLIGHT);
        assertThat(admit()).hasValue(MAX_FAILURES + 2);
    }

    @Test
    void aReleasedAttemptStaysCountedButNoLongerHoldsTheNextOneOff() {
        admitUpToTheLimit();
        counters.release(account);
        assertThat(counter().failures()).isEqualTo(MAX_FAILURES);
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
    }

    @Test
    void releasingKeepsTheLock() {
        admitUpToTheLimit();
        Instant lockedUntil = clock.instant().plus(Duration.ofMinutes(1));
        assertThat(lockUntil(lockedUntil)).isTrue();
        counters.release(account);
        assertThat(counter().lockedUntil()).contains(lockedUntil);
        assertThat(admit()).isEmpty();
    }

    @Test
    void releasingAnAccountWithoutACounterCreatesNone() {
        counters.release(account);
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void aLockIsReadBackAndRefusesAttemptsUntilItsEndWithoutCountingThem() {
        admitUpToTheLimit();
        Instant lastAdmitted = clock.instant();
        Instant lockedUntil = clock.instant().plus(Duration.ofMinutes(1));
        assertThat(lockUntil(lockedUntil)).isTrue();
        assertThat(counter()).isEqualTo(new Counter(MAX_FAILURES, lastAdmitted, Optional.of(lockedUntil)));
        assertThat(counter().lockedAt(clock.instant())).isTrue();
        clock.set(lockedUntil.minusMillis(1));
        assertThat(admit()).isEmpty();
        assertThat(counter().failures()).isEqualTo(MAX_FAILURES);
        clock.set(lockedUntil);
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
    }

    @Test
    void lockingClearsTheInFlightMark() {
        admitUpToTheLimit(); // the last attempt is in flight for IN_FLIGHT
        Instant lockedUntil = clock.instant().plus(Duration.ofSeconds(1));
        assertThat(lockUntil(lockedUntil)).isTrue();
        clock.set(lockedUntil);
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
    }

    @Test
    void anAttemptAdmittedAfterALockKeepsTheLockTimeItRanOutAt() {
        admitUpToTheLimit();
        Instant lockedUntil = clock.instant().plus(Duration.ofSeconds(1));
        lockUntil(lockedUntil);
        clock.set(lockedUntil);
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
        assertThat(counter()).isEqualTo(new Counter(MAX_FAILURES + 1, lockedUntil, Optional.of(lockedUntil)));
        assertThat(counter().lockedAt(clock.instant())).isFalse();
    }

    @Test
    void aLockBelowTheLimitIsRefusedAndChangesNothing() {
        for (int count = 1; count < MAX_FAILURES; count++) {
            admit();
        }
        assertThat(lockUntil(clock.instant().plus(Duration.ofMinutes(1)))).isFalse();
        assertThat(counter()).isEqualTo(new Counter(MAX_FAILURES - 1, clock.instant(), Optional.empty()));
    }

    @Test
    void aLockOnAnAccountWithoutACounterIsRefusedAndCreatesNone() {
        assertThat(lockUntil(clock.instant().plus(Duration.ofMinutes(1)))).isFalse();
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void aNewLockReplacesTheLockTimeEvenWithAnEarlierOne() {
        admitUpToTheLimit();
        assertThat(lockUntil(clock.instant().plus(Duration.ofMinutes(10)))).isTrue();
        Instant sooner = clock.instant().plus(Duration.ofMinutes(1));
        assertThat(lockUntil(sooner)).isTrue();
        assertThat(counter().lockedUntil()).contains(sooner);
    }

    @Test
    void aRaisedLimitAdmitsAttemptsBelowItEvenWhileALockIsRecorded() {
        admitUpToTheLimit();
        lockUntil(clock.instant().plus(Duration.ofMinutes(1)));
        // Refusing a locked account outright is the caller's part, from the lock it reads.
        assertThat(admit(account, MAX_FAILURES + 1)).hasValue(MAX_FAILURES + 1);
        assertThat(admit(account, MAX_FAILURES + 1)).isEmpty();
    }

    @Test
    void aLockThatHasRunOutIsStillReadBack() {
        admitUpToTheLimit();
        Instant ranOut = clock.instant().minus(Duration.ofMinutes(1));
        assertThat(lockUntil(ranOut)).isTrue();
        assertThat(counter().lockedUntil()).contains(ranOut);
        assertThat(counter().lockedAt(clock.instant())).isFalse();
        assertThat(admit()).hasValue(MAX_FAILURES + 1);
    }

    @Test
    void anIdleCounterIsReadBackAsItIsForTheCallerToReset() {
        Instant longAgo = clock.instant().minus(Duration.ofHours(1));
        counters.admit(account, MAX_FAILURES, longAgo, longAgo.plus(IN_FLIGHT), clock.instant().plus(COUNTER_LIFETIME));
        assertThat(counter()).isEqualTo(new Counter(1, longAgo, Optional.empty()));
    }

    @Test
    void timesAreKeptToTheMillisecondRoundedDown() {
        Instant wholeMilli = clock.instant();
        clock.set(wholeMilli.plusNanos(400_000));
        admitUpToTheLimit();
        assertThat(lockUntil(wholeMilli.plus(Duration.ofMinutes(1)).plusNanos(700_000))).isTrue();
        assertThat(counter()).isEqualTo(new Counter(MAX_FAILURES, wholeMilli,
                Optional.of(wholeMilli.plus(Duration.ofMinutes(1)))));
    }

    @Test
    void aCounterNobodyCountedSinceItWasReadIsReset() {
        admit();
        clock.advance(Duration.ofMinutes(20));
        counters.resetIfUnchanged(account, counter().lastAttempt());
        assertThat(counters.read(account)).isEmpty();
        assertThat(admit()).hasValue(1);
    }

    @Test
    void aCounterIsResetByTheLastAttemptAsReadEvenWhenCountedWithinAMillisecond() {
        clock.set(clock.instant().plusNanos(400_000));
        admit();
        counters.resetIfUnchanged(account, counter().lastAttempt());
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void aCounterSomeoneCountedSinceItWasReadIsNotReset() {
        admit();
        Instant seen = counter().lastAttempt();
        clock.advance(Duration.ofMillis(1));
        admit();
        counters.resetIfUnchanged(account, seen);
        assertThat(counter()).isEqualTo(new Counter(2, clock.instant(), Optional.empty()));
    }

    @Test
    void resettingIfUnchangedAnAccountWithoutACounterCreatesNone() {
        counters.resetIfUnchanged(account, clock.instant());
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void aResetDeletesTheCounterWithItsLock() {
        admitUpToTheLimit();
        lockUntil(clock.instant().plus(Duration.ofMinutes(15)));
        counters.reset(account);
        assertThat(counters.read(account)).isEmpty();
        assertThat(admit()).hasValue(1);
    }

    @Test
    void resettingAnAccountWithoutACounterCreatesNone() {
        counters.reset(account);
        assertThat(counters.read(account)).isEmpty();
    }

    @Test
    void accountsAreCountedApart() {
        admitUpToTheLimit();
        lockUntil(clock.instant().plus(Duration.ofMinutes(1)));
        String other = newAccountName();
        assertThat(admit(other, MAX_FAILURES)).hasValue(1);
        counters.reset(other);
        assertThat(counter().failures()).isEqualTo(MAX_FAILURES);
        assertThat(counter().lockedUntil()).isPresent();
    }

    @Test
    void atMostTheLimitIsAdmittedWhenManyAttemptsArriveAtOnce() throws Exception {
        var outcomes = AllAtOnce.call(SIMULTANEOUS_ATTEMPTS, this::admit);
        assertThat(outcomes.stream().filter(OptionalInt::isPresent).map(OptionalInt::getAsInt))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, MAX_FAILURES).boxed().toList());
        assertThat(counter().failures()).isEqualTo(MAX_FAILURES);
    }

    @Test
    void onlyOneOfManySimultaneousAttemptsIsAdmittedAfterALockRunsOut() throws Exception {
        admitUpToTheLimit();
        Instant lockedUntil = clock.instant().plus(Duration.ofSeconds(1));
        lockUntil(lockedUntil);
        clock.set(lockedUntil);
        var outcomes = AllAtOnce.call(SIMULTANEOUS_ATTEMPTS, this::admit);
        assertThat(outcomes.stream().filter(OptionalInt::isPresent).map(OptionalInt::getAsInt))
                .containsExactly(MAX_FAILURES + 1);
        assertThat(counter().failures()).isEqualTo(MAX_FAILURES + 1);
    }

    private Optional<LockoutCounters.Admission> admitReading(int maxFailures) {
        Instant now = clock.instant();
        return counters.admitReading(account, maxFailures, now, now.plus(IN_FLIGHT), now.plus(COUNTER_LIFETIME));
    }

    @Test
    void admittingWhileReadingCountsAndGivesTheCounterAsItWasBefore() {
        assertThat(admitReading(MAX_FAILURES)).contains(new LockoutCounters.Admission(1, Optional.empty()));
        Instant first = clock.instant();
        clock.advance(Duration.ofSeconds(20));
        assertThat(admitReading(MAX_FAILURES))
                .contains(new LockoutCounters.Admission(2, Optional.of(new Counter(1, first, Optional.empty()))));
        assertThat(counter()).isEqualTo(new Counter(2, clock.instant(), Optional.empty()));
    }

    @Test
    void admittingWhileReadingRefusesWhileLockedEvenUnderARaisedLimitAndCountsNothing() {
        admitUpToTheLimit();
        assertThat(lockUntil(clock.instant().plus(Duration.ofMinutes(1)))).isTrue();
        Counter locked = counter();

        assertThat(admitReading(MAX_FAILURES)).isEmpty();
        assertThat(admitReading(MAX_FAILURES + 1)).isEmpty();
        assertThat(counter()).isEqualTo(locked);
    }

    @Test
    void admittingWhileReadingAdmitsPastTheLimitOnceTheLockHasRunOutAndNothingIsInFlight() {
        admitUpToTheLimit();
        assertThat(lockUntil(clock.instant().plus(Duration.ofMinutes(1)))).isTrue();
        clock.advance(Duration.ofMinutes(2));

        assertThat(admitReading(MAX_FAILURES)).get().extracting(LockoutCounters.Admission::count)
                .isEqualTo(MAX_FAILURES + 1);
        // That attempt is in flight now: the next one past the limit waits for it.
        assertThat(admitReading(MAX_FAILURES)).isEmpty();
    }

    @Test
    void aRestartSetsTheCountToOneOnlyIfNothingWasCountedSince() {
        admitUpToTheLimit();
        assertThat(lockUntil(clock.instant().plus(Duration.ofMinutes(1)))).isTrue();
        clock.advance(Duration.ofHours(1));
        int count = admitReading(MAX_FAILURES).orElseThrow().count();
        Instant counted = clock.instant();

        assertThat(counters.restart(account, counted, count + 1)).isFalse();
        assertThat(counters.restart(account, counted.minusMillis(1), count)).isFalse();
        assertThat(counter().failures()).isEqualTo(MAX_FAILURES + 1);
        assertThat(counters.restart(account, counted, count)).isTrue();
        assertThat(counter()).isEqualTo(new Counter(1, counted, Optional.empty()));
        assertThat(counters.restart(newAccountName(), counted, 1)).isFalse();
    }
}
