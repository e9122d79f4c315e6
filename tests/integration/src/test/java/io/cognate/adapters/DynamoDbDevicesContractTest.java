package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbDevices;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.devices.Device;
import io.cognate.domain.devices.UserDevices;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.DeviceStore;
import io.cognate.testing.contracts.DeviceStoreContract;
import io.cognate.testing.contracts.LeaderStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The device store contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbDevicesContractTest extends DeviceStoreContract {
    private TableNames tables;

    @Override
    protected Storage newStorage() {
        tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbDevices(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }

    /**
     * A user's devices carry the line of writers a profile carries: the second leader's write
     * names the first leader's copy as the one it replaced, and a copy that replication put in
     * place after this writer read, at the same version, refuses the write.
     */
    @Test
    void devicesWrittenByTwoLeadersInTurnNameTheCopyTheyReplaced() {
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        LeaderRecord first = leaders.current().orElseThrow();
        Instant now = Instant.now();
        new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION)
                .create(new User("sub-dev", Username.of("dev"), UserStatus.CONFIRMED, true, Map.of(), "hash",
                        Optional.empty(), now, now), first);
        var east = new DynamoDbDevices(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        UserDevices one = UserDevices.none().with(device("us-east-1_0000aaaa", now));
        east.put("sub-dev", one, 0, first);

        leaders.promote(leaders.state().orElseThrow(), OTHER_REGION, "test", now, Optional.empty()).orElseThrow();
        LeaderRecord second = leaders.current().orElseThrow();
        var west = new DynamoDbDevices(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        UserDevices read = west.find("sub-dev");
        UserDevices two = read.with(device("eu-west-1_0000bbbb", now));
        west.put("sub-dev", two, read.version(), second);

        Map<String, AttributeValue> item = item();
        assertThat(item.get("ancestorEpoch").n()).isEqualTo(String.valueOf(first.epoch()));
        assertThat(item.get("ancestorRegion").s()).isEqualTo(REGION);
        assertThat(item.get("ancestorVersion").n()).isEqualTo(String.valueOf(one.version()));
        assertThat(item.get("ancestorLine").s()).isEqualTo("0//-1");

        UserDevices current = west.find("sub-dev");
        ContractDynamoDb.client().updateItem(b -> b.tableName(tables.directory()).key(key())
                .updateExpression("SET writerRegion = :other").expressionAttributeValues(Map.of(":other",
                        AttributeValue.fromS("ap-southeast-2"))));
        assertThatThrownBy(() -> west.put("sub-dev", current.without("us-east-1_0000aaaa"), current.version(), second))
                .isInstanceOf(DeviceStore.Conflict.class);
    }

    private static Device device(String key, Instant at) {
        return new Device(key, "group-of-" + key, Optional.empty(), BigInteger.ONE, BigInteger.TWO, true, at, at, at);
    }

    private Map<String, AttributeValue> item() {
        return ContractDynamoDb.client().getItem(b -> b.tableName(tables.directory()).key(key()).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS("USER#sub-dev"), "sk", AttributeValue.fromS("DEVICES"));
    }
}
