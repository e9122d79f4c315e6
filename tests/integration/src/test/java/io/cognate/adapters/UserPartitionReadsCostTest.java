package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbGroupDirectory;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbMfaSettings;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.groups.Group;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.local.dynamo.TableNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * Within one request (what {@code sharingClientReads} runs) a user's profile, MFA settings and
 * group memberships are one Query of the user's partition; a write in the request makes the
 * next read go to the table, so a request never acts on what it has itself replaced; an
 * unknown username costs the calls of a known one.
 */
class UserPartitionReadsCostTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final List<String> calls = new ArrayList<>();
    private DynamoDbUserDirectory directory;
    private DynamoDbMfaSettings mfa;
    private DynamoDbGroupDirectory groups;
    private LeaderRecord fence;

    @BeforeEach
    void stores() {
        TableNames tables = ContractDynamoDb.freshTables();
        DynamoDbClient counted = new CountingClient(ContractDynamoDb.client(), calls);
        directory = new DynamoDbUserDirectory(counted, tables.directory(), tables.control(), "us-east-1");
        mfa = new DynamoDbMfaSettings(counted, tables.directory(), tables.control(), "us-east-1");
        groups = new DynamoDbGroupDirectory(counted, tables.directory(), tables.control(), "us-east-1");
        fence = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC())
                .initialise(new LeaderRecord("us-east-1", 1));
        directory.create(new User("sub-alice", Username.of("alice"), UserStatus.CONFIRMED, true,
                Map.of("email", "alice@example.com"), "hash", Optional.empty(), NOW, NOW), fence);
        mfa.put("sub-alice", MfaSettings.none().withPending("sealed-1", NOW), 0, fence);
        Group admins = Group.created("admins", Optional.empty(), Optional.of(1), Optional.empty(), NOW, "group-1");
        groups.create(admins, fence);
        groups.addMember(admins, "sub-alice", fence);
        calls.clear();
    }

    @Test
    void aRequestReadsTheProfileMfaSettingsAndGroupsInOneQuery() {
        directory.sharingClientReads(() -> {
            User alice = directory.findByUsername(Username.of("alice")).orElseThrow();
            assertThat(mfa.find(alice.sub()).orElseThrow().pendingSecret()).contains("sealed-1");
            assertThat(groups.groupsOf(alice.sub())).extracting(Group::name).containsExactly("admins");
            return null;
        });

        assertThat(calls).containsExactly("GetItem", "Query(3 of 3)", "BatchGetItem");
    }

    @Test
    void outsideARequestEachReadIsItsOwnCall() {
        User alice = directory.findByUsername(Username.of("alice")).orElseThrow();
        mfa.find(alice.sub());
        groups.groupsOf(alice.sub());

        assertThat(calls).containsExactly("GetItem", "GetItem", "GetItem", "Query(1 of 1)", "BatchGetItem");
    }

    @Test
    void anUnknownUsernameCostsTheCallsOfAKnownOneInARequest() {
        directory.sharingClientReads(() -> directory.findByUsername(Username.of("alice")));
        List<String> known = List.copyOf(calls);
        calls.clear();

        directory.sharingClientReads(() -> directory.findByUsername(Username.of("nobody")));

        assertThat(known).containsExactly("GetItem", "Query(3 of 3)");
        assertThat(calls).containsExactly("GetItem", "Query(0 of 0)");
    }

    @Test
    void aWriteInTheRequestIsReadBackFromTheTable() {
        MfaSettings seen = directory.sharingClientReads(() -> {
            directory.findBySub("sub-alice").orElseThrow();
            MfaSettings before = mfa.find("sub-alice").orElseThrow();
            mfa.put("sub-alice", before.verified(true, NOW), before.version(), fence);
            groups.removeMember("admins", "sub-alice", fence);
            assertThat(groups.groupsOf("sub-alice")).isEmpty();
            return mfa.find("sub-alice").orElseThrow();
        });

        assertThat(seen.secret()).contains("sealed-1");
        assertThat(seen.enabled()).isTrue();
        assertThat(seen.version()).isEqualTo(2);
    }

    @Test
    void theNextRequestReadsAfresh() {
        directory.sharingClientReads(() -> mfa.find("sub-alice"));
        directory.sharingClientReads(() -> directory.findBySub("sub-alice"));
        directory.sharingClientReads(() -> directory.findBySub("sub-alice"));

        assertThat(calls).containsExactly("GetItem", "Query(3 of 3)", "Query(3 of 3)");
    }

    /** Passes the calls on, naming each (and what a Query returned of what it read). */
    private record CountingClient(DynamoDbClient delegate, List<String> calls) implements DynamoDbClient {
        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            calls.add("GetItem");
            return delegate.getItem(request);
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            calls.add("BatchGetItem");
            return delegate.batchGetItem(request);
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
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
