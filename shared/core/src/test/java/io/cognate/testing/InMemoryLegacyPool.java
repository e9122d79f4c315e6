package io.cognate.testing;

import io.cognate.ports.LegacyPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A legacy Cognito pool in memory, answering as {@code CognitoLegacyPool} does against a real one
 * ({@code LegacyPoolContract} holds both to it). It answers only at its own pool and client id;
 * any other address is a pool that cannot be reached. It counts the calls made to it.
 */
public final class InMemoryLegacyPool implements LegacyPool {
    private final String userPoolId;
    private final String clientId;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    private record Account(LegacyUser user, String password, SignInAnswer answerToRightPassword) {
    }

    public InMemoryLegacyPool(String userPoolId, String clientId) {
        this.userPoolId = userPoolId;
        this.clientId = clientId;
    }

    public Address address() {
        return new Address("us-east-1", userPoolId, clientId, Optional.empty(), Optional.empty());
    }

    /** A user there, who answers {@code answerToRightPassword} to their password. */
    public void add(String username, String password, Map<String, String> attributes, String status,
                    List<String> mfaSettings, List<String> groups, SignInAnswer answerToRightPassword) {
        var all = new LinkedHashMap<String, String>();
        all.put("sub", UUID.randomUUID().toString());
        all.putAll(attributes);
        var legacyGroups = new ArrayList<LegacyGroup>();
        groups.forEach(name -> legacyGroups.add(new LegacyGroup(name, Optional.empty(), Optional.empty())));
        accounts.put(username, new Account(new LegacyUser(username, all, status, true, mfaSettings,
                mfaSettings.stream().findFirst(), legacyGroups), password, answerToRightPassword));
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public SignInAnswer signIn(Address pool, String username, String password) {
        reach(pool);
        Account account = accounts.get(username);
        if (account == null || !account.password().equals(password)) {
            return SignInAnswer.REFUSED;
        }
        return account.answerToRightPassword();
    }

    @Override
    public Optional<LegacyUser> describe(Address pool, String username) {
        reach(pool);
        return Optional.ofNullable(accounts.get(username)).map(Account::user);
    }

    private void reach(Address pool) {
        calls.incrementAndGet();
        if (!pool.userPoolId().equals(userPoolId) || !pool.clientId().equals(clientId)) {
            throw new Unavailable("no legacy pool answers at " + pool);
        }
    }
}
