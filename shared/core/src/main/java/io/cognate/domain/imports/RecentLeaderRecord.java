package io.cognate.domain.imports;

import io.cognate.domain.LeaderRecord;
import io.cognate.ports.LeaderRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The leader record as read at most once every {@code maxAge}, for bulk imports: the write fence
 * reads it before each write only to spare a replica needless work, and every write's transaction
 * checks it again, so a copy a second old can cost a refused write during a promotion, never a
 * wrong one. Read once a user, it was a third of an import's DynamoDB calls.
 */
public final class RecentLeaderRecord implements LeaderRecords {
    private final LeaderRecords leaders;
    private final Duration maxAge;
    private final Clock clock;
    private Optional<LeaderRecord> copy = Optional.empty();
    private Instant readAt = Instant.MIN;

    public RecentLeaderRecord(LeaderRecords leaders, Duration maxAge, Clock clock) {
        this.leaders = leaders;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<LeaderRecord> current() {
        Instant now = clock.instant();
        if (copy.isEmpty() || !now.isBefore(readAt.plus(maxAge))) {
            copy = leaders.current();
            readAt = now;
        }
        return copy;
    }

    @Override
    public LeaderRecord initialise(LeaderRecord first) {
        return leaders.initialise(first);
    }
}
