package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;

import io.cognate.domain.LeaderRecord;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;
    /** The copies this thread read last ({@link #remember}), by partition and sort key. */
    private final CopiesRead copiesRead = new CopiesRead();

    BesideUserWrites(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    /** Marks {@code item} with the epoch and region that wrote it, as every Directory item is. */
    void stamp(Map<String, AttributeValue> item, LeaderRecord fence) {
        transactions.stamp(item, fence);
    }

    /**
     * A put of {@code item}, stamped, that holds only while the stored version is
     * {@code expectedVersion} (0: none stored) and the stored copy still carries the writer stamps
     * read here: so the copy it replaces is its ancestor ({@link FencedTransactions#stampOnTop}),
     * as for a user's profile, and a fork of these items across a split is found after the heal
     * like a profile's ({@code ConflictRules}). The copy is the one the caller read at that
     * version ({@link #remember}), else the user's partition as this request read it, else one
     * strongly consistent GetItem (a write of these items is an enrolment or a device's change,
     * not a sign-in's step).
     */
    TransactWriteItem versionedPut(Map<String, AttributeValue> item, long expectedVersion, LeaderRecord fence) {
        var put = Put.builder().tableName(table);
        if (expectedVersion == 0) {
            transactions.stampOnTop(item, fence, null);
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            Map<String, AttributeValue> read = storedCopy(item, expectedVersion);
            var values = new HashMap<String, AttributeValue>();
            values.put(":expected", n(expectedVersion));
            String condition = "#version = :expected";
            if (read != null) {
                condition += " AND " + FencedTransactions.readStamps(read, values);
            }
            // None stored: the version condition fails, after the fence (checked first).
            transactions.stampOnTop(item, fence, read);
            put.conditionExpression(condition).expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.item(item).build()).build();
    }

    /** Keeps {@code item}, as a caller read it, for the write that follows; returns it. */
    Map<String, AttributeValue> remember(Map<String, AttributeValue> item) {
        copiesRead.remember(Items.string(item, Items.PK) + "\n" + Items.string(item, Items.SK), item);
        return item;
    }

    /** The copy the write replaces: the one its caller read at {@code expectedVersion}, else read now. */
    private Map<String, AttributeValue> storedCopy(Map<String, AttributeValue> item, long expectedVersion) {
        String pk = Items.string(item, Items.PK);
        String sk = Items.string(item, Items.SK);
        Map<String, AttributeValue> remembered = copiesRead.at(pk + "\n" + sk, expectedVersion);
        if (remembered != null) {
            return remembered;
        }
        if (sk.equals(DynamoDbMfaSettings.SK)) {
            var partition = UserPartitionReads.cached(dynamo, table, pk);
            if (partition.isPresent()) {
                return partition.get().mfa().orElse(null);
            }
        }
        var response = dynamo.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
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
