package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.bool;
import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.devices.Device;
import io.cognate.domain.devices.UserDevices;
import io.cognate.ports.DeviceStore;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Users' devices in the Directory global table, {@code USER#<sub>/DEVICES}: in the user's
 * partition, beside {@code USER#<sub>/PROFILE} and {@code USER#<sub>/MFA}, so they replicate with
 * the user and are deleted with it, in one item holding all of the user's devices (at most
 * {@link UserDevices#MAX_DEVICES}), so that one conditional write covers the bound and every
 * change. Salts and verifiers are stored as the bytes of the numbers the app uploaded.
 *
 * <p>Each write is one transaction: the write fence (the leader record in the Control table),
 * a check that the user's profile exists, and the put, conditional on the version read.
 */
public final class DynamoDbDevices implements DeviceStore {
    static final String SK = "DEVICES";

    private final DynamoDbClient dynamo;
    private final String table;
    private final BesideUserWrites writes;

    public DynamoDbDevices(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.writes = new BesideUserWrites(dynamo, table, controlTable, region);
    }

    @Override
    public UserDevices find(String sub) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key("USER#" + sub, SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return UserDevices.none();
        }
        var item = writes.remember(response.item());
        List<Device> devices = item.getOrDefault("devices", AttributeValue.fromL(List.of())).l().stream()
                .map(value -> toDevice(value.m()))
                .toList();
        return new UserDevices(devices, number(item, "version"));
    }

    @Override
    public void put(String sub, UserDevices devices, long expectedVersion, LeaderRecord fence) {
        var item = new HashMap<>(key("USER#" + sub, SK));
        item.put("devices", AttributeValue.fromL(devices.devices().stream().map(DynamoDbDevices::toItem).toList()));
        item.put("version", n(devices.version()));
        if (!writes.write(fence, sub, writes.versionedPut(item, expectedVersion, fence))) {
            throw new Conflict();
        }
    }

    private static AttributeValue toItem(Device device) {
        var item = new HashMap<String, AttributeValue>();
        item.put("key", s(device.key()));
        item.put("groupKey", s(device.groupKey()));
        device.name().ifPresent(name -> item.put("name", s(name)));
        item.put("salt", AttributeValue.fromB(SdkBytes.fromByteArray(device.salt().toByteArray())));
        item.put("verifier", AttributeValue.fromB(SdkBytes.fromByteArray(device.verifier().toByteArray())));
        item.put("remembered", AttributeValue.fromBool(device.remembered()));
        item.put("createdAt", millis(device.createdAt()));
        item.put("lastModifiedAt", millis(device.lastModifiedAt()));
        item.put("lastAuthenticatedAt", millis(device.lastAuthenticatedAt()));
        return AttributeValue.fromM(item);
    }

    private static Device toDevice(Map<String, AttributeValue> item) {
        return new Device(string(item, "key"), string(item, "groupKey"), optionalString(item, "name"),
                new BigInteger(1, item.get("salt").b().asByteArray()),
                new BigInteger(1, item.get("verifier").b().asByteArray()),
                bool(item, "remembered", false), instant(item, "createdAt"), instant(item, "lastModifiedAt"),
                instant(item, "lastAuthenticatedAt"));
    }
}
