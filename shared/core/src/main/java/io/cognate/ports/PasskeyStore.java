package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.RegistrationChallenge;
import java.util.Optional;

/**
 * Users' passkeys and their pending registration challenge in the Directory, beside each user
 * (same partition, so they replicate with it, and every region can verify a passkey registered
 * in another). Writes are fenced like every Directory write: they commit only while this
 * region's copy of {@code fence} still names it leader, else {@link UserDirectory.FencedOut},
 * checked before anything else.
 */
public interface PasskeyStore {
    /** A strongly consistent read; empty when the user never registered a passkey. */
    Optional<PasskeyCredentials> find(String sub);

    /** The pending registration challenge, expired or not; empty when there is none. */
    Optional<RegistrationChallenge> findChallenge(String sub);

    /**
     * Stores {@code challenge} as the user's pending one, in place of any earlier one (the
     * latest StartWebAuthnRegistration wins), provided the user exists; {@link Conflict} otherwise.
     */
    void putChallenge(String sub, RegistrationChallenge challenge, LeaderRecord fence);

    /**
     * Writes the passkeys whole, in one transaction with the fence, provided the user still
     * exists, the stored passkeys are still at {@code expectedVersion} (0: none stored) and,
     * when {@code used} is given, the pending challenge is still that one, which the same
     * transaction deletes (a challenge registers one passkey at most). Throws {@link Conflict}
     * otherwise, having written nothing.
     */
    void put(String sub, PasskeyCredentials credentials, long expectedVersion, Optional<RegistrationChallenge> used,
             LeaderRecord fence);

    /** The user is gone, another write changed the passkeys since they were read, or the challenge was used. */
    final class Conflict extends RuntimeException {
        public Conflict() {
            super("passkeys changed, challenge used or user gone", null, false, false);
        }
    }
}
