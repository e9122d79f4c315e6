package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.UserDirectoryContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Directory contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbUserDirectoryContractTest extends UserDirectoryContract {
    private TableNames tables;

    @Override
    protected Storage newStorage() {
        tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }

    /**
     * A deleted user leaves a tombstone with the fence's stamps (what makes a delete comparable with
     * a change made elsewhere during a split): no attribute, no secret, a TTL; no read finds it, and
     * the username is free for a new user.
     */
    @Test
    void aDeletedUserLeavesAStampedTombstoneThatNoReadFinds() {
        var directory = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        LeaderRecord fence = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC())
                .current().orElseThrow();
        Instant now = Instant.now();
        User ida = new User("sub-ida", Username.of("ida"), UserStatus.CONFIRMED, true, Map.of("email", "ida@example.com"),
                "hash-of-ida", Optional.empty(), now, now);
        directory.create(ida, fence);
        User stored = directory.findBySub("sub-ida").orElseThrow();

        directory.delete(stored, fence);

        Map<String, AttributeValue> item = ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory())
                .key(Map.of("pk", AttributeValue.fromS("USER#sub-ida"), "sk", AttributeValue.fromS("PROFILE")))).item();
        assertThat(item).containsKeys("deleted", "epoch", "writerRegion", "ancestorVersion", "ttl")
                .doesNotContainKeys("passwordHash", "attributes", "username", "srpVerifier");
        assertThat(item.get("version").n()).isEqualTo(String.valueOf(stored.version() + 1));
        assertThat(Instant.ofEpochSecond(Long.parseLong(item.get("ttl").n())))
                .isAfter(now.plus(Duration.ofDays(29))).isBefore(now.plus(Duration.ofDays(31)));
        assertThat(directory.findBySub("sub-ida")).isEmpty();
        assertThat(directory.findByUsername(Username.of("ida"))).isEmpty();
        assertThat(directory.listUsers(Optional.empty(), 60, Optional.empty()).users()).isEmpty();
        // A second delete of the same read finds nothing to delete, as before.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.delete(stored, fence))
                .isInstanceOf(IllegalStateException.class);

        User again = new User("sub-ida-2", Username.of("ida"), UserStatus.CONFIRMED, true, Map.of(), "hash", Optional.empty(),
                now, now);
        directory.create(again, fence);
        assertThat(directory.findByUsername(Username.of("ida")).orElseThrow().sub()).isEqualTo("sub-ida-2");
    }

    /**
     * A profile written by three leaders in turn (two promotions) carries its whole line: the
     * copy the last leader wrote on top of, then that copy's own line back to the creation. One
     * writer back was all a copy carried before, which cannot tell the first leader's later,
     * stale writes from the ones the line holds (ConflictRulesTest has the rule).
     */
    @Test
    void aProfileWrittenByThreeLeadersInTurnCarriesItsLineBackToItsCreation() {
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        Instant now = Instant.now();
        LeaderRecord first = leaders.current().orElseThrow();
        var east = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        east.create(new User("sub-line", Username.of("line"), UserStatus.CONFIRMED, true, Map.of("name", "one"), "hash",
                Optional.empty(), now, now), first);
        east.update(withName(east, "two"), first);

        LeaderRecord second = promote(leaders, OTHER_REGION, now);
        var west = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        west.update(withName(west, "three"), second);
        west.update(withName(west, "four"), second);

        LeaderRecord third = promote(leaders, "ap-southeast-2", now);
        var south = new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), "ap-southeast-2");
        south.update(withName(south, "five"), third);

        Map<String, AttributeValue> item = ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory())
                .key(Map.of("pk", AttributeValue.fromS("USER#sub-line"), "sk", AttributeValue.fromS("PROFILE")))).item();
        assertThat(item.get("version").n()).isEqualTo("5");
        assertThat(item.get("epoch").n()).isEqualTo(String.valueOf(third.epoch()));
        // The copy written on top of: the second leader's last, at version 4...
        assertThat(item.get("ancestorEpoch").n()).isEqualTo(String.valueOf(second.epoch()));
        assertThat(item.get("ancestorRegion").s()).isEqualTo(OTHER_REGION);
        assertThat(item.get("ancestorVersion").n()).isEqualTo("4");
        // ...whose own line is the first leader's copy at version 2, which was created ("0//-1").
        assertThat(item.get("ancestorLine").s()).isEqualTo(first.epoch() + "/" + REGION + "/2,0//-1");
    }

    private static User withName(DynamoDbUserDirectory directory, String name) {
        return directory.findBySub("sub-line").orElseThrow().withAttributes(Map.of("name", name), Instant.now());
    }

    private static LeaderRecord promote(DynamoDbLeaderRecords leaders, String region, Instant at) {
        var state = leaders.state().orElseThrow();
        leaders.promote(state, region, "test", at, Optional.empty()).orElseThrow();
        return leaders.current().orElseThrow();
    }
}
