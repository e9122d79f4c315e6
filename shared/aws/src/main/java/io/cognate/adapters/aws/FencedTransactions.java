package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.ports.UserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One DynamoDB transaction behind the write fence: a check that this region's copy of the leader
 * record (Control table) still names this region at the fence's epoch, then the writes. Nothing
 * is written outside the leading region, and nothing after a promotion elsewhere has reached it.
 */
final class FencedTransactions {
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String controlTable;
    private final String region;

    FencedTransactions(DynamoDbClient dynamo, String controlTable, String region) {
        this.dynamo = dynamo;
        this.controlTable = controlTable;
        this.region = region;
    }

    /** Marks {@code item} with the epoch and region that wrote it, as every fenced Directory item is. */
    void stamp(Map<String, AttributeValue> item, LeaderRecord fence) {
        item.put("epoch", n(fence.epoch()));
        item.put("writerRegion", s(region));
    }

    /**
     * Commits {@code writes} behind the fence. Throws {@link UserDirectory.FencedOut} when the
     * fence did not hold; returns false, writing nothing, when one of the writes failed its own
     * condition (the caller's conflict).
     */
    boolean commit(LeaderRecord fence, List<TransactWriteItem> writes) {
        return commitOrReasons(fence, writes) == null;
    }

    /**
     * The same, for callers that must know which write failed: null on success, else the
     * cancellation reasons of {@code writes} in their order (index 0 is the caller's first
     * write), at least one of them a failed condition.
     */
    List<CancellationReason> commitOrReasons(LeaderRecord fence, List<TransactWriteItem> writes) {
        var items = new ArrayList<TransactWriteItem>(writes.size() + 1);
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(controlTable)
                .key(key(DynamoDbLeaderRecords.LEADER_PK, DynamoDbLeaderRecords.LEADER_SK))
                .conditionExpression("activeRegion = :me AND epoch = :epoch")
                .expressionAttributeValues(Map.of(":me", s(region), ":epoch", n(fence.epoch())))
                .build()).build());
        items.addAll(writes);
        // Whatever the outcome, the request reads the users' partitions again after a write.
        UserPartitionReads.forget();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            WriteReceipts.committed(writes);
            return null;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons == null || reasons.isEmpty()) {
                throw e;
            }
            if (failedCondition(reasons, 0)) {
                throw new UserDirectory.FencedOut();
            }
            List<CancellationReason> mine = reasons.subList(1, reasons.size());
            if (mine.stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
                return mine;
            }
            throw e;
        }
    }

    /**
     * Throws {@link UserDirectory.FencedOut} unless this region's copy of the leader record still
     * names this region at the fence's epoch: the same check the transaction makes, by a strongly
     * consistent read, for a write that must know before it touches another table (strong mode
     * claims a username in the Claims table before its transaction, and a fenced region must not
     * learn that the name is taken).
     */
    void requireFence(LeaderRecord fence) {
        var response = dynamo.getItem(b -> b.tableName(controlTable).consistentRead(true)
                .key(key(DynamoDbLeaderRecords.LEADER_PK, DynamoDbLeaderRecords.LEADER_SK)));
        Map<String, AttributeValue> item = response.hasItem() ? response.item() : Map.of();
        boolean holds = item.containsKey("activeRegion") && item.containsKey("epoch")
                && region.equals(item.get("activeRegion").s())
                && String.valueOf(fence.epoch()).equals(item.get("epoch").n());
        if (!holds) {
            throw new UserDirectory.FencedOut();
        }
    }

    /** Whether the write at {@code index} of {@code reasons} failed its condition. */
    static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && CONDITION_FAILED.equals(reasons.get(index).code());
    }
}
