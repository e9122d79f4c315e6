package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.TableNames;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the ancestor-stamp tests of the items kept beside a user (MFA settings, devices, passkeys)
 * share, on DynamoDB Local: one user, a promotion, the stored item, and a copy by another writer
 * put in place as replication would.
 */
final class BesideUserStamps {
    private final TableNames tables;
    private final String sub;
    private final String sk;
    private final DynamoDbLeaderRecords leaders;

    BesideUserStamps(TableNames tables, String sub, String sk) {
        this.tables = tables;
        this.sub = sub;
        this.sk = sk;
        this.leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
    }

    /** Creates the user in {@code region} under the current leader record, which it returns. */
    LeaderRecord userCreatedIn(String region) {
        LeaderRecord fence = leaders.current().orElseThrow();
        Instant now = Instant.now();
        new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), region)
                .create(new User(sub, Username.of(sub.replace("sub-", "")), UserStatus.CONFIRMED, true, Map.of(), "hash",
                        Optional.empty(), now, now), fence);
        return fence;
    }

    /** Promotes {@code region}; the new leader record. */
    LeaderRecord promote(String region) {
        leaders.promote(leaders.state().orElseThrow(), region, "test", Instant.now(), Optional.empty()).orElseThrow();
        return leaders.current().orElseThrow();
    }

    /** The stored item names {@code first}'s copy at {@code version}, which was the item's creation. */
    void assertNamesAncestor(LeaderRecord first, String region, long version) {
        Map<String, AttributeValue> item = ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory())
                .key(key()).consistentRead(true)).item();
        assertThat(item.get("ancestorEpoch").n()).isEqualTo(String.valueOf(first.epoch()));
        assertThat(item.get("ancestorRegion").s()).isEqualTo(region);
        assertThat(item.get("ancestorVersion").n()).isEqualTo(String.valueOf(version));
        assertThat(item.get("ancestorLine").s()).isEqualTo("0//-1");
    }

    /** Another writer's copy at the stored version, as replication would put it in place. */
    void replicateAnotherWritersCopy() {
        ContractDynamoDb.client().updateItem(b -> b.tableName(tables.directory()).key(key())
                .updateExpression("SET writerRegion = :other").expressionAttributeValues(Map.of(":other",
                        AttributeValue.fromS("ap-southeast-2"))));
    }

    private Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS("USER#" + sub), "sk", AttributeValue.fromS(sk));
    }
}
