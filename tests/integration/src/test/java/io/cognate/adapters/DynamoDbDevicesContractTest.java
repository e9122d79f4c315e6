package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbDevices;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.devices.Device;
import io.cognate.domain.devices.UserDevices;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.DeviceStore;
import io.cognate.testing.contracts.DeviceStoreContract;
import io.cognate.testing.contracts.LeaderStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
        var stamps = new BesideUserStamps(tables, "sub-dev", "DEVICES");
        LeaderRecord first = stamps.userCreatedIn(REGION);
        Instant now = Instant.now();
        var east = new DynamoDbDevices(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION);
        UserDevices one = UserDevices.none().with(device("us-east-1_0000aaaa", now));
        east.put("sub-dev", one, 0, first);

        LeaderRecord second = stamps.promote(OTHER_REGION);
        var west = new DynamoDbDevices(ContractDynamoDb.client(), tables.directory(), tables.control(), OTHER_REGION);
        UserDevices read = west.find("sub-dev");
        west.put("sub-dev", read.with(device("eu-west-1_0000bbbb", now)), read.version(), second);
        stamps.assertNamesAncestor(first, REGION, one.version());

        UserDevices current = west.find("sub-dev");
        stamps.replicateAnotherWritersCopy();
        assertThatThrownBy(() -> west.put("sub-dev", current.without("us-east-1_0000aaaa"), current.version(), second))
                .isInstanceOf(DeviceStore.Conflict.class);
    }

    private static Device device(String key, Instant at) {
        return new Device(key, "group-of-" + key, Optional.empty(), BigInteger.ONE, BigInteger.TWO, true, at, at, at);
    }
}
