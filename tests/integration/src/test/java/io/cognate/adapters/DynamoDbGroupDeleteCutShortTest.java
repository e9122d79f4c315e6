package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbGroupDirectory;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.groups.Group;
import io.cognate.local.dynamo.TableNames;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DeleteGroup that stopped after the group item went (a Lambda timeout between its pages of
 * membership deletes), played by deleting the group item alone: the memberships left behind
 * grant nothing (no token, no list shows them), a group made again under the name does not
 * inherit them, and its own delete, or deleting the user, clears them.
 */
class DynamoDbGroupDeleteCutShortTest {
    private static final String REGION = "us-east-1";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private TableNames tables;
    private DynamoDbGroupDirectory groups;
    private DynamoDbUserDirectory users;
    private LeaderRecord fence;
    private User alice;
    private Group admins;

    @BeforeEach
    void memberOfAGroupWhoseDeleteWasCutShort() {
        tables = ContractDynamoDb.freshTables();
        fence = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC())
                .initialise(new LeaderRecord(REGION, 1));
        groups = new DynamoDbGroupDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        users = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        alice = new User("sub-alice", Username.of("alice"), UserStatus.CONFIRMED, true, Map.of(), "hash",
                Optional.empty(), NOW, NOW);
        users.create(alice, fence);
        admins = group("admins", "first");
        groups.create(admins, fence);
        groups.addMember(admins, alice.sub(), fence);

        ContractDynamoDb.client().deleteItem(b -> b.tableName(tables.directory()).key(Map.of(
                "pk", AttributeValue.fromS("GROUPS"), "sk", AttributeValue.fromS("GROUP#admins"))));
        assertThat(items("USER#sub-alice", "GROUP#admins") + items("GROUP#admins", "MEMBER#sub-alice"))
                .as("both halves of the membership are left").isEqualTo(2);
    }

    @Test
    void theMembershipsLeftBehindGrantNothingNorPassToAGroupMadeAgain() {
        assertThat(groups.groupsOf(alice.sub())).isEmpty();
        assertThat(groups.groupsOf(alice.sub(), 60, Optional.empty()).items()).isEmpty();

        Group again = group("admins", "second");
        groups.create(again, fence);

        assertThat(groups.groupsOf(alice.sub())).isEmpty();
        assertThat(groups.members(again, 60, Optional.empty()).items()).isEmpty();
        groups.addMember(again, alice.sub(), fence);
        assertThat(groups.groupsOf(alice.sub())).containsExactly(again);
    }

    @Test
    void aLaterDeleteOfTheNameOrOfTheUserClearsThem() {
        Group again = group("admins", "second");
        groups.create(again, fence);
        groups.delete(again, fence);
        assertThat(items("USER#sub-alice", "GROUP#admins") + items("GROUP#admins", "MEMBER#sub-alice")).isZero();

        groups.create(again = group("admins", "third"), fence);
        groups.addMember(again, alice.sub(), fence);
        ContractDynamoDb.client().deleteItem(b -> b.tableName(tables.directory()).key(Map.of(
                "pk", AttributeValue.fromS("GROUPS"), "sk", AttributeValue.fromS("GROUP#admins"))));
        users.delete(alice, fence);
        assertThat(items("USER#sub-alice", "GROUP#admins") + items("GROUP#admins", "MEMBER#sub-alice")).isZero();
    }

    private int items(String pk, String sk) {
        return ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item().isEmpty() ? 0 : 1;
    }

    private static Group group(String name, String id) {
        return new Group(name, Optional.empty(), Optional.of(0), Optional.empty(), NOW, NOW, id, 1);
    }
}
