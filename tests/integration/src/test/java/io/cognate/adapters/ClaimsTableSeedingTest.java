package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.ClaimsTableSeeding;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.StrongClaims;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * An EVENTUAL deployment switched to STRONG starts with an empty Claims table: no leader record
 * (every region refuses writes) and no username claims. {@link ClaimsTableSeeding} fills it from
 * a region's Directory and Control tables, on DynamoDB Local, with the Claims table as the local
 * stack models MRSC (one copy every region reaches).
 */
class ClaimsTableSeedingTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String REGION = "us-east-1";

    private TableNames tables;
    private String claims;
    private DynamoDbClient dynamo;
    private final Map<String, String> subs = new LinkedHashMap<>();

    @BeforeEach
    void anEventualDeploymentWithThreeUsersAtEpochFour() {
        dynamo = ContractDynamoDb.client();
        tables = ContractDynamoDb.freshTables();
        claims = StrongConsistencyTable.create(ContractDynamoDb.sdkClient(), "c" + UUID.randomUUID().toString().substring(0, 8) + "-claims").name();
        LeaderRecord fence = new DynamoDbLeaderRecords(dynamo, tables.control(), Clock.systemUTC())
                .initialise(new LeaderRecord(REGION, 4));
        var directory = new DynamoDbUserDirectory(dynamo, tables.directory(), tables.control(), REGION);
        for (String name : List.of("alice", "bob", "carol")) {
            User user = user(name);
            directory.create(user, fence);
            subs.put(name, user.sub());
        }
    }

    private ClaimsTableSeeding seeding(DynamoDbClient claimsClient) {
        return new ClaimsTableSeeding(dynamo, tables.directory(), tables.control(), claimsClient, claims, REGION,
                Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    private DynamoDbLeaderRecords strongLeaders() {
        return DynamoDbLeaderRecords.forMode(dynamo, tables.control(), claims, Clock.systemUTC());
    }

    private StrongClaims claimsFrom(String region) {
        return StrongClaims.in(dynamo, claims, region, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    private Map<String, AttributeValue> claimItem(String name) {
        return dynamo.getItem(b -> b.tableName(claims).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("USERNAME#" + name), "sk", AttributeValue.fromS("USERNAME")))).item();
    }

    @Test
    void theLeaderRecordAndOneCommittedClaimPerUserMakeTheSwitchedDeploymentWritable() {
        assertThat(strongLeaders().current()).as("before: no leader in the Claims table, writes refused").isEmpty();

        ClaimsTableSeeding.Result result = seeding(dynamo).seed();

        assertThat(result.leaderEpoch()).isEqualTo(4);
        assertThat(result.leaderWritten()).isTrue();
        assertThat(result.claimsWritten()).isEqualTo(3);
        assertThat(result.heldByAnother()).isEmpty();
        assertThat(strongLeaders().current()).contains(new LeaderRecord(REGION, 4));
        subs.forEach((name, sub) -> {
            assertThat(claimsFrom(REGION).owner(name)).contains(sub);
            assertThat(claimItem(name).get("state").s()).isEqualTo("COMMITTED");
        });
        // Another region, whose Directory may not have the user yet, now meets the claim.
        assertThatThrownBy(() -> claimsFrom("eu-west-1").claim("alice", "sub-" + UUID.randomUUID(), sub -> false))
                .isInstanceOf(UserDirectory.UsernameTaken.class);
    }

    @Test
    void aSecondRunChangesNothing() {
        seeding(dynamo).seed();
        Map<String, AttributeValue> before = claimItem("bob");

        ClaimsTableSeeding.Result again = seeding(dynamo).seed();

        assertThat(again.leaderWritten()).isFalse();
        assertThat(again.claimsWritten()).isZero();
        assertThat(again.claimsPresent()).isEqualTo(3);
        assertThat(claimItem("bob")).isEqualTo(before);
    }

    @Test
    void aLowerLeaderRecordGivesWayAndAHigherOneStands() {
        // The health-check initialised the empty table at epoch 1 after the switch: the seed raises it.
        strongLeaders().initialise(new LeaderRecord(REGION, 1));
        assertThat(seeding(dynamo).seed().leaderWritten()).isTrue();
        assertThat(strongLeaders().current()).contains(new LeaderRecord(REGION, 4));

        // A promotion since (epoch 9, eu-west-1) is never undone by a seed from an older copy.
        dynamo.putItem(b -> b.tableName(claims).item(Map.of("pk", AttributeValue.fromS("LEADER"),
                "sk", AttributeValue.fromS("LEADER"), "activeRegion", AttributeValue.fromS("eu-west-1"),
                "epoch", AttributeValue.fromN("9"))));
        assertThat(seeding(dynamo).seed().leaderWritten()).isFalse();
        assertThat(claimItem("bob")).isNotEmpty();
        assertThat(dynamo.getItem(b -> b.tableName(claims).consistentRead(true).key(Map.of("pk",
                AttributeValue.fromS("LEADER"), "sk", AttributeValue.fromS("LEADER")))).item().get("epoch").n()).isEqualTo("9");
    }

    @Test
    void aNameAnotherSubClaimedSinceTheSwitchIsReportedAndLeftAsItIs() {
        String other = "sub-" + UUID.randomUUID();
        assertThat(claimsFrom("eu-west-1").claim("bob", other, sub -> true)).isTrue();

        ClaimsTableSeeding.Result result = seeding(dynamo).seed();

        assertThat(result.heldByAnother()).containsExactly("bob");
        assertThat(result.claimsWritten()).isEqualTo(2);
        assertThat(claimsFrom(REGION).owner("bob")).contains(other);
    }

    @Test
    void aUserDeletedWhileTheSeedRunsLeavesNoClaimBehind() {
        // carol is deleted between the scan that read her and her claim's write.
        DynamoDbClient deletingFirst = new DynamoDbClient() {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                if (request.item().get("pk").s().equals("USERNAME#carol")) {
                    dynamo.deleteItem(b -> b.tableName(tables.directory()).key(Map.of(
                            "pk", AttributeValue.fromS("USERNAME#carol"), "sk", AttributeValue.fromS("USERNAME"))));
                }
                return dynamo.putItem(request);
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.model.GetItemResponse getItem(
                    software.amazon.awssdk.services.dynamodb.model.GetItemRequest request) {
                return dynamo.getItem(request);
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse updateItem(
                    software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest request) {
                return dynamo.updateItem(request);
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse deleteItem(
                    software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest request) {
                return dynamo.deleteItem(request);
            }

            @Override
            public String serviceName() {
                return dynamo.serviceName();
            }

            @Override
            public void close() {
            }
        };

        ClaimsTableSeeding.Result result = seeding(deletingFirst).seed();

        assertThat(result.claimsWritten()).isEqualTo(2);
        assertThat(claimItem("carol")).as("no claim locks the deleted user's name").isEmpty();
        assertThat(claimsFrom("eu-west-1").claim("carol", "sub-" + UUID.randomUUID(), sub -> false)).isTrue();
    }

    private static User user(String name) {
        return new User("sub-" + UUID.randomUUID(), Username.of(name), UserStatus.CONFIRMED, true,
                Map.of("email", name + "@example.com"), "hash", Optional.empty(), NOW, NOW);
    }
}
