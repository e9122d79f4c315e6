package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.UsedTotpCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsedTotpCodes} does, run against each implementation: the code of one user's
 * time step is claimed once, whichever region claims it and however many claims arrive at once.
 * The regions share one table here, without replication lag. Claims are kept until
 * {@code forgetAfter} at least (the table's TTL may drop them only later), so no test claims past
 * it. Every test uses users of its own.
 */
public abstract class UsedTotpCodesContract {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final int SIMULTANEOUS_CLAIMS = 24;

    private final Instant now = Instant.now();
    private final long step = now.getEpochSecond() / 30;
    private final Instant forgetAfter = now.plus(Duration.ofMinutes(2));
    private UsedTotpCodes east;
    private UsedTotpCodes west;
    private String sub;

    /**
     * The store under test as {@code region} writes it. Within one test, every region's store reads
     * and writes the same table; it may be shared between tests, each using users nobody else uses.
     */
    protected abstract UsedTotpCodes usedCodesIn(String region);

    @BeforeEach
    void newUser() {
        east = usedCodesIn(EAST);
        west = usedCodesIn(WEST);
        sub = newSub();
    }

    private static String newSub() {
        return "sub-" + UUID.randomUUID();
    }

    @Test
    void aCodeIsAcceptedOnceAndRefusedTheSecondTime() {
        assertThat(east.claim(sub, step, forgetAfter)).isTrue();
        assertThat(east.claim(sub, step, forgetAfter)).isFalse();
        assertThat(east.claim(sub, step, forgetAfter.plus(Duration.ofMinutes(5)))).isFalse();
    }

    @Test
    void aCodeUsedInOneRegionIsRefusedInAnother() {
        assertThat(east.claim(sub, step, forgetAfter)).isTrue();
        assertThat(west.claim(sub, step, forgetAfter)).isFalse();
    }

    @Test
    void otherTimeStepsOfTheSameUserAreStillFree() {
        assertThat(east.claim(sub, step, forgetAfter)).isTrue();
        assertThat(east.claim(sub, step - 1, forgetAfter)).isTrue();
        assertThat(east.claim(sub, step + 1, forgetAfter)).isTrue();
        assertThat(east.claim(sub, step + 1, forgetAfter)).isFalse();
    }

    @Test
    void theSameTimeStepOfAnotherUserIsStillFree() {
        assertThat(east.claim(sub, step, forgetAfter)).isTrue();
        assertThat(east.claim(newSub(), step, forgetAfter)).isTrue();
    }

    @Test
    void onlyOneOfManySimultaneousUsesOfACodeIsAccepted() throws Exception {
        var outcomes = AllAtOnce.call(SIMULTANEOUS_CLAIMS, () -> east.claim(sub, step, forgetAfter));
        assertThat(outcomes).containsOnlyOnce(true);
        assertThat(east.claim(sub, step, forgetAfter)).isFalse();
    }

    @Test
    void onlyOneOfSimultaneousUsesInTwoRegionsIsAccepted() throws Exception {
        AtomicInteger callers = new AtomicInteger();
        var outcomes = AllAtOnce.call(SIMULTANEOUS_CLAIMS,
                () -> (callers.getAndIncrement() % 2 == 0 ? east : west).claim(sub, step, forgetAfter));
        assertThat(outcomes).containsOnlyOnce(true);
    }
}
