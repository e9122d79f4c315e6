package io.cognate.domain.failover;

import java.time.Instant;
import java.util.Optional;

/**
 * What a region's scheduled check last wrote about itself to the replicated Control table. Its
 * age, read in another region, bounds the replication lag from the writer to the reader; the
 * failure count lets the next run continue counting where the last one stopped.
 */
public record Heartbeat(
        String region,
        Instant at,
        String role,
        long epoch,
        boolean healthy,
        String probedRegion,
        int consecutiveFailures,
        Optional<Instant> firstFailureAt) {
}
