package io.cognate.testing;

import io.cognate.ports.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' clock: it stands still until a test moves it. As a {@link Sleeper} a sleep moves
 * it on by the time slept, so code that waits between steps runs at once on this clock.
 */
public final class MutableClock extends Clock implements Sleeper {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration by) {
        now.accumulateAndGet(null, (current, ignored) -> current.plus(by));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
