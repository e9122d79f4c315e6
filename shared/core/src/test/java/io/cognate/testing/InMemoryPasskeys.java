package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.RegistrationChallenge;
import io.cognate.ports.PasskeyStore;
import java.util.Optional;

/**
 * Users' passkeys and pending registration challenges kept beside them in an {@link
 * InMemoryUserDirectory}, written exactly as DynamoDbPasskeys writes them: fenced like every
 * Directory write ({@link io.cognate.ports.UserDirectory.FencedOut} first), then {@link Conflict}
 * unless the user exists, the stored version is still the one expected (0: none stored) and a
 * challenge named as used is still the pending one (then removed with the same write). Deleting
 * the user deletes both.
 */
public final class InMemoryPasskeys implements PasskeyStore {
    private final InMemoryUserDirectory directory;

    /** The passkeys of {@code directory}'s users, fenced and written as that directory's region. */
    public InMemoryPasskeys(InMemoryUserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<PasskeyCredentials> find(String sub) {
        return directory.passkeys(sub);
    }

    @Override
    public Optional<RegistrationChallenge> findChallenge(String sub) {
        return directory.passkeyChallenge(sub);
    }

    @Override
    public void putChallenge(String sub, RegistrationChallenge challenge, LeaderRecord fence) {
        directory.putPasskeyChallenge(sub, challenge, fence);
    }

    @Override
    public void put(String sub, PasskeyCredentials credentials, long expectedVersion,
                    Optional<RegistrationChallenge> used, LeaderRecord fence) {
        directory.putPasskeys(sub, credentials, expectedVersion, used, fence);
    }
}
