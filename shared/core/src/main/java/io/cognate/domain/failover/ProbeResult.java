package io.cognate.domain.failover;

import java.time.Duration;
import java.time.Instant;

/**
 * One probe of a region's {@code GET /health}, and what it says about the region:
 * {@link Verdict#HEALTHY} only on a 200 from the region itself; {@link Verdict#THROTTLED} when
 * something on the way refused the probe for its rate (API Gateway's 429, a throttled Lambda, a
 * throttled DynamoDB or KMS call), which says nothing about whether the region can serve;
 * {@link Verdict#FAILED} otherwise.
 */
public record ProbeResult(String region, Instant startedAt, Duration took, Verdict verdict, int status, String detail) {

    public enum Verdict { HEALTHY, THROTTLED, FAILED }

    public static ProbeResult healthy(String region, Instant startedAt, Duration took) {
        return new ProbeResult(region, startedAt, took, Verdict.HEALTHY, 200, "ok");
    }

    public static ProbeResult throttled(String region, Instant startedAt, Duration took, int status, String detail) {
        return new ProbeResult(region, startedAt, took, Verdict.THROTTLED, status, detail);
    }

    public static ProbeResult failed(String region, Instant startedAt, Duration took, int status, String detail) {
        return new ProbeResult(region, startedAt, took, Verdict.FAILED, status, detail);
    }

    /** No HTTP answer at all: refused, reset, or none within the timeout. */
    public static ProbeResult unreachable(String region, Instant startedAt, Duration took, String detail) {
        return failed(region, startedAt, took, 0, detail);
    }

    public boolean healthy() {
        return verdict == Verdict.HEALTHY;
    }

    public boolean throttled() {
        return verdict == Verdict.THROTTLED;
    }

    /** A real failure: the only kind of answer that counts towards a takeover. */
    public boolean failed() {
        return verdict == Verdict.FAILED;
    }
}
