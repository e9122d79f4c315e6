package io.cognate.domain;

import io.cognate.ports.LeaderRecords;
import io.cognate.ports.UserDirectory;
import java.util.function.Function;

/**
 * Runs Directory writes under the leader record this region sees. The look-up only spares a
 * replica needless work (hashing a password it would not store); what protects the data is that
 * the store re-checks the same record inside the write's transaction and throws
 * {@link UserDirectory.FencedOut} when it no longer holds.
 *
 * <p>A write whose user changed since it was read ({@link UserDirectory.ConcurrentUpdate}) is run
 * again from its read: every write runs on the latest copy, and none is lost.
 */
public final class WriteFence {
    /**
     * Runs of one write that a concurrent change may cost. Each lost run means another request
     * wrote the same user in between; eight in a row only happen under a flood of requests for
     * one user, which is then answered as throttled.
     */
    static final int MAX_RUNS = 8;

    private final String region;
    private final LeaderRecords leaders;

    public WriteFence(String region, LeaderRecords leaders) {
        this.region = region;
        this.leaders = leaders;
    }

    /** Calls {@code write} with the leader record to fence on, or answers as a read-only replica. */
    public <T> T run(Function<LeaderRecord, T> write) {
        LeaderRecord leader = leaders.current().orElseThrow(() -> CognitoException.readOnlyReplica(region, "(none)"));
        if (!leader.isLeader(region)) {
            throw CognitoException.readOnlyReplica(region, describe(leader.activeRegion()));
        }
        try {
            for (int run = 1; ; run++) {
                try {
                    return write.apply(leader);
                } catch (UserDirectory.ConcurrentUpdate changed) {
                    if (run == MAX_RUNS) {
                        throw CognitoException.tooManyRequests();
                    }
                }
            }
        } catch (UserDirectory.FencedOut fencedOut) {
            String active = leaders.current().map(LeaderRecord::activeRegion).orElse("");
            throw CognitoException.readOnlyReplica(region, describe(active));
        }
    }

    /**
     * Whether this region's copy of the leader record names it leader now: a read, for answers
     * that are only worth giving where the write they lead to can be made (a new device key,
     * which ConfirmDevice must store). The write itself is still fenced by {@link #run}.
     */
    public boolean leads() {
        return leaders.current().filter(leader -> leader.isLeader(region)).isPresent();
    }

    /** During a planned switchover no region holds the record; say so rather than naming nobody. */
    private static String describe(String activeRegion) {
        return activeRegion == null || activeRegion.isEmpty() ? "(none, a switchover is in progress)" : activeRegion;
    }
}
