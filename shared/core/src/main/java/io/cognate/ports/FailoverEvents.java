package io.cognate.ports;

import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.domain.failover.FailoverReport;

/** Tells the world that a region took over (operators' alarms, audit, dashboards). */
public interface FailoverEvents {
    void publish(FailoverReport report);

    /** Tells the world that replication lost a write and how it was resolved (a {@code ReplicationConflict} event). */
    default void replicationConflict(ReplicationConflict conflict) {
    }
}
