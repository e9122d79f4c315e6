package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * What the Directory adapter asks of DynamoDB for a known and an unknown username: the same
 * calls, so an answer's timing does not tell whether the user exists (finding 8 of the security
 * review). Requests are counted on their way to DynamoDB Local.
 */
class DynamoDbUserDirectoryCostTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final List<String> calls = new ArrayList<>();
    private DynamoDbUserDirectory directory;
    private LeaderRecord fence;
    private User alice;

    @BeforeEach
    void directory() {
        TableNames tables = ContractDynamoDb.freshTables();
        DynamoDbClient counted = new CountingClient(ContractDynamoDb.client(), calls);
        directory = new DynamoDbUserDirectory(counted, tables.directory(), tables.control(), "us-east-1");
        fence = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC())
                .initialise(new LeaderRecord("us-east-1", 1));
        alice = new User("sub-alice", Username.of("alice"), UserStatus.CONFIRMED, true,
                Map.of("email", "alice@example.com"), "hash", Optional.empty(), NOW, NOW);
        directory.create(alice, fence);
        calls.clear();
    }

    @Test
    void anUnknownUsernameCostsTheReadsOfAKnownOne() {
        assertThat(directory.findByUsername(Username.of("alice"))).isPresent();
        List<String> known = List.copyOf(calls);
        calls.clear();

        assertThat(directory.findByUsername(Username.of("nobody"))).isEmpty();

        assertThat(known).containsExactly("GetItem", "GetItem");
        assertThat(calls).isEqualTo(known);
    }

    @Test
    void aDecoyWriteCostsTheTransactionOfAnUpdate() {
        User stored = directory.findByUsername(Username.of("alice")).orElseThrow();
        calls.clear();
        directory.update(stored.withEnabled(false, NOW), fence);
        List<String> update = List.copyOf(calls);
        calls.clear();

        directory.writeDecoy(Username.of("nobody"), NOW.plusSeconds(3600), fence);

        assertThat(update).containsExactly("TransactWriteItems(2)");
        assertThat(calls).isEqualTo(update);
    }

    /**
     * A page of ListUserPoolClients is one Query of the list partition reading what it returns,
     * never a Scan of the users; each client write carries its list entry in its transaction.
     */
    @Test
    void aPageOfClientsIsOneQueryOfThatPageAlone() {
        for (int i = 0; i < 5; i++) {
            directory.createClient(new AppClient("client-" + i, "client " + i, Set.of(), Duration.ofHours(1),
                    Duration.ofHours(1), Duration.ofDays(1)), fence);
        }
        assertThat(calls).containsOnly("TransactWriteItems(3)");
        calls.clear();

        var page = directory.listClients(2, Optional.of("client-0"));

        assertThat(page.clients()).hasSize(2);
        assertThat(calls).containsExactly("Query(2 of 2)");
    }

    /**
     * Within one request an app client is read once (a sign-in looks it up twice); a write of it
     * in the request is read again, and outside a request every look-up reads.
     */
    @Test
    void aRequestReadsEachClientOnceAndAgainAfterWritingIt() {
        AppClient client = directory.createClient(new AppClient("client-once", "once", Set.of(), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofDays(1)), fence);
        calls.clear();

        String renamed = directory.sharingClientReads(() -> {
            assertThat(directory.findClient("client-once")).isPresent();
            assertThat(directory.findClient("client-once")).isPresent();
            assertThat(directory.findClient("no-such-client")).isEmpty();
            assertThat(directory.findClient("no-such-client")).isEmpty();
            assertThat(calls).containsExactly("GetItem", "GetItem");
            directory.updateClient(new AppClient("client-once", "renamed", Set.of(), Duration.ofHours(1),
                    Duration.ofHours(1), Duration.ofDays(1)).stored(client.version()), fence);
            return directory.findClient("client-once").orElseThrow().clientName();
        });

        assertThat(renamed).isEqualTo("renamed");
        assertThat(calls).containsExactly("GetItem", "GetItem", "TransactWriteItems(3)", "GetItem");
        calls.clear();
        directory.findClient("client-once");
        directory.findClient("client-once");
        assertThat(calls).containsExactly("GetItem", "GetItem");
    }

    /** Passes the calls the adapter makes on, naming each (and a transaction's item count). */
    private record CountingClient(DynamoDbClient delegate, List<String> calls) implements DynamoDbClient {
        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            calls.add("GetItem");
            return delegate.getItem(request);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            calls.add("TransactWriteItems(" + request.transactItems().size() + ")");
            return delegate.transactWriteItems(request);
        }

        @Override
        public QueryResponse query(QueryRequest request) {
            QueryResponse response = delegate.query(request);
            calls.add("Query(" + response.count() + " of " + response.scannedCount() + ")");
            return response;
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            calls.add("Scan");
            return delegate.scan(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
