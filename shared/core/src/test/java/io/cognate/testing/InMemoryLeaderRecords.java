package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.LeaderTransitions;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One region's copy of the leader record, in memory, changed exactly as DynamoDbLeaderRecords
 * changes its item: every transition is conditional on the active region and epoch the caller
 * read, and on nothing else; a record written by {@link #initialise} has nothing pending; times
 * are stored to the millisecond, while the state a transition returns carries them as given.
 *
 * <p>{@link InMemoryUserDirectory} and {@link InMemoryMfaSettings} check their write fence under
 * this object's lock, so no transition can come between the check and the write, as DynamoDB's
 * transactions check the Control table together with the write.
 */
public final class InMemoryLeaderRecords implements LeaderRecords, LeaderTransitions {
    private final Clock clock;
    private LeaderState stored; // guarded by this; null until initialised

    /** {@code clock} dates the record {@link #initialise} writes. */
    public InMemoryLeaderRecords(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<LeaderRecord> current() {
        return Optional.ofNullable(stored).map(LeaderState::record);
    }

    @Override
    public synchronized LeaderRecord initialise(LeaderRecord first) {
        if (stored == null) {
            stored = new LeaderState(first.activeRegion(), first.epoch(), "", "", millis(clock.instant()),
                    Optional.empty(), Optional.empty(), first.epoch(), first.epoch());
        }
        return stored.record();
    }

    @Override
    public synchronized Optional<LeaderState> state() {
        return Optional.ofNullable(stored);
    }

    @Override
    public synchronized Optional<LeaderState> promote(LeaderState expected, String region, String reason, Instant at,
                                                      Optional<Instant> firstFailureAt) {
        if (!stillAsRead(expected)) {
            return Optional.empty();
        }
        long next = expected.epoch() + 1;
        // Like the adapter, the previous region comes from the record the caller read.
        String from = expected.fenced() ? expected.previousRegion() : expected.activeRegion();
        stored = new LeaderState(region, next, from, reason, millis(at), firstFailureAt.map(InMemoryLeaderRecords::millis),
                Optional.empty(), expected.epoch(), expected.epoch());
        return Optional.of(new LeaderState(region, next, from, reason, at, firstFailureAt, Optional.empty(),
                expected.epoch(), expected.epoch()));
    }

    @Override
    public synchronized Optional<LeaderState> fence(LeaderState expected, String handoverTo, Instant at) {
        if (expected.fenced() || !stillAsRead(expected)) {
            return Optional.empty();
        }
        long next = expected.epoch() + 1;
        String reason = "planned switchover to " + handoverTo;
        stored = new LeaderState(LeaderState.NO_REGION, next, expected.activeRegion(), reason, millis(at),
                Optional.empty(), Optional.of(handoverTo), next, next);
        return Optional.of(new LeaderState(LeaderState.NO_REGION, next, expected.activeRegion(), reason, at,
                Optional.empty(), Optional.of(handoverTo), next, next));
    }

    @Override
    public synchronized void markFlipped(long epoch) {
        if (stored != null && stored.epoch() == epoch) {
            stored = new LeaderState(stored.activeRegion(), epoch, stored.previousRegion(), stored.reason(),
                    stored.changedAt(), stored.firstFailureAt(), stored.handoverTo(), epoch, stored.announcedEpoch());
        }
    }

    @Override
    public synchronized void markAnnounced(long epoch) {
        if (stored != null && stored.epoch() == epoch) {
            stored = new LeaderState(stored.activeRegion(), epoch, stored.previousRegion(), stored.reason(),
                    stored.changedAt(), stored.firstFailureAt(), stored.handoverTo(), stored.flippedEpoch(), epoch);
        }
    }

    /**
     * Runs {@code write} if this copy names {@code region} at {@code epoch}, holding the record
     * still until it returns; throws {@link UserDirectory.FencedOut} otherwise. The record's
     * region is compared with the writer's region, not with the fence's: the Directory adapters
     * put their own region into the condition and take only the epoch from the fence.
     */
    synchronized void whileLeading(String region, long epoch, Runnable write) {
        if (stored == null || !stored.activeRegion().equals(region) || stored.epoch() != epoch) {
            throw new UserDirectory.FencedOut();
        }
        write.run();
    }

    /** The adapter's condition: the active region and the epoch, nothing else. */
    private boolean stillAsRead(LeaderState expected) {
        return stored != null && stored.activeRegion().equals(expected.activeRegion()) && stored.epoch() == expected.epoch();
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
