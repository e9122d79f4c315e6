package io.cognate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.config.FailoverSettings;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.FailoverReport;
import io.cognate.domain.failover.Heartbeat;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.failover.ProbeResult;
import io.cognate.domain.failover.TrafficFlip;
import io.cognate.ports.DrainMarkers;
import io.cognate.ports.FailoverEvents;
import io.cognate.ports.Heartbeats;
import io.cognate.ports.TrafficSwitch;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failover logic against in-memory ports: the steps after a promotion, and the edges of the count. */
class FailoverWatchTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    /**
     * Heartbeats and drain markers as one region sees them. The leader record is the shared
     * in-memory one, which the leader record contract holds to what the Control table does.
     */
    private static final class HeartbeatsAndDrainMarkers implements Heartbeats, DrainMarkers {
        final Map<String, Heartbeat> beats = new HashMap<>();
        final Set<String> markers = new HashSet<>();

        @Override
        public void beat(Heartbeat heartbeat) {
            beats.put(heartbeat.region(), heartbeat);
        }

        boolean unreadable;

        @Override
        public Optional<Heartbeat> of(String region) {
            if (unreadable) {
                throw new IllegalStateException("the Control table does not answer");
            }
            return Optional.ofNullable(beats.get(region));
        }

        @Override
        public void write(String fencedRegion, long epoch, Instant at) {
            markers.add(fencedRegion + "#" + epoch);
        }

        @Override
        public boolean arrived(String fencedRegion, long epoch) {
            return markers.contains(fencedRegion + "#" + epoch);
        }
    }

    private static final class Switch implements TrafficSwitch {
        final List<String> flips = new ArrayList<>();
        int failuresLeft;

        @Override
        public TrafficFlip pointAt(String region) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("Route 53 is unavailable");
            }
            flips.add(region);
            return new TrafficFlip(region, "C" + flips.size(), false);
        }

        @Override
        public Optional<String> current() {
            return flips.isEmpty() ? Optional.empty() : Optional.of(flips.getLast());
        }
    }

    /** Moves only when the watch sleeps. */
    private final MutableClock time = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private InMemoryLeaderRecords leaders = new InMemoryLeaderRecords(time);
    private final HeartbeatsAndDrainMarkers beatsAndMarkers = new HeartbeatsAndDrainMarkers();
    private final Switch traffic = new Switch();
    private final List<FailoverReport> events = new ArrayList<>();
    private final Set<String> down = new HashSet<>();
    /** Regions whose /health is flooded: every probe of them is throttled. */
    private final Set<String> flooded = new HashSet<>();
    /** Answers for the next probes of the primary, in order, before falling back to down and flooded. */
    private final Deque<ProbeResult.Verdict> script = new ArrayDeque<>();
    /** Regions whose own scheduled check keeps running: their heartbeat is written as they are probed. */
    private final Set<String> beating = new HashSet<>();
    private final List<String> probed = new ArrayList<>();
    private final FailoverSettings settings = FailoverSettings.from(Map.of(
            FailoverSettings.REGIONS, "us-east-1=https://east.example,eu-west-1=https://west.example,ap-southeast-2=https://syd.example"));

    private FailoverWatch watch(String region) {
        RegionProbe probe = target -> {
            probed.add(target);
            if (beating.contains(target)) {
                beatsAndMarkers.beat(new Heartbeat(target, time.instant(), leader().roleOf(target), leader().epoch(), true,
                        "", 0, Optional.empty()));
            }
            ProbeResult.Verdict verdict = target.equals(EAST) && !script.isEmpty() ? script.poll()
                    : down.contains(target) ? ProbeResult.Verdict.FAILED
                    : flooded.contains(target) ? ProbeResult.Verdict.THROTTLED
                    : ProbeResult.Verdict.HEALTHY;
            return switch (verdict) {
                case HEALTHY -> ProbeResult.healthy(target, time.instant(), Duration.ofMillis(5));
                case THROTTLED -> ProbeResult.throttled(target, time.instant(), Duration.ofMillis(5), 429, "HTTP 429 Too Many Requests");
                case FAILED -> ProbeResult.failed(target, time.instant(), Duration.ofMillis(5), 503, "HTTP 503");
            };
        };
        FailoverEvents publish = events::add;
        return new FailoverWatch(region, settings, leaders, beatsAndMarkers, beatsAndMarkers, traffic, publish, probe,
                time, time, promotions);
    }

    @BeforeEach
    void eastLeads() {
        leaders.initialise(new LeaderRecord(EAST, 1));
    }

    private LeaderState leader() {
        return leaders.state().orElseThrow();
    }

    /** Records the epochs of promotions; every other event is ignored here. */
    private final List<Long> promoted = new ArrayList<>();
    private final io.cognate.ports.AuthEvents promotions = new io.cognate.ports.AuthEvents() {
        @Override
        public void promoted(long epoch) {
            promoted.add(epoch);
        }
    };

    @Test
    void aTakeoverIsCountedOnceAtItsNewEpochEvenWhenItsStepsTakeSeveralTicks() {
        down.add(EAST);
        traffic.failuresLeft = 2;
        watch(WEST).runScheduled();
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(promoted).containsExactly(leader().epoch());
        assertThat(leader().epoch()).isEqualTo(2);
    }

    @Test
    void theFirstRegionMakesTheFirstLeaderRecordOnItsFirstRunAndNoOtherRegionDoes() {
        leaders = new InMemoryLeaderRecords(time);

        watch(WEST).runScheduled();
        watch("ap-southeast-2").runScheduled();
        assertThat(leaders.state()).isEmpty();

        watch(EAST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(leader().epoch()).isEqualTo(1);
        assertThat(promoted).isEmpty();
    }

    @Test
    void theFirstRegionNeverReplacesALeaderRecordThatMovedOn() {
        down.add(EAST);
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        down.remove(EAST);

        watch(EAST).runScheduled();

        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(leader().epoch()).isEqualTo(2);
    }

    @Test
    void aLeaderThatStaysLeaderCountsNoPromotion() {
        watch(EAST).runScheduled();
        assertThat(promoted).isEmpty();
    }

    @Test
    void aFlipThatFailsIsFinishedByALaterTickAndAnnouncedOnce() {
        down.add(EAST);
        traffic.failuresLeft = 2;
        var run = watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(run.roleAtEnd()).isEqualTo("primary");
        // Promoted at the third tick; the flip failed there and at the fourth, and worked at the fifth.
        assertThat(traffic.flips).containsExactly(WEST);
        assertThat(leader().flipPending()).isFalse();
        assertThat(leader().announcementPending()).isFalse();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.epoch()).isEqualTo(2);
            assertThat(e.firstFailedProbeAt()).contains(Instant.parse("2026-11-24T12:00:00Z"));
        });
        watch(WEST).runScheduled();
        assertThat(traffic.flips).containsExactly(WEST);
        assertThat(events).hasSize(1);
    }

    @Test
    void theCountStartsAgainWhenTheLastHeartbeatIsTooOld() {
        down.add(EAST);
        beatsAndMarkers.beat(new Heartbeat(WEST, time.instant().minus(Duration.ofMinutes(5)), "secondary", 1, true, EAST, 2,
                Optional.of(time.instant().minus(Duration.ofMinutes(6)))));
        var watch = watch(WEST);
        // A stale count of two must not make the first failure of this run the third.
        watch.runScheduled();
        assertThat(events).singleElement().satisfies(e ->
                assertThat(e.firstFailedProbeAt()).contains(Instant.parse("2026-11-24T12:00:00Z")));
        assertThat(Duration.between(events.getFirst().firstFailedProbeAt().orElseThrow(), events.getFirst().decidedAt()))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aLowerPrioritySecondaryDefersToAHealthyHigherOne() {
        down.add(EAST);
        watch("ap-southeast-2").runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(probed).contains(WEST, "ap-southeast-2");
        down.add(WEST);
        watch("ap-southeast-2").runScheduled();
        assertThat(leader().activeRegion()).isEqualTo("ap-southeast-2");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.fromRegion()).isEqualTo(EAST));
    }

    @Test
    void aLeaderDoesNotProbeAndDoesNotMoveTraffic() {
        var run = watch(EAST).runScheduled();
        assertThat(run.ticks()).isEqualTo(6);
        assertThat(probed).isEmpty();
        assertThat(traffic.flips).isEmpty();
        assertThat(beatsAndMarkers.beats.get(EAST).role()).isEqualTo("primary");
    }

    @Test
    void aRunStopsBeforeItsInvocationTimesOut() {
        long[] remaining = {60_000};
        var run = watch(EAST).runScheduled(() -> remaining[0] -= 15_000);
        assertThat(run.ticks()).isLessThan(6);
    }

    @Test
    void aSwitchoverFencesTheLeaderAndTheTargetPromotesOnceDrained() {
        beatsAndMarkers.beat(new Heartbeat(EAST, time.instant(), "primary", 1, true, "", 0, Optional.empty()));
        var fenced = watch(EAST).switchover(WEST);
        assertThat(fenced.outcome()).isEqualTo(FailoverWatch.SwitchoverOutcome.FENCED);
        assertThat(leader().fenced()).isTrue();
        assertThat(beatsAndMarkers.markers).containsExactly(EAST + "#2");
        assertThat(watch("ap-southeast-2").switchover(WEST).outcome()).isEqualTo(FailoverWatch.SwitchoverOutcome.NOT_INVOLVED);

        var promoted = watch(WEST).switchover(WEST);
        assertThat(promoted.outcome()).isEqualTo(FailoverWatch.SwitchoverOutcome.PROMOTED);
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(leader().epoch()).isEqualTo(3);
        assertThat(traffic.flips).containsExactly(WEST);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(FailoverReport.Kind.SWITCHOVER));
        assertThat(watch(WEST).switchover(WEST).outcome()).isEqualTo(FailoverWatch.SwitchoverOutcome.ALREADY_ACTIVE);
        assertThat(watch(WEST).switchover("sa-east-1").outcome()).isEqualTo(FailoverWatch.SwitchoverOutcome.REFUSED);
    }

    @Test
    void aTargetThatNeverSeesTheFenceGivesUpAndTheFencedRegionTakesBackItsRole() {
        var target = watch(WEST).switchover(WEST);
        assertThat(target.outcome()).isEqualTo(FailoverWatch.SwitchoverOutcome.TIMED_OUT);
        assertThat(leader().activeRegion()).isEqualTo(EAST);

        watch(EAST).switchover(WEST);
        assertThat(leader().fenced()).isTrue();
        watch(EAST).runScheduled(); // 50 s of ticks: short of twice the 45 s timeout
        assertThat(leader().fenced()).isTrue();
        assertThat(traffic.flips).isEmpty();
        watch(EAST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(leader().reason()).contains("did not complete");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(FailoverReport.Kind.SWITCHOVER_ABANDONED));
        assertThat(leader().epoch()).isEqualTo(3);
    }

    /**
     * Finding 7 of the security review: /health is public, and a probe counted any non-200 as
     * down, so flooding the primary's /health until API Gateway answered 429 promoted the
     * secondary while the primary still accepted writes.
     */
    @Test
    void finding7ThrottledProbesNeverPromote() {
        flooded.add(EAST);
        for (int run = 0; run < 3; run++) { // 18 probes, six times the threshold
            var summary = watch(WEST).runScheduled();
            assertThat(summary.roleAtEnd()).isEqualTo("secondary");
        }
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(leader().epoch()).isEqualTo(1);
        assertThat(events).isEmpty();
        assertThat(promoted).isEmpty();
        assertThat(traffic.flips).isEmpty();
        assertThat(beatsAndMarkers.beats.get(WEST).consecutiveFailures()).isZero();
    }

    @Test
    void finding7AThrottledProbeNeitherCountsNorBreaksAStreakOfRealFailures() {
        // Failed, throttled, throttled, failed, throttled, failed: three real failures in a row.
        script.addAll(List.of(ProbeResult.Verdict.FAILED, ProbeResult.Verdict.THROTTLED, ProbeResult.Verdict.THROTTLED,
                ProbeResult.Verdict.FAILED, ProbeResult.Verdict.THROTTLED, ProbeResult.Verdict.FAILED));
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.reason()).contains("failed 3 consecutive health probes");
            assertThat(e.firstFailedProbeAt()).contains(Instant.parse("2026-11-24T12:00:00Z"));
            // At the sixth probe, the third failed one; not at the third, which was throttled.
            assertThat(e.detection()).contains(Duration.ofSeconds(50));
        });
    }

    @Test
    void finding7AHealthyAnswerStillBreaksTheStreak() {
        script.addAll(List.of(ProbeResult.Verdict.FAILED, ProbeResult.Verdict.THROTTLED, ProbeResult.Verdict.FAILED,
                ProbeResult.Verdict.HEALTHY, ProbeResult.Verdict.FAILED, ProbeResult.Verdict.FAILED));
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(beatsAndMarkers.beats.get(WEST).consecutiveFailures()).isEqualTo(2);
    }

    /**
     * Failed probes are no longer enough on their own: a flood can make them time out or fail in
     * ways no probe can tell from a fault. The primary's own check keeps writing its heartbeat,
     * which no flood can stop; while that is fresh, nobody takes over.
     */
    @Test
    void finding7FailedProbesDoNotPromoteWhileThePrimarysHeartbeatIsFresh() {
        down.add(EAST);
        beating.add(EAST);
        watch(WEST).runScheduled();
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(events).isEmpty();
        assertThat(beatsAndMarkers.beats.get(WEST).consecutiveFailures()).isGreaterThanOrEqualTo(12);

        // Its check stops too: two probe intervals after its last heartbeat, the secondary takes over.
        beating.remove(EAST);
        Instant lastBeat = beatsAndMarkers.beats.get(EAST).at();
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.decidedAt()).isEqualTo(lastBeat.plus(Duration.ofSeconds(20)));
            assertThat(e.reason()).contains("its heartbeat is 20 s old");
        });
    }

    /** The heartbeat rule costs a real outage no time: its last heartbeat is no later than its first failed probe. */
    @Test
    void finding7AnOutageRightAfterAHeartbeatStillPromotesAtTheThirdFailedProbe() {
        beatsAndMarkers.beat(new Heartbeat(EAST, time.instant(), "primary", 1, true, "", 0, Optional.empty()));
        down.add(EAST);
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.reason()).contains("failed 3 consecutive health probes");
            assertThat(e.detection()).contains(Duration.ofSeconds(20));
        });
    }

    @Test
    void finding7AHeartbeatThatCannotBeReadIsNoEvidenceOfDeath() {
        down.add(EAST);
        beatsAndMarkers.unreadable = true;
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(EAST);
        assertThat(events).isEmpty();
        beatsAndMarkers.unreadable = false;
        watch(WEST).runScheduled();
        assertThat(leader().activeRegion()).isEqualTo(WEST);
    }
}
