package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;

import io.cognate.domain.LeaderRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Writes of the items kept beside a user in the user's Directory partition (MFA settings,
 * passkeys, devices): one transaction of the write fence (the leader record in the Control
 * table), a check that the user's profile still exists, and the writes. So nothing is stored for
 * a user deleted meanwhile, and nothing at all outside the leading region.
 */
final class BesideUserWrites {
    private final String table;
    private final FencedTransactions transactions;

    BesideUserWrites(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    /** Marks {@code item} with the epoch and region that wrote it, as every Directory item is. */
    void stamp(Map<String, AttributeValue> item, LeaderRecord fence) {
        transactions.stamp(item, fence);
    }

    /** A put of {@code item}, stamped, that holds only while the stored version is {@code expectedVersion} (0: none stored). */
    TransactWriteItem versionedPut(Map<String, AttributeValue> item, long expectedVersion, LeaderRecord fence) {
        stamp(item, fence);
        var put = Put.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /**
     * Commits {@code writes} behind the fence and the user's existence. Throws
     * {@link io.cognate.ports.UserDirectory.FencedOut} when the fence did not hold; returns false, writing nothing,
     * when the user is gone or one of the writes failed its own condition (the caller's conflict).
     */
    boolean write(LeaderRecord fence, String sub, TransactWriteItem... writes) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table)
                .key(key("USER#" + sub, "PROFILE"))
                .conditionExpression(DynamoDbUserDirectory.USER_EXISTS)
                .build()).build());
        items.addAll(List.of(writes));
        return transactions.commit(fence, items);
    }
}
