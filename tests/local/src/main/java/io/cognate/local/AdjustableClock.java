package io.cognate.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move forward, so that time-based rules (lock expiry, idle resets) can be
 * shown without waiting: the system clock plus an offset, or a frozen instant plus an offset.
 * Give it to {@code IdentityApiServices} in place of the system clock.
 */
public final class AdjustableClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Follows the system clock, shifted by whatever {@link #advance} adds. */
    public AdjustableClock() {
        this(Clock.systemUTC());
    }

    private AdjustableClock(Clock base) {
        this.base = base;
    }

    /** Stands still at {@code start} except when {@link #advance} moves it. */
    public static AdjustableClock frozenAt(Instant start) {
        return new AdjustableClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** Moves this clock forward (or back, for a negative amount). */
    public void advance(Duration amount) {
        offset.accumulateAndGet(amount, Duration::plus);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("an adjustable clock is always UTC");
    }
}
