package io.cognate.ports;

import io.cognate.domain.failover.FailoverReport;

/** Tells the world that a region took over (operators' alarms, audit, dashboards). */
public interface FailoverEvents {
    void publish(FailoverReport report);
}
