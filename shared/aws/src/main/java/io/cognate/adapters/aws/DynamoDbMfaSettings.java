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
import io.cognate.ports.UserDirectory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String controlTable;
    private final String region;

    public DynamoDbMfaSettings(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.controlTable = controlTable;
        this.region = region;
    }

    @Override
    public Optional<MfaSettings> find(String sub) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key("USER#" + sub, SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        var item = response.item();
        return Optional.of(new MfaSettings(optionalString(item, "pendingSecret"), optionalString(item, "secret"),
                bool(item, "enabled", false), bool(item, "preferred", false), number(item, "version"),
                instant(item, "updatedAt")));
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
        item.put("epoch", n(fence.epoch()));
        item.put("writerRegion", s(region));
        var put = Put.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                        .tableName(controlTable)
                        .key(key(DynamoDbLeaderRecords.LEADER_PK, DynamoDbLeaderRecords.LEADER_SK))
                        .conditionExpression("activeRegion = :me AND epoch = :epoch")
                        .expressionAttributeValues(Map.of(":me", s(region), ":epoch", n(fence.epoch())))
                        .build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                        .tableName(table)
                        .key(key("USER#" + sub, "PROFILE"))
                        .conditionExpression("attribute_exists(pk)")
                        .build()).build(),
                TransactWriteItem.builder().put(put.build()).build());
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons == null || reasons.isEmpty()) {
                throw e;
            }
            if (CONDITION_FAILED.equals(reasons.get(0).code())) {
                throw new UserDirectory.FencedOut();
            }
            if (reasons.stream().skip(1).anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
                throw new Conflict();
            }
            throw e;
        }
    }
}
