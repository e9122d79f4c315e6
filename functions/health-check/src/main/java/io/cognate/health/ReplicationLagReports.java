package io.cognate.health;

import io.cognate.ports.AuthEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports the replication lag /health measures, at most once an interval per peer region: one
 * data point per probe interval is what the alarms need, and more would flood the log where
 * probes come often (the local stack probes every second).
 */
final class ReplicationLagReports {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AuthEvents events;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastReported = new ConcurrentHashMap<>();

    ReplicationLagReports(AuthEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    void report(String peer, Duration heartbeatAge) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastReported.compute(peer, (p, last) -> {
            if (last == null || !now.isBefore(last.plus(INTERVAL))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (due[0]) {
            events.replicationLag(peer, heartbeatAge);
        }
    }
}
