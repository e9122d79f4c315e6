package io.cognate.health;

import io.cognate.config.FailoverSettings;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.FailoverReport;
import io.cognate.domain.failover.Heartbeat;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.failover.ProbeResult;
import io.cognate.domain.failover.TrafficFlip;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.DrainMarkers;
import io.cognate.ports.FailoverEvents;
import io.cognate.ports.Heartbeats;
import io.cognate.ports.LeaderTransitions;
import io.cognate.ports.Sleeper;
import io.cognate.ports.TrafficSwitch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One region's side of failover, run by the scheduled check and by switchover requests.
 *
 * <p><b>Scheduled run.</b> Within one invocation it ticks every probe interval until the next
 * invocation is due. Each tick reads this region's copy of the leader record and writes this
 * region's heartbeat. A leader finishes any step of its own promotion still pending (the traffic
 * flip, the event). A secondary probes the leader's {@code /health}; after {@code failureThreshold}
 * consecutive failures (the count carries over between invocations in the heartbeat; a throttled
 * probe neither counts nor breaks the streak) it takes over, but only if the leader's heartbeat is
 * silent too (none here, or older than {@link FailoverSettings#heartbeatSilenceForTakeover()}),
 * its own {@code /health} passes and no region of higher priority is healthy (that one takes
 * over instead). Taking over is a conditional epoch raise of the leader record, then the
 * traffic flip, then the {@code FailoverCompleted} event; each step is recorded on the leader
 * record, so a run that dies half way is finished by the next, and racing runs change it once.
 *
 * <p><b>Switchover.</b> The active region fences itself (the record names no leader, a higher
 * epoch and the target) and writes drain markers into the data tables; the target waits until
 * its copy shows the fence, the markers and a heartbeat of the fenced region written after the
 * fence, younger than the drain bound, then promotes itself and flips traffic. If the target does
 * not take over in time, the fenced region takes its role back after twice the switchover timeout.
 */
public final class FailoverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatch.class);
    private static final Duration DRAIN_POLL = Duration.ofMillis(100);

    private final String region;
    private final FailoverSettings settings;
    private final LeaderTransitions leaders;
    private final Heartbeats heartbeats;
    private final DrainMarkers drainMarkers;
    private final TrafficSwitch traffic;
    private final FailoverEvents events;
    private final RegionProbe probe;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AuthEvents authEvents;

    public FailoverWatch(String region, FailoverSettings settings, LeaderTransitions leaders, Heartbeats heartbeats,
                         DrainMarkers drainMarkers, TrafficSwitch traffic, FailoverEvents events, RegionProbe probe,
                         Clock clock, Sleeper sleeper) {
        this(region, settings, leaders, heartbeats, drainMarkers, traffic, events, probe, clock, sleeper,
                AuthEvents.none());
    }

    /** With {@code authEvents}, which counts each promotion of this region (the RegionPromoted metric). */
    public FailoverWatch(String region, FailoverSettings settings, LeaderTransitions leaders, Heartbeats heartbeats,
                         DrainMarkers drainMarkers, TrafficSwitch traffic, FailoverEvents events, RegionProbe probe,
                         Clock clock, Sleeper sleeper, AuthEvents authEvents) {
        this.authEvents = authEvents;
        this.region = region;
        this.settings = settings;
        this.leaders = leaders;
        this.heartbeats = heartbeats;
        this.drainMarkers = drainMarkers;
        this.traffic = traffic;
        this.events = events;
        this.probe = probe;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Consecutive failed probes of one leader, and when the first of them started. */
    record FailureCount(String probedRegion, int failures, Optional<Instant> firstFailureAt) {
        static FailureCount none(String probedRegion) {
            return new FailureCount(probedRegion, 0, Optional.empty());
        }

        FailureCount failed(Instant at) {
            return new FailureCount(probedRegion, failures + 1, firstFailureAt.or(() -> Optional.of(at)));
        }
    }

    /** What one scheduled run saw and did. */
    public record RunSummary(String region, int ticks, String roleAtEnd, long epochAtEnd, List<FailoverReport> takeovers) {
    }

    public enum SwitchoverOutcome { FENCED, PROMOTED, ALREADY_ACTIVE, NOT_INVOLVED, REFUSED, TIMED_OUT }

    public record SwitchoverResult(String region, SwitchoverOutcome outcome, String detail, Optional<FailoverReport> report) {
    }

    // ---- the scheduled run ---------------------------------------------------------------------

    public RunSummary runScheduled() {
        return runScheduled(() -> Long.MAX_VALUE);
    }

    /**
     * One scheduled run. {@code remainingMillis} is the invocation's time left (Lambda's
     * {@code getRemainingTimeInMillis}); the run stops ticking before a tick could overrun it.
     */
    public RunSummary runScheduled(java.util.function.LongSupplier remainingMillis) {
        Instant start = clock.instant();
        int ticks = settings.probesPerRun();
        FailureCount count = resumeCount(start);
        List<FailoverReport> takeovers = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < ticks; i++) {
            if (i > 0) {
                Duration wait = Duration.between(clock.instant(), start.plus(settings.probeInterval().multipliedBy(i)));
                if (!wait.isNegative() && !wait.isZero()) {
                    sleeper.sleep(wait);
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            if (remainingMillis.getAsLong() < settings.probeTimeout().multipliedBy(3).toMillis()) {
                LOG.warn("{}: stopping the run early: the invocation is about to time out", region);
                break;
            }
            count = tick(count, takeovers);
            done++;
        }
        Optional<LeaderState> end = readState();
        return new RunSummary(region, done, end.map(s -> s.roleOf(region)).orElse("unknown"),
                end.map(LeaderState::epoch).orElse(0L), List.copyOf(takeovers));
    }

    /** Continues the count of the previous run if its last heartbeat is recent enough to be continuous. */
    private FailureCount resumeCount(Instant now) {
        try {
            Optional<Heartbeat> last = heartbeats.of(region);
            if (last.isPresent() && last.get().consecutiveFailures() > 0
                    && !last.get().at().isBefore(now.minus(settings.probeInterval().multipliedBy(3)))) {
                return new FailureCount(last.get().probedRegion(), last.get().consecutiveFailures(), last.get().firstFailureAt());
            }
        } catch (RuntimeException unreadable) {
            LOG.warn("{}: could not read its last heartbeat ({}); counting from zero", region, unreadable.getClass().getSimpleName());
        }
        return FailureCount.none("");
    }

    private FailureCount tick(FailureCount count, List<FailoverReport> takeovers) {
        Optional<LeaderState> read = readOrCreateState();
        if (read.isEmpty()) {
            return count; // cannot tell who leads; a region that cannot read its Control table must not act
        }
        LeaderState leader = read.get();
        if (leader.isLeader(region)) {
            finishPromotion(leader, leader.changedAt(), leader.changedAt(), FailoverReport.Kind.FAILOVER).ifPresent(takeovers::add);
            beat(leader, true, FailureCount.none(""));
            return FailureCount.none("");
        }
        if (leader.fenced()) {
            minePendingSwitchover(leader).ifPresent(takeovers::add);
            beat(leader, true, FailureCount.none(""));
            return FailureCount.none("");
        }
        String target = leader.activeRegion();
        FailureCount current = target.equals(count.probedRegion()) ? count : FailureCount.none(target);
        ProbeResult result = probe.probe(target);
        if (result.healthy()) {
            if (current.failures() > 0) {
                LOG.info("{}: {} answers again after {} failed probe(s); count reset", region, target, current.failures());
            }
            current = FailureCount.none(target);
        } else if (result.throttled()) {
            // Anyone can get /health throttled by flooding it: no evidence either way.
            LOG.info("{}: probe of {} was throttled ({}); not counted, count stays at {}/{}", region, target,
                    result.detail(), current.failures(), settings.failureThreshold());
            beat(leader, true, current);
            return current;
        } else {
            current = current.failed(result.startedAt());
            LOG.info("{}: probe of {} failed ({}/{}): {}", region, target, current.failures(), settings.failureThreshold(),
                    result.detail());
        }
        boolean selfHealthy = true;
        if (current.failures() >= settings.failureThreshold()) {
            Takeover takeover = considerTakeover(leader, current);
            selfHealthy = takeover.selfHealthy();
            takeover.report().ifPresent(takeovers::add);
            if (takeover.report().isPresent()) {
                return FailureCount.none("");
            }
        }
        beat(leader, selfHealthy, current);
        return current;
    }

    private record Takeover(boolean selfHealthy, Optional<FailoverReport> report) {
    }

    private Takeover considerTakeover(LeaderState leader, FailureCount count) {
        HeartbeatEvidence silence = heartbeatOf(leader.activeRegion(), clock.instant());
        if (!silence.silent()) {
            LOG.warn("{}: {} failed {} probes in a row, but not taking over: {}", region, leader.activeRegion(),
                    count.failures(), silence.description());
            return new Takeover(true, Optional.empty());
        }
        ProbeResult self = probe.probe(region);
        if (!self.healthy()) {
            LOG.warn("{}: {} looks down, but not taking over: this region's own health check {}: {}",
                    region, leader.activeRegion(), self.throttled() ? "was throttled" : "fails", self.detail());
            return new Takeover(false, Optional.empty());
        }
        for (String higher : higherPriorityThan(leader.activeRegion())) {
            ProbeResult other = probe.probe(higher);
            if (other.healthy()) {
                LOG.info("{}: {} looks down; leaving the takeover to {}, which has priority and is healthy",
                        region, leader.activeRegion(), higher);
                return new Takeover(true, Optional.empty());
            }
        }
        Instant decidedAt = clock.instant();
        String reason = leader.activeRegion() + " failed " + count.failures() + " consecutive health probes and "
                + silence.description();
        Optional<LeaderState> promoted = leaders.promote(leader, region, reason, decidedAt, count.firstFailureAt());
        if (promoted.isEmpty()) {
            LOG.info("{}: the leader record changed under the takeover; another run got there first", region);
            Optional<LeaderState> now = readState();
            if (now.isPresent() && now.get().isLeader(region)) {
                return new Takeover(true, finishPromotion(now.get(), decidedAt, now.get().changedAt(), FailoverReport.Kind.FAILOVER));
            }
            return new Takeover(true, Optional.empty());
        }
        Instant writableAt = clock.instant();
        LOG.info("{}: PROMOTED to primary at epoch {} ({}); writes are accepted here now", region, promoted.get().epoch(), reason);
        authEvents.promoted(promoted.get().epoch());
        return new Takeover(true, finishPromotion(promoted.get(), decidedAt, writableAt, FailoverReport.Kind.FAILOVER));
    }

    /** What the leader's heartbeat, as replicated here, says: {@code silent} when it is evidence of death. */
    private record HeartbeatEvidence(boolean silent, String description) {
    }

    /**
     * The second signal a takeover needs besides failed probes. The leader's own scheduled check
     * writes its heartbeat every probe interval into the Control table, a path requests from the
     * internet cannot reach: a flood of {@code /health} may fail the probes, never silence this.
     * Silent means no heartbeat here, or one at least {@link FailoverSettings#heartbeatSilenceForTakeover()}
     * old. A heartbeat that cannot be read is no evidence: no takeover on this tick.
     */
    private HeartbeatEvidence heartbeatOf(String leaderRegion, Instant now) {
        Optional<Heartbeat> beat;
        try {
            beat = heartbeats.of(leaderRegion);
        } catch (RuntimeException unreadable) {
            return new HeartbeatEvidence(false, "its heartbeat cannot be read here ("
                    + unreadable.getClass().getSimpleName() + ")");
        }
        if (beat.isEmpty()) {
            return new HeartbeatEvidence(true, "no heartbeat of it has reached " + region);
        }
        Duration age = Duration.between(beat.get().at(), now);
        Duration bound = settings.heartbeatSilenceForTakeover();
        if (age.compareTo(bound) >= 0) {
            return new HeartbeatEvidence(true, "its heartbeat is " + age.toSeconds() + " s old");
        }
        return new HeartbeatEvidence(false, "its heartbeat is only " + Math.max(0, age.toMillis())
                + " ms old (silent means " + bound.toSeconds() + " s), so its own check still runs");
    }

    /** Regions ahead of this one in the priority order, other than the failed leader. */
    private List<String> higherPriorityThan(String leaderRegion) {
        int mine = settings.priorityOf(region);
        List<String> higher = new ArrayList<>();
        for (int i = 0; i < mine; i++) {
            String other = settings.regions().get(i).region();
            if (!other.equals(leaderRegion)) {
                higher.add(other);
            }
        }
        return higher;
    }

    /**
     * The steps after the epoch raise, each done once: the flip, then the event. Returns the report
     * when this call published it.
     */
    private Optional<FailoverReport> finishPromotion(LeaderState state, Instant decidedAt, Instant writableAt,
                                                     FailoverReport.Kind kind) {
        try {
            return finishSteps(state, decidedAt, writableAt, kind);
        } catch (RuntimeException e) {
            // Recorded as pending on the leader record: the next tick tries again.
            LOG.warn("{}: finishing the promotion to epoch {} failed ({}); retrying on the next tick", region,
                    state.epoch(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private Optional<FailoverReport> finishSteps(LeaderState state, Instant decidedAt, Instant writableAt,
                                                 FailoverReport.Kind kind) {
        if (!state.flipPending() && !state.announcementPending()) {
            return Optional.empty();
        }
        TrafficFlip flip = new TrafficFlip(region, "(flipped earlier)", true);
        Instant flippedAt = clock.instant();
        if (state.flipPending()) {
            flip = traffic.pointAt(region);
            flippedAt = clock.instant();
            leaders.markFlipped(state.epoch());
            LOG.info("{}: traffic FLIPPED to {} ({}{})", region, region, flip.change(), flip.inSync() ? ", in sync" : "");
        }
        if (!state.announcementPending()) {
            return Optional.empty();
        }
        FailoverReport report = new FailoverReport(kind, state.previousRegion(), region, state.epoch(), state.reason(),
                state.firstFailureAt(), decidedAt, writableAt, flippedAt, flip);
        events.publish(report);
        leaders.markAnnounced(state.epoch());
        LOG.info("{}: {} published: {} -> {} at epoch {}, {} ms from {} to writable and flipped", region,
                kind.detailType(), report.fromRegion(), region, state.epoch(), report.total().toMillis(),
                report.firstFailedProbeAt().isPresent() ? "the first failed probe" : "the fence");
        return Optional.of(report);
    }

    // ---- planned switchover --------------------------------------------------------------------

    public SwitchoverResult switchover(String to) {
        if (settings.priorityOf(to) < 0) {
            return new SwitchoverResult(region, SwitchoverOutcome.REFUSED, "unknown region " + to, Optional.empty());
        }
        Optional<LeaderState> read = readState();
        if (read.isEmpty()) {
            return new SwitchoverResult(region, SwitchoverOutcome.REFUSED, "no leader record", Optional.empty());
        }
        LeaderState state = read.get();
        if (region.equals(to)) {
            return takeOverFromFence(state);
        }
        if (state.isLeader(region)) {
            return fenceFor(state, to);
        }
        return new SwitchoverResult(region, SwitchoverOutcome.NOT_INVOLVED, "neither active nor the target", Optional.empty());
    }

    private SwitchoverResult fenceFor(LeaderState state, String to) {
        Instant at = clock.instant();
        Optional<LeaderState> fenced = leaders.fence(state, to, at);
        if (fenced.isEmpty()) {
            return new SwitchoverResult(region, SwitchoverOutcome.REFUSED, "the leader record changed first", Optional.empty());
        }
        LOG.info("{}: FENCED for a switchover to {} (epoch {}); writes are refused here now", region, to, fenced.get().epoch());
        drainMarkers.write(region, fenced.get().epoch(), at);
        beat(fenced.get(), true, FailureCount.none(""));
        return new SwitchoverResult(region, SwitchoverOutcome.FENCED, "fenced at epoch " + fenced.get().epoch(), Optional.empty());
    }

    private SwitchoverResult takeOverFromFence(LeaderState initial) {
        if (initial.isLeader(region)) {
            finishPromotion(initial, initial.changedAt(), initial.changedAt(), FailoverReport.Kind.SWITCHOVER);
            return new SwitchoverResult(region, SwitchoverOutcome.ALREADY_ACTIVE, "already the primary", Optional.empty());
        }
        Instant deadline = clock.instant().plus(settings.switchoverTimeout());
        LOG.info("{}: waiting for {} to fence itself and for replication to drain", region, initial.activeRegion());
        while (true) {
            Optional<LeaderState> read = readState();
            if (read.isPresent()) {
                LeaderState state = read.get();
                if (state.isLeader(region)) {
                    return new SwitchoverResult(region, SwitchoverOutcome.ALREADY_ACTIVE, "promoted meanwhile", Optional.empty());
                }
                if (state.fenced() && state.handoverTo().filter(region::equals).isPresent() && drained(state)) {
                    Instant decided = clock.instant();
                    Optional<LeaderState> promoted = leaders.promote(state, region,
                            "planned switchover from " + state.previousRegion(), decided, Optional.empty());
                    if (promoted.isPresent()) {
                        Instant writableAt = clock.instant();
                        LOG.info("{}: PROMOTED to primary at epoch {} (planned switchover from {})", region,
                                promoted.get().epoch(), state.previousRegion());
                        authEvents.promoted(promoted.get().epoch());
                        Optional<FailoverReport> report = finishPromotion(promoted.get(), state.changedAt(), writableAt,
                                FailoverReport.Kind.SWITCHOVER);
                        return new SwitchoverResult(region, SwitchoverOutcome.PROMOTED, "epoch " + promoted.get().epoch(), report);
                    }
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                LOG.warn("{}: switchover did not complete within {} s; not taking over", region,
                        settings.switchoverTimeout().toSeconds());
                return new SwitchoverResult(region, SwitchoverOutcome.TIMED_OUT, "replication did not drain in time", Optional.empty());
            }
            sleeper.sleep(DRAIN_POLL);
            if (Thread.currentThread().isInterrupted()) {
                return new SwitchoverResult(region, SwitchoverOutcome.TIMED_OUT, "interrupted", Optional.empty());
            }
        }
    }

    /** Everything the fenced region wrote before its fence is here, and replication is keeping up. */
    private boolean drained(LeaderState fence) {
        String from = fence.previousRegion();
        if (!drainMarkers.arrived(from, fence.epoch())) {
            return false;
        }
        Optional<Heartbeat> beat = heartbeats.of(from);
        if (beat.isEmpty() || beat.get().at().isBefore(fence.changedAt())) {
            return false;
        }
        Duration lag = Duration.between(beat.get().at(), clock.instant());
        return lag.compareTo(settings.drainLagBound()) <= 0;
    }

    /**
     * A fenced region repairs its own fence (markers again, in case the run that fenced died) and
     * takes its role back when the target has not taken over within twice the switchover timeout.
     */
    private Optional<FailoverReport> minePendingSwitchover(LeaderState fence) {
        if (!region.equals(fence.previousRegion())) {
            return Optional.empty();
        }
        drainMarkers.write(region, fence.epoch(), fence.changedAt());
        Instant giveUpAt = fence.changedAt().plus(settings.switchoverTimeout().multipliedBy(2));
        if (clock.instant().isBefore(giveUpAt)) {
            return Optional.empty();
        }
        String reason = "switchover to " + fence.handoverTo().orElse("?") + " did not complete; taking the role back";
        Instant decided = clock.instant();
        Optional<LeaderState> back = leaders.promote(fence, region, reason, decided, Optional.empty());
        if (back.isEmpty()) {
            return Optional.empty();
        }
        LOG.warn("{}: {}", region, reason);
        authEvents.promoted(back.get().epoch());
        return finishPromotion(back.get(), decided, clock.instant(), FailoverReport.Kind.SWITCHOVER_ABANDONED);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * The leader record, made first by the deployment's first region (first in the priority
     * order) on its first run: a new deployment needs no hand-written item, and no other function
     * or custom resource. Only that region makes it, and only where none exists (a conditional
     * put), so a record a failover has moved on is never replaced, and no other region can race
     * it with a record of its own: a secondary that reads none waits for the first region's to
     * replicate, as it did before.
     */
    private Optional<LeaderState> readOrCreateState() {
        Optional<LeaderState> read = readState();
        if (read.isPresent() || settings.priorityOf(region) != 0) {
            return read;
        }
        try {
            if (leaders.state().isEmpty()) {
                leaders.initialise(new LeaderRecord(region, 1));
                LOG.info("{}: no leader record yet; made the first one, naming {} at epoch 1", region, region);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not make the first leader record ({})", region, e.getClass().getSimpleName());
        }
        return readState();
    }

    private Optional<LeaderState> readState() {
        try {
            return leaders.state();
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot read the leader record ({}); doing nothing this tick", region, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void beat(LeaderState leader, boolean healthy, FailureCount count) {
        try {
            heartbeats.beat(new Heartbeat(region, clock.instant(), leader.roleOf(region), leader.epoch(), healthy,
                    count.probedRegion(), count.failures(), count.firstFailureAt()));
        } catch (RuntimeException e) {
            LOG.warn("{}: could not write its heartbeat ({})", region, e.getClass().getSimpleName());
        }
    }
}
