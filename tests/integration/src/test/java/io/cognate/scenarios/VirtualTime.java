package io.cognate.scenarios;

import io.cognate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scenarios' clock and sleeper: real time plus an offset. The health-check's pacing between
 * probes (a second or more) is skipped by moving the offset forward, so a run of six probes ten
 * seconds apart takes a fraction of a second; everything else, including the short polls a
 * switchover makes while replication catches up, runs and waits in real time. Time measured on
 * this clock is therefore the production schedule plus the real cost of every step.
 */
final class VirtualTime extends Clock implements Sleeper {
    /** Waits at least this long are schedule pacing and are skipped. */
    static final Duration SKIPPED_FROM = Duration.ofSeconds(1);

    private final AtomicLong offsetNanos = new AtomicLong();
    private final List<Runnable> onSkip = new CopyOnWriteArrayList<>();

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("virtual time is UTC only");
    }

    @Override
    public void sleep(Duration duration) {
        if (duration.compareTo(SKIPPED_FROM) >= 0) {
            offsetNanos.addAndGet(duration.toNanos());
            onSkip.forEach(Runnable::run);
            return;
        }
        Sleeper.system().sleep(duration);
    }

    /** Moves time forward to {@code instant} if it is still ahead. */
    void advanceTo(Instant instant) {
        Duration ahead = Duration.between(instant(), instant);
        if (!ahead.isNegative()) {
            offsetNanos.addAndGet(ahead.toNanos());
        }
    }

    /** Runs {@code action} after every skipped wait, that is, just before the health-check's next probe. */
    void onSkippedWait(Runnable action) {
        onSkip.add(action);
    }
}
