package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.pool.AttributeDataType;
import io.cognate.domain.pool.CustomAttribute;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.domain.migration.LegacyPoolSetting;
import io.cognate.domain.triggers.LambdaConfig;
import io.cognate.ports.PoolSettingsStore;
import io.cognate.ports.UserDirectory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The pool's settings as one Directory item, {@code POOL} / {@code SETTINGS}, so they replicate
 * with the Directory: the password policy and the flags as plain attributes, the lists as lists
 * (a string set cannot be empty), each custom attribute as a map (number bounds as strings, so a
 * bound reads back exactly as written). Read strongly consistent; written whole in a fenced
 * transaction, conditional on the version read.
 */
public final class DynamoDbPoolSettings implements PoolSettingsStore {
    static final String PK_VALUE = "POOL";
    static final String SK_VALUE = "SETTINGS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;

    public DynamoDbPoolSettings(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    @Override
    public Optional<PoolSettings> find() {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(PK_VALUE, SK_VALUE)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toSettings(item));
    }

    @Override
    public PoolSettings put(PoolSettings settings, long expectedVersion, LeaderRecord fence) {
        PoolSettings stored = settings.withVersion(expectedVersion + 1);
        var item = new HashMap<>(key(PK_VALUE, SK_VALUE));
        item.put("poolName", s(stored.poolName()));
        PasswordRequirements password = stored.password();
        item.put("minimumLength", n(password.minimumLength()));
        item.put("requireUppercase", bool(password.requireUppercase()));
        item.put("requireLowercase", bool(password.requireLowercase()));
        item.put("requireNumbers", bool(password.requireNumbers()));
        item.put("requireSymbols", bool(password.requireSymbols()));
        item.put("temporaryPasswordValidityDays", n(password.temporaryPasswordValidityDays()));
        item.put("mfaConfiguration", s(stored.mfaConfiguration().name()));
        item.put("autoVerifiedAttributes", strings(stored.autoVerifiedAttributes()));
        item.put("accountRecovery", AttributeValue.fromL(stored.accountRecovery().stream()
                .map(m -> AttributeValue.fromM(Map.of("priority", n(m.priority()), "name", s(m.name())))).toList()));
        item.put("deletionProtection", s(stored.deletionProtection().name()));
        item.put("allowAdminCreateUserOnly", bool(stored.allowAdminCreateUserOnly()));
        item.put("unusedAccountValidityDays", n(stored.unusedAccountValidityDays()));
        item.put("attributesRequireVerificationBeforeUpdate", strings(stored.attributesRequireVerificationBeforeUpdate()));
        item.put("customAttributes", AttributeValue.fromL(stored.customAttributes().stream()
                .map(DynamoDbPoolSettings::customAttribute).toList()));
        // The triggers as a map of member name to target, so the configuration replicates with the rest.
        item.put("lambdaConfig", AttributeValue.fromM(stored.lambdaConfig().entries().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> s(entry.getValue())))));
        // The legacy pool users are moved in from; its client secret only as sealed under the data key.
        stored.legacyPool().ifPresent(legacy -> item.put("legacyPool", legacyPool(legacy)));
        // Absent reads as on: items written before the setting existed forward writes.
        item.put("writeForwarding", bool(stored.writeForwarding()));
        stored.created().ifPresent(at -> item.put("createdAt", millis(at)));
        stored.lastModified().ifPresent(at -> item.put("lastModifiedAt", millis(at)));
        item.put("version", n(stored.version()));
        transactions.stamp(item, fence);
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :expected").expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        if (!transactions.commit(fence, List.of(TransactWriteItem.builder().put(put.build()).build()))) {
            throw new UserDirectory.ConcurrentUpdate();
        }
        return find().orElseThrow();
    }

    private static AttributeValue customAttribute(CustomAttribute attribute) {
        var map = new HashMap<String, AttributeValue>();
        map.put("name", s(attribute.name()));
        map.put("type", s(attribute.type().wireName()));
        map.put("mutable", bool(attribute.mutable()));
        attribute.minLength().ifPresent(length -> map.put("minLength", n(length)));
        attribute.maxLength().ifPresent(length -> map.put("maxLength", n(length)));
        attribute.minValue().ifPresent(value -> map.put("minValue", s(value.toString())));
        attribute.maxValue().ifPresent(value -> map.put("maxValue", s(value.toString())));
        return AttributeValue.fromM(map);
    }

    private static PoolSettings toSettings(Map<String, AttributeValue> item) {
        var password = new PasswordRequirements((int) Items.number(item, "minimumLength"),
                Items.bool(item, "requireUppercase", true), Items.bool(item, "requireLowercase", true),
                Items.bool(item, "requireNumbers", true), Items.bool(item, "requireSymbols", true),
                (int) Items.number(item, "temporaryPasswordValidityDays"));
        List<RecoveryMechanism> recovery = list(item, "accountRecovery").stream()
                .map(v -> new RecoveryMechanism((int) Items.number(v.m(), "priority"), Items.string(v.m(), "name")))
                .toList();
        List<CustomAttribute> custom = list(item, "customAttributes").stream()
                .map(v -> toCustomAttribute(v.m())).toList();
        return new PoolSettings(Items.string(item, "poolName"), password,
                MfaConfiguration.valueOf(Items.string(item, "mfaConfiguration")),
                list(item, "autoVerifiedAttributes").stream().map(AttributeValue::s).toList(), recovery,
                DeletionProtection.valueOf(Items.string(item, "deletionProtection")),
                Items.bool(item, "allowAdminCreateUserOnly", false), (int) Items.number(item, "unusedAccountValidityDays"),
                list(item, "attributesRequireVerificationBeforeUpdate").stream().map(AttributeValue::s).toList(), custom,
                lambdaConfig(item),
                Items.number(item, "version"), optionalInstant(item, "createdAt"), optionalInstant(item, "lastModifiedAt"),
                legacyPool(item), Items.bool(item, "writeForwarding", true));
    }

    private static AttributeValue legacyPool(LegacyPoolSetting legacy) {
        var map = new HashMap<String, AttributeValue>();
        map.put("region", s(legacy.region()));
        map.put("userPoolId", s(legacy.userPoolId()));
        map.put("clientId", s(legacy.clientId()));
        legacy.sealedClientSecret().ifPresent(sealed -> map.put("sealedClientSecret", s(sealed)));
        legacy.endpoint().ifPresent(endpoint -> map.put("endpoint", s(endpoint.toString())));
        map.put("keepSub", bool(legacy.keepSub()));
        return AttributeValue.fromM(map);
    }

    private static Optional<LegacyPoolSetting> legacyPool(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("legacyPool");
        if (value == null || !value.hasM()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> map = value.m();
        return Optional.of(new LegacyPoolSetting(Items.string(map, "region"), Items.string(map, "userPoolId"),
                Items.string(map, "clientId"), Items.optionalString(map, "sealedClientSecret"),
                Items.optionalString(map, "endpoint").map(java.net.URI::create), Items.bool(map, "keepSub", false)));
    }

    private static LambdaConfig lambdaConfig(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("lambdaConfig");
        if (value == null || !value.hasM()) {
            return LambdaConfig.NONE;
        }
        var entries = new HashMap<String, String>();
        value.m().forEach((member, target) -> entries.put(member, target.s()));
        return new LambdaConfig(entries);
    }

    private static CustomAttribute toCustomAttribute(Map<String, AttributeValue> map) {
        return new CustomAttribute(Items.string(map, "name"), AttributeDataType.fromWire(Items.string(map, "type")),
                Items.bool(map, "mutable", true),
                map.containsKey("minLength") ? Optional.of((int) Items.number(map, "minLength")) : Optional.empty(),
                map.containsKey("maxLength") ? Optional.of((int) Items.number(map, "maxLength")) : Optional.empty(),
                Items.optionalString(map, "minValue").map(BigDecimal::new),
                Items.optionalString(map, "maxValue").map(BigDecimal::new));
    }

    private static List<AttributeValue> list(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l();
    }

    private static Optional<Instant> optionalInstant(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Optional.of(Items.instant(item, name)) : Optional.empty();
    }

    private static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(Items::s).toList());
    }

    private static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }
}
