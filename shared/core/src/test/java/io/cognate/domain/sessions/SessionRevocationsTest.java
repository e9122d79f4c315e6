package io.cognate.domain.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.Revocations;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionRevocationsTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00.500Z");

    private final InMemoryRevocations store = new InMemoryRevocations();
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

    static final class InMemoryRevocations implements Revocations {
        final Set<String> sessions = new HashSet<>();
        final Map<String, Instant> signOuts = new HashMap<>();

        @Override
        public void revokeSession(String originJti, Instant revokedAt, Instant keepUntil) {
            sessions.add(originJti);
        }

        @Override
        public boolean isSessionRevoked(String originJti) {
            return sessions.contains(originJti);
        }

        @Override
        public void revokeRefreshToken(String tokenHash, Instant revokedAt, Instant keepUntil) {
            sessions.add("rt:" + tokenHash);
        }

        @Override
        public boolean isRefreshTokenRevoked(String tokenHash) {
            return sessions.contains("rt:" + tokenHash);
        }

        @Override
        public void signOutEverywhere(String sub, Instant at) {
            signOuts.merge(sub, at, (a, b) -> a.isAfter(b) ? a : b);
        }

        @Override
        public Optional<Instant> lastSignOut(String sub) {
            return Optional.ofNullable(signOuts.get(sub));
        }
    }
}
