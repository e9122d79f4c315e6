package io.cognate.ports;

import java.time.Instant;

/**
 * The states of upstream sign-ins that came back: each is accepted once. Kept in the Sessions
 * global table (writable in every region), so a state used in one region is refused in every
 * region once the record has replicated.
 */
public interface UpstreamStates {
    /** Records the state as used; false (recording nothing) if it was used already. */
    boolean claim(String stateId, Instant forgetAfter);
}
