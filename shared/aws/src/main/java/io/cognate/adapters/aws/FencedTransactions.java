package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.conflicts.ItemImage.Ancestor;
import io.cognate.ports.UserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** The stamps of the copy a writer's line started from ({@link Ancestor}), beside {@code epoch} and {@code writerRegion}. */
    static final String ANCESTOR_EPOCH = "ancestorEpoch";
    static final String ANCESTOR_REGION = "ancestorRegion";
    static final String ANCESTOR_VERSION = "ancestorVersion";
    /**
     * The ancestor's own line ({@link Ancestor#earlier}), nearest first, as
     * {@code epoch/region/version} entries joined by commas ({@code 0//-1}: the item's creation);
     * absent when the line is only the ancestor.
     */
    static final String ANCESTOR_LINE = "ancestorLine";

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
     * Marks {@code item} as {@link #stamp} does, and as written on top of {@code read} (null: the
     * item is created): the stamps of the copy this writer's line started from. The write must be
     * conditional on {@link #readStamps} of the same {@code read}, so the ancestor named is the
     * copy replaced.
     */
    void stampOnTop(Map<String, AttributeValue> item, LeaderRecord fence, Map<String, AttributeValue> read) {
        stamp(item, fence);
        item.remove(ANCESTOR_EPOCH);
        item.remove(ANCESTOR_REGION);
        item.remove(ANCESTOR_VERSION);
        item.remove(ANCESTOR_LINE);
        ancestorOf(read, fence).ifPresent(ancestor -> putAncestor(item, ancestor));
    }

    /** Writes {@code ancestor} into {@code item} as {@link #ancestor} reads it back. */
    static void putAncestor(Map<String, AttributeValue> item, Ancestor ancestor) {
        item.put(ANCESTOR_EPOCH, n(ancestor.epoch()));
        if (!ancestor.writerRegion().isEmpty()) {
            item.put(ANCESTOR_REGION, s(ancestor.writerRegion()));
        }
        item.put(ANCESTOR_VERSION, n(ancestor.version()));
        if (!ancestor.earlier().isEmpty()) {
            var line = new StringBuilder();
            for (Ancestor step : ancestor.earlier()) {
                if (!line.isEmpty()) {
                    line.append(',');
                }
                line.append(step.epoch()).append('/').append(step.writerRegion()).append('/').append(step.version());
            }
            item.put(ANCESTOR_LINE, s(line.toString()));
        }
    }

    /**
     * Where a write of {@code read} by this fence starts: the read copy itself, unless this writer
     * (this region at the fence's epoch) wrote it, whose line keeps the ancestor of its first write
     * (none when that write stamped none: such a line is ordered by versions, as before items
     * carried one).
     */
    private Optional<Ancestor> ancestorOf(Map<String, AttributeValue> read, LeaderRecord fence) {
        if (read == null || read.isEmpty()) {
            return Optional.of(Ancestor.NONE);
        }
        long readEpoch = Items.numberOrZero(read, "epoch");
        String readRegion = Items.optionalString(read, "writerRegion").orElse("");
        if (readEpoch == fence.epoch() && readRegion.equals(region)) {
            return ancestor(read);
        }
        return Optional.of(Ancestor.onTopOf(readEpoch, readRegion, Items.numberOrZero(read, "version"), ancestor(read)));
    }

    /** The ancestor stamped on {@code item}, if it carries one. */
    static Optional<Ancestor> ancestor(Map<String, AttributeValue> item) {
        if (!item.containsKey(ANCESTOR_VERSION)) {
            return Optional.empty();
        }
        return Optional.of(new Ancestor(Items.numberOrZero(item, ANCESTOR_EPOCH),
                Items.optionalString(item, ANCESTOR_REGION).orElse(""), Long.parseLong(item.get(ANCESTOR_VERSION).n()),
                line(Items.optionalString(item, ANCESTOR_LINE).orElse(""))));
    }

    /**
     * The entries of an {@link #ANCESTOR_LINE}; reading stops at the first malformed one, so a
     * damaged line is a shorter line (where the version decides), never an error in replication.
     */
    private static List<Ancestor> line(String text) {
        var line = new ArrayList<Ancestor>();
        if (text.isEmpty()) {
            return line;
        }
        for (String entry : text.split(",", -1)) {
            String[] parts = entry.split("/", -1);
            if (parts.length != 3) {
                break;
            }
            try {
                line.add(new Ancestor(Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2])));
            } catch (NumberFormatException malformed) {
                break;
            }
        }
        return line;
    }

    /**
     * The condition that the item still carries the writer stamps of {@code read} (added to the
     * caller's version condition, with their values put in {@code values}): a copy replicated in
     * between at the same version, by another writer, fails it rather than being taken for the
     * ancestor.
     */
    static String readStamps(Map<String, AttributeValue> read, Map<String, AttributeValue> values) {
        String epoch;
        if (read.containsKey("epoch")) {
            values.put(":readEpoch", read.get("epoch"));
            epoch = "epoch = :readEpoch";
        } else {
            epoch = "attribute_not_exists(epoch)";
        }
        String writer;
        if (read.containsKey("writerRegion")) {
            values.put(":readWriter", read.get("writerRegion"));
            writer = "writerRegion = :readWriter";
        } else {
            writer = "attribute_not_exists(writerRegion)";
        }
        return epoch + " AND " + writer;
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
