package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.bool;
import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.ports.MfaSettingsStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * MFA settings in the Directory global table, {@code USER#<sub>/MFA}: in the user's partition,
 * beside {@code USER#<sub>/PROFILE}, so they replicate with the user, and in an item of their
 * own, so a profile write (a password change) and an enrolment step never overwrite each other.
 * Secrets are stored only as the sealed strings the domain hands in.
 *
 * <p>Each write is one transaction: the write fence (the leader record in the Control table),
 * a check that the user's profile exists, and the put, conditional on the version read.
 */
public final class DynamoDbMfaSettings implements MfaSettingsStore {
    static final String SK = "MFA";

    private final DynamoDbClient dynamo;
    private final String table;
    private final BesideUserWrites writes;

    public DynamoDbMfaSettings(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.writes = new BesideUserWrites(dynamo, table, controlTable, region);
    }

    @Override
    public Optional<MfaSettings> find(String sub) {
        var partition = UserPartitionReads.cached(dynamo, table, "USER#" + sub);
        if (partition.isPresent()) {
            // Read with the user's profile in this request (UserPartitionReads).
            return partition.get().mfa().map(writes::remember).map(DynamoDbMfaSettings::toSettings);
        }
        var response = dynamo.getItem(b -> b.tableName(table).key(key("USER#" + sub, SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toSettings(writes.remember(response.item())));
    }

    private static MfaSettings toSettings(Map<String, AttributeValue> item) {
        return new MfaSettings(optionalString(item, "pendingSecret"), optionalString(item, "secret"),
                bool(item, "enabled", false), bool(item, "preferred", false), number(item, "version"),
                instant(item, "updatedAt"));
    }

    @Override
    public void put(String sub, MfaSettings settings, long expectedVersion, LeaderRecord fence) {
        var item = new HashMap<>(key("USER#" + sub, SK));
        settings.pendingSecret().ifPresent(sealed -> item.put("pendingSecret", s(sealed)));
        settings.secret().ifPresent(sealed -> item.put("secret", s(sealed)));
        item.put("enabled", AttributeValue.fromBool(settings.enabled()));
        item.put("preferred", AttributeValue.fromBool(settings.preferred()));
        item.put("version", n(settings.version()));
        item.put("updatedAt", millis(settings.updatedAt()));
        if (!writes.write(fence, sub, writes.versionedPut(item, expectedVersion, fence))) {
            throw new Conflict();
        }
    }
}
