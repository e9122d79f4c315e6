package io.cognate.ports;

import io.cognate.testing.InMemoryLegacyPool;
import io.cognate.testing.contracts.LegacyPoolContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The in-memory legacy pool the domain tests use answers as the Cognito adapter does. */
class InMemoryLegacyPoolContractTest extends LegacyPoolContract {
    private final InMemoryLegacyPool pool = new InMemoryLegacyPool("us-east-1_Legacy1", "legacyclient");

    @Override
    protected LegacyPool pool() {
        return pool;
    }

    @Override
    protected LegacyPool.Address address() {
        return pool.address();
    }

    @Override
    protected LegacyPool.Address unreachable() {
        return new LegacyPool.Address("us-east-1", "us-east-1_Nobody", "noclient", Optional.empty(), Optional.empty());
    }

    @Override
    protected void givenUser(String username, String password, Map<String, String> attributes, List<String> groups) {
        var verified = new java.util.LinkedHashMap<>(attributes);
        verified.put("email_verified", "true");
        pool.add(username, password, verified, "CONFIRMED", List.of(), groups, LegacyPool.SignInAnswer.SIGNED_IN);
    }

    @Override
    protected void givenInvitedUser(String username, String temporaryPassword, String email) {
        pool.add(username, temporaryPassword, Map.of("email", email, "email_verified", "true"), "FORCE_CHANGE_PASSWORD",
                List.of(), List.of(), LegacyPool.SignInAnswer.NEW_PASSWORD_REQUIRED);
    }
}
