package io.cognate.domain.failover;

import java.time.Duration;
import java.time.Instant;

/** One probe of a region's {@code GET /health}: healthy only on a 200 from the region itself. */
public record ProbeResult(String region, Instant startedAt, Duration took, boolean healthy, int status, String detail) {

    public static ProbeResult unreachable(String region, Instant startedAt, Duration took, String detail) {
        return new ProbeResult(region, startedAt, took, false, 0, detail);
    }
}
