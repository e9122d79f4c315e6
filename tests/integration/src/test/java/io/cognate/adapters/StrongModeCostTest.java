package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.StrongClaims;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.local.dynamo.TableNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * What strong mode adds to a sign-up and to a fenced write's leader read, call by call, the calls
 * on the Claims table (each a cross-region round trip on AWS: MRSC) told apart from the local
 * ones. The numbers docs/architecture.md ("Strong mode (MRSC)", what it costs) quotes.
 */
class StrongModeCostTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final List<String> calls = new ArrayList<>();
    private TableNames tables;
    private String claims;
    private DynamoDbClient counted;

    @BeforeEach
    void tables() {
        tables = ContractDynamoDb.freshTables();
        claims = StrongConsistencyTable.create(ContractDynamoDb.sdkClient(),
                "c" + UUID.randomUUID().toString().substring(0, 8) + "-claims").name();
        counted = new CountingClient(ContractDynamoDb.client(), calls, claims);
    }

    @Test
    void aSignUpInEventualModeIsOneTransaction() {
        var fence = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC())
                .initialise(new LeaderRecord("us-east-1", 1));
        new DynamoDbUserDirectory(counted, tables.directory(), tables.control(), "us-east-1").create(user(), fence);

        assertThat(calls).containsExactly("TransactWriteItems(3)");
    }

    @Test
    void aSignUpInStrongModeAddsTwoMrscWritesAndOneLocalRead() {
        var leaders = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tables.control(), claims, Clock.systemUTC());
        LeaderRecord fence = leaders.initialise(new LeaderRecord("us-east-1", 1));
        var directory = new DynamoDbUserDirectory(counted, tables.directory(), tables.control(), "us-east-1",
                StrongClaims.in(counted, claims, "us-east-1", Clock.systemUTC()));

        directory.create(user(), fence);

        assertThat(calls).containsExactly("GetItem", "PutItem claims", "TransactWriteItems(3)", "UpdateItem claims");
    }

    @Test
    void theLeaderReadInStrongModeIsOneMrscReadAndOneLocalRead() {
        DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tables.control(), claims, Clock.systemUTC())
                .initialise(new LeaderRecord("us-east-1", 1));
        var leaders = DynamoDbLeaderRecords.forMode(counted, tables.control(), claims, Clock.systemUTC());

        assertThat(leaders.current()).contains(new LeaderRecord("us-east-1", 1));
        assertThat(calls).containsExactly("GetItem claims", "GetItem");

        calls.clear();
        new DynamoDbLeaderRecords(counted, tables.control(), Clock.systemUTC()).current();
        assertThat(calls).as("eventual mode").containsExactly("GetItem");
    }

    private static User user() {
        return new User("sub-" + UUID.randomUUID(), Username.of("alice"), UserStatus.CONFIRMED, true,
                Map.of("email", "alice@example.com"), "hash", Optional.empty(), NOW, NOW);
    }

    /** Passes calls on, naming each, with " claims" for those on the Claims table. */
    private record CountingClient(DynamoDbClient delegate, List<String> calls, String claims) implements DynamoDbClient {
        private String on(String table) {
            return claims.equals(table) ? " claims" : "";
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            calls.add("GetItem" + on(request.tableName()));
            return delegate.getItem(request);
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            calls.add("PutItem" + on(request.tableName()));
            return delegate.putItem(request);
        }

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest request) {
            calls.add("UpdateItem" + on(request.tableName()));
            return delegate.updateItem(request);
        }

        @Override
        public DeleteItemResponse deleteItem(DeleteItemRequest request) {
            calls.add("DeleteItem" + on(request.tableName()));
            return delegate.deleteItem(request);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            calls.add("TransactWriteItems(" + request.transactItems().size() + ")");
            return delegate.transactWriteItems(request);
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
