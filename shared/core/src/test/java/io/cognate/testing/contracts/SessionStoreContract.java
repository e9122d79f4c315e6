package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.RefreshTokenRecord;
import io.cognate.ports.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} does, run against each implementation: a refresh token record
 * is saved once under its hash and found by it, times to the millisecond. The store does not
 * judge expiry: a record is returned as saved, {@code expiresAt} included, and the caller refuses
 * an expired one; the table's TTL deletes it some time after. No test here reads a record past
 * its expiry, since DynamoDB Local runs that TTL too. Every test uses hashes of its own.
 */
public abstract class SessionStoreContract {
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private SessionStore sessions;

    /** The store under test. It may be shared between tests: each test uses token hashes nobody else uses. */
    protected abstract SessionStore newSessionStore();

    @BeforeEach
    void newStore() {
        sessions = newSessionStore();
    }

    private RefreshTokenRecord newRecord(Instant issuedAt) {
        return new RefreshTokenRecord("hash-" + UUID.randomUUID(), "sub-" + UUID.randomUUID(), "client-1",
                "jti-" + UUID.randomUUID(), issuedAt.minus(Duration.ofMinutes(5)), issuedAt,
                issuedAt.plus(Duration.ofDays(30)), "us-east-1");
    }

    @Test
    void anUnknownHashFindsNothing() {
        assertThat(sessions.findRefreshToken("hash-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aSavedRecordIsFoundByItsHashAsSaved() {
        RefreshTokenRecord record = newRecord(now);
        sessions.saveRefreshToken(record);
        assertThat(sessions.findRefreshToken(record.tokenHash())).contains(record);
    }

    @Test
    void recordsAreFoundApart() {
        RefreshTokenRecord first = newRecord(now);
        RefreshTokenRecord second = newRecord(now.plusSeconds(1));
        sessions.saveRefreshToken(first);
        sessions.saveRefreshToken(second);
        assertThat(sessions.findRefreshToken(first.tokenHash())).contains(first);
        assertThat(sessions.findRefreshToken(second.tokenHash())).contains(second);
    }

    @Test
    void aSecondRecordUnderTheSameHashIsRefusedAndTheFirstStays() {
        RefreshTokenRecord first = newRecord(now);
        sessions.saveRefreshToken(first);
        RefreshTokenRecord sameHash = new RefreshTokenRecord(first.tokenHash(), "sub-other", "client-2", "jti-other",
                now, now, now.plus(Duration.ofDays(1)), "eu-west-1");
        assertThatThrownBy(() -> sessions.saveRefreshToken(sameHash)).isInstanceOf(RuntimeException.class);
        assertThat(sessions.findRefreshToken(first.tokenHash())).contains(first);
    }

    @Test
    void timesAreKeptToTheMillisecondRoundedDown() {
        RefreshTokenRecord precise = new RefreshTokenRecord("hash-" + UUID.randomUUID(), "sub-1", "client-1", "jti-1",
                now.plusNanos(100_000), now.plusNanos(900_000), now.plus(Duration.ofDays(1)).plusNanos(999_999),
                "us-east-1");
        sessions.saveRefreshToken(precise);
        assertThat(sessions.findRefreshToken(precise.tokenHash())).contains(new RefreshTokenRecord(
                precise.tokenHash(), "sub-1", "client-1", "jti-1", now, now, now.plus(Duration.ofDays(1)), "us-east-1"));
    }
}
