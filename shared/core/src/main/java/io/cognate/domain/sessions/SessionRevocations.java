package io.cognate.domain.sessions;

import io.cognate.domain.tokens.RevocationCheck;
import io.cognate.domain.tokens.VerifiedToken;
import io.cognate.ports.Revocations;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a session is over: revoked by RevokeToken, or begun no later than its user's latest
 * GlobalSignOut. Client-credentials tokens belong to no session and are never revoked here
 * (as in Cognito: they simply expire). Costs two strongly consistent reads of the Sessions table.
 */
public final class SessionRevocations implements RevocationCheck {
    private final Revocations revocations;

    public SessionRevocations(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        Optional<String> session = token.originJti();
        return session.isPresent() && isOver(session.get(), token.subject(), Optional.empty());
    }

    /**
     * @param recordedStart when the store says the session began (its refresh token record); used
     *                      when the id is not a UUIDv7
     */
    public boolean isOver(String originJti, String sub, Optional<Instant> recordedStart) {
        Optional<Instant> signOut = revocations.lastSignOut(sub);
        if (signOut.isPresent()) {
            Instant started = SessionIds.startedAt(originJti).or(() -> recordedStart).orElse(Instant.EPOCH);
            if (!started.isAfter(signOut.get())) {
                return true;
            }
        }
        return revocations.isSessionRevoked(originJti);
    }
}
