package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbMfaSettings;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.MfaSettingsStoreContract;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The MFA settings contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbMfaSettingsContractTest extends MfaSettingsStoreContract {
    private TableNames tables;

    @Override
    protected Storage newStorage() {
        tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbMfaSettings(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }

    /**
     * The settings carry the line of writers a profile carries: a leader's first write names the
     * copy it replaced (here the one the previous leader wrote), so a fork of the settings across a
     * split is found after the heal as a profile's is. A copy replicated in between, at the same
     * version by another writer, fails the write rather than being taken for its ancestor.
     */
    @Test
    void settingsWrittenByTwoLeadersInTurnNameTheCopyTheyReplaced() {
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        LeaderRecord first = leaders.current().orElseThrow();
        Instant now = Instant.now();
        new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION)
                .create(new User("sub-mia", Username.of("mia"), UserStatus.CONFIRMED, true, Map.of(), "hash",
                        Optional.empty(), now, now), first);
        var east = new DynamoDbMfaSettings(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        MfaSettings pending = MfaSettings.none().withPending("sealed-pending", now);
        east.put("sub-mia", pending, 0, first);
        assertThat(item()).containsEntry("ancestorVersion", AttributeValue.fromN("-1"));
        MfaSettings verified = pending.verified(true, now);
        east.put("sub-mia", verified, pending.version(), first);

        leaders.promote(leaders.state().orElseThrow(), OTHER_REGION, "test", now, Optional.empty()).orElseThrow();
        LeaderRecord second = leaders.current().orElseThrow();
        var west = new DynamoDbMfaSettings(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        west.put("sub-mia", verified.withPreference(true, true, now), verified.version(), second);

        Map<String, AttributeValue> item = item();
        assertThat(item.get("writerRegion").s()).isEqualTo(OTHER_REGION);
        assertThat(item.get("ancestorEpoch").n()).isEqualTo(String.valueOf(first.epoch()));
        assertThat(item.get("ancestorRegion").s()).isEqualTo(REGION);
        assertThat(item.get("ancestorVersion").n()).isEqualTo(String.valueOf(verified.version()));
        assertThat(item.get("ancestorLine").s()).isEqualTo("0//-1");

        // Another writer's copy replicated at the version this writer read, after its read: refused,
        // not taken for the ancestor.
        MfaSettings current = west.find("sub-mia").orElseThrow();
        ContractDynamoDb.client().updateItem(b -> b.tableName(tables.directory()).key(key())
                .updateExpression("SET writerRegion = :other").expressionAttributeValues(Map.of(":other",
                        AttributeValue.fromS("ap-southeast-2"))));
        assertThatThrownBy(() -> west.put("sub-mia", current.withPreference(false, false, now), current.version(), second))
                .isInstanceOf(MfaSettingsStore.Conflict.class);
    }

    private Map<String, AttributeValue> item() {
        return ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory()).key(key()).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS("USER#sub-mia"), "sk", AttributeValue.fromS("MFA"));
    }
}
