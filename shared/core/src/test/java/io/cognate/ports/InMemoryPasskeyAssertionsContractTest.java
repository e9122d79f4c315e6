package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemorySignCounters;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.TestPasskeys;
import io.cognate.testing.contracts.PasskeyAssertionsContract;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The passkey sign-in contract on {@link TestPasskeys}, the fixture core tests use. */
class InMemoryPasskeyAssertionsContractTest extends PasskeyAssertionsContract {
    private final InMemoryLeaderRecords leaders = new InMemoryLeaderRecords(Clock.systemUTC());
    private final InMemoryUserDirectory directory = new InMemoryUserDirectory("us-east-1", leaders);
    private final LeaderRecord leader = leaders.initialise(new LeaderRecord("us-east-1", 1));
    private final TestPasskeys passkeys = new TestPasskeys(directory, leaders, new InMemorySignCounters("us-east-1"));

    @Override
    protected PasskeyAssertions assertions() {
        return passkeys.assertions();
    }

    @Override
    protected User newUser() {
        String sub = UUID.randomUUID().toString();
        directory.create(new User(sub, Username.of("user-" + sub.substring(0, 8)), UserStatus.CONFIRMED, true,
                Map.of(), "hash", Optional.empty(), Instant.now(), Instant.now()), leader);
        return directory.findBySub(sub).orElseThrow();
    }

    @Override
    protected Passkey register(User user) {
        return passkeys.register(user);
    }

    @Override
    protected String relyingPartyId() {
        return TestPasskeys.RELYING_PARTY.id();
    }
}
