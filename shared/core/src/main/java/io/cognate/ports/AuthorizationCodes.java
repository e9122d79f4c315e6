package io.cognate.ports;

import io.cognate.domain.oauth.AuthorizationCode;
import java.time.Instant;
import java.util.Optional;

/**
 * Authorization codes of the OAuth authorization endpoint, in the Sessions global table, keyed
 * by the code's hash (the code itself is never stored). Redeeming is a conditional claim: the
 * first claim of a stored, unclaimed code answers it; every later claim, in this region or in
 * any region the claim has replicated to, answers nothing.
 */
public interface AuthorizationCodes {
    void save(AuthorizationCode code);

    /** The code's record, marked used at {@code now} by this call; empty if unknown or already used. */
    Optional<AuthorizationCode> claim(String codeHash, Instant now);
}
