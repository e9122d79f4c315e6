package io.cognate.health;

import io.cognate.domain.failover.ProbeResult;

/** Asks a region, over its public endpoint, whether it can serve ({@code GET /health}). */
public interface RegionProbe {
    ProbeResult probe(String region);
}
