package io.cognate.domain.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.InMemoryRevocations;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRevocationsTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00.500Z");

    private final InMemoryRevocations store = new InMemoryRevocations("us-east-1");
    private final SessionRevocations revocations = new SessionRevocations(store);

    @Test
    void aGlobalSignOutEndsSessionsBegunUpToItsMillisecondAndNotLater() {
        String before = SessionIds.next(T.minusMillis(1));
        String same = SessionIds.next(T);
        String after = SessionIds.next(T.plusMillis(1));
        store.signOutEverywhere("alice", T);
        assertThat(revocations.isOver(before, "alice", Optional.empty())).isTrue();
        assertThat(revocations.isOver(same, "alice", Optional.empty())).isTrue();
        // In the same second as the sign-out, yet later: iat could not tell these apart.
        assertThat(revocations.isOver(after, "alice", Optional.empty())).isFalse();
        assertThat(revocations.isOver(before, "bob", Optional.empty())).isFalse();
    }

    @Test
    void aRevokedSessionIsOverWhateverItsStart() {
        String session = SessionIds.next(T);
        assertThat(revocations.isOver(session, "alice", Optional.empty())).isFalse();
        store.revokeSession(session, T, T.plusSeconds(60));
        assertThat(revocations.isOver(session, "alice", Optional.empty())).isTrue();
    }

    @Test
    void aSessionIdWithoutATimeFallsBackToTheRecordedStart() {
        store.signOutEverywhere("alice", T);
        assertThat(revocations.isOver("legacy-id", "alice", Optional.of(T.plusSeconds(1)))).isFalse();
        assertThat(revocations.isOver("legacy-id", "alice", Optional.of(T.minusSeconds(1)))).isTrue();
        assertThat(revocations.isOver("legacy-id", "alice", Optional.empty())).isTrue();
    }
}
