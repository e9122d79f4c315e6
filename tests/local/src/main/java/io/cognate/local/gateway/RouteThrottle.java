package io.cognate.local.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * API Gateway's throttling of one route (a stage's route settings {@code ThrottlingRateLimit} and
 * {@code ThrottlingBurstLimit}): a token bucket holding at most {@code burst} requests, refilled
 * at {@code ratePerSecond}. A request that finds it empty is answered 429 without reaching the
 * function. The bucket follows the given clock, so on the scenarios' virtual time it refills as
 * the schedule's skipped waits pass.
 */
final class RouteThrottle {
    private final double ratePerSecond;
    private final int burst;
    private final Clock clock;
    private double tokens;
    private Instant last;

    RouteThrottle(double ratePerSecond, int burst, Clock clock) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a route throttle needs a positive rate and a burst of at least 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
    }

    /** Takes one request's token; false when the route is over its limit. */
    synchronized boolean admit() {
        Instant now = clock.instant();
        if (last != null && now.isAfter(last)) {
            double refill = Duration.between(last, now).toNanos() / 1e9 * ratePerSecond;
            tokens = Math.min(burst, tokens + refill);
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
