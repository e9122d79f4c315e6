package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbFederationDirectory;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.WriteFence;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.IdentityProviders;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.FederationDirectory;
import io.cognate.testing.SealedInMemory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attack on the management API's read-modify-write: two UpdateIdentityProvider calls made from the
 * same read, one changing the attribute mapping and one the identifiers. The second one's write is
 * held back until the first has committed (played deterministically: the first update runs to
 * completion between the second's read and its write), on DynamoDB Local with the real adapter.
 * The stored provider must hold both changes: the second write, conditional on the version it
 * read, fails, and the update runs again on what the first one stored. A write that overwrote the
 * item whole would lose the first change.
 */
class IdentityProviderUpdateRaceTest {
    private static final String REGION = "us-east-1";
    private static final String POOL = "us-east-1_RacePool1";
    private static final String NAME = "corp";

    private DynamoDbFederationDirectory stored;
    private WriteFence fence;
    private final SealedInMemory envelopes = new SealedInMemory();

    @BeforeEach
    void aProviderStored() {
        TableNames tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        leaders.initialise(new LeaderRecord(REGION, 1));
        fence = new WriteFence(REGION, leaders);
        stored = new DynamoDbFederationDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        new IdentityProviders(POOL, stored, envelopes, fence, Clock.systemUTC()).create(POOL, NAME, "OIDC",
                Map.of("client_id", "cognate-upstream", "client_secret", "upstream-secret-1",
                        "authorize_scopes", "openid email", "oidc_issuer", "https://idp.example.com",
                        "attributes_request_method", "GET"),
                Map.of("email", "email"), List.of("corp.example.com"));
    }

    @Test
    void twoUpdatesFromTheSameReadKeepBothChanges() {
        var first = new IdentityProviders(POOL, stored, envelopes, fence, Clock.systemUTC());
        AtomicInteger writes = new AtomicInteger();
        // The second caller's directory: its first write waits until the first caller's update is stored.
        FederationDirectory heldBack = (FederationDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FederationDirectory.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("updateProvider") && writes.getAndIncrement() == 0) {
                        first.update(POOL, NAME, Optional.empty(), Optional.of(Map.of("email", "email",
                                "name", "display_name")), Optional.empty());
                    }
                    try {
                        return method.invoke(stored, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var second = new IdentityProviders(POOL, heldBack, envelopes, fence, Clock.systemUTC());

        IdentityProvider answered = second.update(POOL, NAME, Optional.empty(), Optional.empty(),
                Optional.of(List.of("corp.example.com", "corp.example.org")));

        assertThat(writes).as("the held-back write was refused and made again on the new read").hasValue(2);
        IdentityProvider now = stored.findProvider(NAME).orElseThrow();
        assertThat(now.attributeMapping()).containsEntry("name", "display_name");
        assertThat(now.identifiers()).containsExactlyInAnyOrder("corp.example.com", "corp.example.org");
        assertThat(now.version()).isEqualTo(2);
        assertThat(answered.attributeMapping()).containsEntry("name", "display_name");
        // The new identifier is claimed: another provider cannot take it.
        assertThat(stored.findProviderByIdentifier("corp.example.org")).map(IdentityProvider::name).contains(NAME);
    }
}
