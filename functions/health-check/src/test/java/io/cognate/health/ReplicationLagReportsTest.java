package io.cognate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.AuthEvents;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationLagReportsTest {
    private final List<String> reported = new ArrayList<>();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T03:00:00Z"));

    private final AuthEvents events = new AuthEvents() {
        @Override
        public void replicationLag(String peerRegion, Duration heartbeatAge) {
            reported.add(peerRegion + "=" + heartbeatAge.toMillis());
        }
    };

    @Test
    void eachPeerIsReportedAtMostOnceAnInterval() {
        var reports = new ReplicationLagReports(events, clock);
        reports.report("eu-west-1", Duration.ofMillis(800));
        reports.report("eu-west-1", Duration.ofMillis(900));
        reports.report("ap-southeast-2", Duration.ofMillis(1200));
        clock.advance(ReplicationLagReports.INTERVAL.minusMillis(1));
        reports.report("eu-west-1", Duration.ofMillis(950));
        clock.advance(Duration.ofMillis(1));
        reports.report("eu-west-1", Duration.ofMillis(700));

        assertThat(reported).containsExactly("eu-west-1=800", "ap-southeast-2=1200", "eu-west-1=700");
    }
}
