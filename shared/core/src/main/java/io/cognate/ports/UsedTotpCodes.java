package io.cognate.ports;

import java.time.Instant;

/**
 * The replay cache of one-time passwords: which time steps of a user's TOTP have been used.
 * Kept in the Sessions global table, so a code used in one region is refused in every region
 * once the record has replicated.
 */
public interface UsedTotpCodes {
    /**
     * Records that the code of {@code step} has been used; false (recording nothing) if it had
     * been used already. The record may be forgotten after {@code forgetAfter}.
     */
    boolean claim(String sub, long step, Instant forgetAfter);
}
