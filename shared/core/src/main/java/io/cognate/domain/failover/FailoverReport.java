package io.cognate.domain.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A completed change of leader, as published in the {@code FailoverCompleted} (or
 * {@code SwitchoverCompleted}, {@code SwitchoverAbandoned}) event. The failover time runs from the first failed probe of the
 * old leader to the moment the new leader was writable and the traffic flip was accepted.
 */
public record FailoverReport(
        Kind kind,
        String fromRegion,
        String toRegion,
        long epoch,
        String reason,
        Optional<Instant> firstFailedProbeAt,
        Instant decidedAt,
        Instant writableAt,
        Instant trafficFlippedAt,
        TrafficFlip flip) {

    public enum Kind {
        FAILOVER("FailoverCompleted"), SWITCHOVER("SwitchoverCompleted"),
        /** The target never took over; the fenced region took its role back. */
        SWITCHOVER_ABANDONED("SwitchoverAbandoned");

        private final String detailType;

        Kind(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    /** First failed probe (or, for a switchover, the decision) to writable and flipped. */
    public Duration total() {
        return Duration.between(firstFailedProbeAt.orElse(decidedAt), trafficFlippedAt);
    }

    public Optional<Duration> detection() {
        return firstFailedProbeAt.map(first -> Duration.between(first, decidedAt));
    }

    public Duration promotion() {
        return Duration.between(decidedAt, writableAt);
    }

    public Duration flipping() {
        return Duration.between(writableAt, trafficFlippedAt);
    }
}
