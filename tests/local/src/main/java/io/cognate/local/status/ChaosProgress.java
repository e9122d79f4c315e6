package io.cognate.local.status;

import java.util.Optional;

/**
 * Where the status page reads a running chaos run's progress from; {@link #IDLE} until a chaos
 * runner plugs itself in through {@link LocalStatus#useChaosProgress}.
 */
@FunctionalInterface
public interface ChaosProgress {
    ChaosProgress IDLE = Optional::empty;

    /** The run in progress now, if any. */
    Optional<StatusSnapshot.ChaosRun> current();
}
