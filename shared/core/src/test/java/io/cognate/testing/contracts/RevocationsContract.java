package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.Revocations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Revocations} does, run against each implementation: revoked sessions and
 * refresh tokens, and GlobalSignOut times that only move forward, each written by a region under
 * its own name and read merged from every region. The regions share one table here, without
 * replication lag. Revocations are kept until {@code keepUntil} at least (the table's TTL may drop
 * them only later), so no test reads past it. Every test uses identifiers of its own.
 */
public abstract class RevocationsContract {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Instant keepUntil = now.plus(Duration.ofDays(30));
    private Revocations east;
    private Revocations west;

    /**
     * The store under test as {@code region} writes it. Within one test, every region's store reads
     * and writes the same table; it may be shared between tests, each using identifiers nobody
     * else uses.
     */
    protected abstract Revocations revocationsIn(String region);

    @BeforeEach
    void twoRegions() {
        east = revocationsIn(EAST);
        west = revocationsIn(WEST);
    }

    private static String newId(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    @Test
    void aSessionIsRevokedOnlyOnceRevoked() {
        String session = newId("jti");
        assertThat(east.isSessionRevoked(session)).isFalse();
        east.revokeSession(session, now, keepUntil);
        assertThat(east.isSessionRevoked(session)).isTrue();
        assertThat(east.isSessionRevoked(newId("jti"))).isFalse();
    }

    @Test
    void aSessionRevokedInOneRegionIsRevokedForEveryRegion() {
        String session = newId("jti");
        east.revokeSession(session, now, keepUntil);
        assertThat(west.isSessionRevoked(session)).isTrue();
    }

    @Test
    void aSessionRevokedByTwoRegionsStaysRevoked() {
        String session = newId("jti");
        east.revokeSession(session, now, keepUntil);
        west.revokeSession(session, now.plusSeconds(1), keepUntil);
        east.revokeSession(session, now.plusSeconds(2), keepUntil);
        assertThat(east.isSessionRevoked(session)).isTrue();
        assertThat(west.isSessionRevoked(session)).isTrue();
    }

    @Test
    void aRefreshTokenIsRevokedByItsHashInEveryRegion() {
        String token = newId("hash");
        assertThat(east.isRefreshTokenRevoked(token)).isFalse();
        west.revokeRefreshToken(token, now, keepUntil);
        assertThat(west.isRefreshTokenRevoked(token)).isTrue();
        assertThat(east.isRefreshTokenRevoked(token)).isTrue();
        assertThat(east.isRefreshTokenRevoked(newId("hash"))).isFalse();
    }

    @Test
    void sessionAndRefreshTokenRevocationsDoNotMixEvenUnderTheSameIdentifier() {
        String revokedAsSession = newId("id");
        String revokedAsToken = newId("id");
        east.revokeSession(revokedAsSession, now, keepUntil);
        east.revokeRefreshToken(revokedAsToken, now, keepUntil);
        assertThat(east.isRefreshTokenRevoked(revokedAsSession)).isFalse();
        assertThat(east.isSessionRevoked(revokedAsToken)).isFalse();
    }

    @Test
    void aUserNeverSignedOutHasNoSignOut() {
        assertThat(east.lastSignOut(newId("sub"))).isEmpty();
    }

    @Test
    void aSignOutIsReadInEveryRegion() {
        String sub = newId("sub");
        east.signOutEverywhere(sub, now);
        assertThat(east.lastSignOut(sub)).contains(now);
        assertThat(west.lastSignOut(sub)).contains(now);
        assertThat(west.lastSignOut(newId("sub"))).isEmpty();
    }

    @Test
    void aLaterSignOutReplacesAnEarlierOne() {
        String sub = newId("sub");
        east.signOutEverywhere(sub, now);
        east.signOutEverywhere(sub, now.plusMillis(1));
        assertThat(east.lastSignOut(sub)).contains(now.plusMillis(1));
    }

    @Test
    void anEarlierSignOutArrivingLateDoesNotUndoALaterOne() {
        String sub = newId("sub");
        east.signOutEverywhere(sub, now.plusSeconds(5));
        east.signOutEverywhere(sub, now);
        assertThat(east.lastSignOut(sub)).contains(now.plusSeconds(5));
    }

    @Test
    void theLatestSignOutOfAnyRegionCounts() {
        String sub = newId("sub");
        west.signOutEverywhere(sub, now.plusSeconds(5));
        east.signOutEverywhere(sub, now.plusSeconds(1));
        assertThat(east.lastSignOut(sub)).contains(now.plusSeconds(5));
        east.signOutEverywhere(sub, now.plusSeconds(9));
        assertThat(west.lastSignOut(sub)).contains(now.plusSeconds(9));
    }

    @Test
    void aSignOutIsKeptToTheMillisecondRoundedDown() {
        String sub = newId("sub");
        east.signOutEverywhere(sub, now.plusNanos(999_999));
        assertThat(east.lastSignOut(sub)).contains(now);
        // Within the same millisecond it is no later than the one recorded.
        east.signOutEverywhere(sub, now.plusNanos(500_000));
        assertThat(east.lastSignOut(sub)).contains(now);
    }
}
