package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.SignCounters;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SignCounters} does: a region's count only goes up, atomically, and the
 * highest count of every region is read back. The regions share one table here, without
 * replication lag. Every test uses users of its own.
 */
public abstract class SignCountersContract {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final int SIMULTANEOUS = 24;

    private SignCounters east;
    private SignCounters west;
    private String sub;

    /** The counters as {@code region} writes them; every region's reads and writes the same table. */
    protected abstract SignCounters countersIn(String region);

    @BeforeEach
    void newUser() {
        east = countersIn(EAST);
        west = countersIn(WEST);
        sub = "sub-" + UUID.randomUUID();
    }

    @Test
    void aCredentialNeverSeenHasCountZero() {
        assertThat(east.highest(sub, "cred-1")).isZero();
    }

    @Test
    void aCountAdvancesOnlyUpward() {
        assertThat(east.advance(sub, "cred-1", 5)).isTrue();
        assertThat(east.highest(sub, "cred-1")).isEqualTo(5);
        assertThat(east.advance(sub, "cred-1", 5)).as("the same count again").isFalse();
        assertThat(east.advance(sub, "cred-1", 4)).as("a lower count").isFalse();
        assertThat(east.highest(sub, "cred-1")).isEqualTo(5);
        assertThat(east.advance(sub, "cred-1", 6)).isTrue();
        assertThat(east.highest(sub, "cred-1")).isEqualTo(6);
    }

    @Test
    void theHighestCountOfEveryRegionIsRead() {
        assertThat(east.advance(sub, "cred-1", 10)).isTrue();
        assertThat(west.highest(sub, "cred-1")).isEqualTo(10);
        assertThat(west.advance(sub, "cred-1", 3)).as("the west's own item holds nothing yet").isTrue();
        assertThat(east.highest(sub, "cred-1")).as("the higher of the two").isEqualTo(10);
        assertThat(west.advance(sub, "cred-1", 12)).isTrue();
        assertThat(east.highest(sub, "cred-1")).isEqualTo(12);
    }

    @Test
    void credentialsAndUsersCountApart() {
        assertThat(east.advance(sub, "cred-1", 10)).isTrue();
        assertThat(east.highest(sub, "cred-2")).isZero();
        assertThat(east.highest("sub-" + UUID.randomUUID(), "cred-1")).isZero();
        assertThat(east.advance(sub, "cred-2", 1)).isTrue();
        assertThat(east.highest(sub, "cred-1")).isEqualTo(10);
    }

    @Test
    void ofManySimultaneousSignInsWithOneCountOnlyOneIsRecorded() throws Exception {
        var outcomes = AllAtOnce.call(SIMULTANEOUS, () -> east.advance(sub, "cred-1", 7));
        assertThat(outcomes).containsOnlyOnce(true);
        assertThat(east.highest(sub, "cred-1")).isEqualTo(7);
    }

    @Test
    void simultaneousCountsEndAtTheHighest() throws Exception {
        AtomicInteger next = new AtomicInteger(1);
        AllAtOnce.call(SIMULTANEOUS, () -> east.advance(sub, "cred-1", next.getAndIncrement()));
        assertThat(east.highest(sub, "cred-1")).isEqualTo(SIMULTANEOUS);
    }
}
