package io.cognate.ports;

import java.time.Instant;
import java.util.Optional;

/**
 * Revocations in the Sessions global table, written in any region. Each region writes only
 * items keyed by its own name, so two regions never write the same item; readers merge what
 * every region wrote.
 */
public interface Revocations {
    /** Marks a session (every token sharing one {@code origin_jti}) revoked; kept until {@code keepUntil}. */
    void revokeSession(String originJti, Instant revokedAt, Instant keepUntil);

    boolean isSessionRevoked(String originJti);

    /**
     * Marks one refresh token revoked by its hash, whether or not this region has its record
     * yet (it may still be replicating from the region that issued it).
     */
    void revokeRefreshToken(String tokenHash, Instant revokedAt, Instant keepUntil);

    boolean isRefreshTokenRevoked(String tokenHash);

    /** Records a GlobalSignOut of {@code sub} at {@code at}: sessions started up to then are over. */
    void signOutEverywhere(String sub, Instant at);

    /** The latest GlobalSignOut of {@code sub} any region has recorded (and this region has seen). */
    Optional<Instant> lastSignOut(String sub);
}
