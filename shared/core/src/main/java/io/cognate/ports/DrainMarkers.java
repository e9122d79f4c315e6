package io.cognate.ports;

/**
 * Markers a fenced region writes into the replicated data tables right after its fence. A marker
 * arriving in another region shows that replication has delivered what the fenced region wrote
 * before it, table by table, so the target of a switchover promotes only once nothing is in flight.
 */
public interface DrainMarkers {
    /** Writes the marker of fence {@code epoch} into every data table (idempotent). */
    void write(String fencedRegion, long epoch, java.time.Instant at);

    /** True once this region's copy of every data table holds the marker. */
    boolean arrived(String fencedRegion, long epoch);
}
