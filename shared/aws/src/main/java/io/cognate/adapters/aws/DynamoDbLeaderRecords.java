package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.LeaderTransitions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;

/**
 * The leader record, item {@code LEADER/LEADER} of the Control global table. Besides
 * {@code activeRegion} and {@code epoch} (all the write fence looks at) it keeps how the record
 * got there and which follow-up steps of the last promotion are done (see {@link LeaderState}).
 * Every change is an UpdateItem conditional on the record the caller read.
 */
public final class DynamoDbLeaderRecords implements LeaderRecords, LeaderTransitions {
    static final String LEADER_PK = "LEADER";
    static final String LEADER_SK = "LEADER";

    private static final Pattern PLACEHOLDER = Pattern.compile("#\\w+");
    private static final Map<String, String> NAMES = Map.of(
            "#a", "activeRegion", "#e", "epoch", "#p", "previousRegion", "#r", "reason", "#c", "changedAt",
            "#f", "firstFailureAt", "#h", "handoverTo", "#fl", "flippedEpoch", "#an", "announcedEpoch");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    private final LeaderRecordMirror mirror;

    public DynamoDbLeaderRecords(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.mirror = LeaderRecordMirror.none();
    }

    /**
     * The leader record of a deployment in either mode: in the Control table ({@code claimsTable}
     * empty, eventual mode), or with the Claims table (MRSC) as its authority and this region's
     * Control table holding the copy the write fence checks ({@link LeaderRecordMirror}).
     */
    public static DynamoDbLeaderRecords forMode(DynamoDbClient dynamo, String controlTable, String claimsTable,
                                                Clock clock) {
        return forMode(dynamo, controlTable, dynamo, claimsTable, clock);
    }

    /** The same, with the Claims table served by {@code claimsDynamo} (locally, the one shared copy's server). */
    public static DynamoDbLeaderRecords forMode(DynamoDbClient dynamo, String controlTable, DynamoDbClient claimsDynamo,
                                                String claimsTable, Clock clock) {
        if (claimsTable == null || claimsTable.isEmpty()) {
            return new DynamoDbLeaderRecords(dynamo, controlTable, clock);
        }
        return new DynamoDbLeaderRecords(claimsDynamo, claimsTable, clock,
                LeaderRecordMirror.of(claimsDynamo, claimsTable, dynamo, controlTable));
    }

    private DynamoDbLeaderRecords(DynamoDbClient dynamo, String table, Clock clock, LeaderRecordMirror mirror) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.mirror = mirror;
    }

    @Override
    public Optional<LeaderRecord> current() {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(LEADER_PK, LEADER_SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        mirror.follow(response.item());
        LeaderRecord record = toRecord(response.item());
        // From here on, this invocation's log lines say which epoch it worked under.
        RequestLogging.epoch(record.epoch());
        return Optional.of(record);
    }

    @Override
    public LeaderRecord initialise(LeaderRecord first) {
        Map<String, AttributeValue> item = new HashMap<>(key(LEADER_PK, LEADER_SK));
        item.put("activeRegion", s(first.activeRegion()));
        item.put("epoch", n(first.epoch()));
        item.put("updatedAt", Items.millis(clock.instant()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            mirror.sync();
            return first;
        } catch (ConditionalCheckFailedException exists) {
            return current().orElseThrow();
        }
    }

    @Override
    public Optional<LeaderState> state() {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(LEADER_PK, LEADER_SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        mirror.follow(response.item());
        LeaderState state = toState(response.item());
        RequestLogging.epoch(state.epoch());
        return Optional.of(state);
    }

    @Override
    public Optional<LeaderState> promote(LeaderState expected, String region, String reason, Instant at,
                                         Optional<Instant> firstFailureAt) {
        long next = expected.epoch() + 1;
        String from = expected.fenced() ? expected.previousRegion() : expected.activeRegion();
        Map<String, AttributeValue> values = new HashMap<>(expectedValues(expected));
        values.put(":to", s(region));
        values.put(":next", n(next));
        values.put(":from", s(from));
        values.put(":reason", s(reason));
        values.put(":at", millis(at));
        values.put(":done", n(expected.epoch()));
        String update = "SET #a = :to, #e = :next, #p = :from, #r = :reason, #c = :at, #fl = :done, #an = :done";
        if (firstFailureAt.isPresent()) {
            values.put(":ff", millis(firstFailureAt.get()));
            update += ", #f = :ff REMOVE #h";
        } else {
            update += " REMOVE #h, #f";
        }
        if (!conditionalUpdate(update, values)) {
            return Optional.empty();
        }
        return Optional.of(new LeaderState(region, next, from, reason, at, firstFailureAt, Optional.empty(),
                expected.epoch(), expected.epoch()));
    }

    @Override
    public Optional<LeaderState> fence(LeaderState expected, String handoverTo, Instant at) {
        if (expected.fenced()) {
            return Optional.empty(); // only a leader can be fenced
        }
        long next = expected.epoch() + 1;
        String reason = "planned switchover to " + handoverTo;
        Map<String, AttributeValue> values = new HashMap<>(expectedValues(expected));
        values.put(":none", s(LeaderState.NO_REGION));
        values.put(":next", n(next));
        values.put(":from", s(expected.activeRegion()));
        values.put(":reason", s(reason));
        values.put(":at", millis(at));
        values.put(":to", s(handoverTo));
        // Nothing is pending for a fence: the traffic stays where it is until the target takes over.
        if (!conditionalUpdate("SET #a = :none, #e = :next, #p = :from, #r = :reason, #c = :at, #h = :to, "
                + "#fl = :next, #an = :next REMOVE #f", values)) {
            return Optional.empty();
        }
        return Optional.of(new LeaderState(LeaderState.NO_REGION, next, expected.activeRegion(), reason, at,
                Optional.empty(), Optional.of(handoverTo), next, next));
    }

    @Override
    public void markFlipped(long epoch) {
        conditionalUpdate("SET #fl = :epoch", Map.of(":epoch", n(epoch)), "#e = :epoch");
    }

    @Override
    public void markAnnounced(long epoch) {
        conditionalUpdate("SET #an = :epoch", Map.of(":epoch", n(epoch)), "#e = :epoch");
    }

    private static Map<String, AttributeValue> expectedValues(LeaderState expected) {
        return Map.of(":expectedRegion", s(expected.activeRegion()), ":expectedEpoch", n(expected.epoch()));
    }

    private boolean conditionalUpdate(String update, Map<String, AttributeValue> values) {
        return conditionalUpdate(update, values, "#a = :expectedRegion AND #e = :expectedEpoch");
    }

    /** Returns false when the condition did not hold: someone else changed the record first. */
    private boolean conditionalUpdate(String update, Map<String, AttributeValue> values, String condition) {
        // DynamoDB refuses names an expression does not use, so pass exactly the ones used.
        Map<String, String> names = new HashMap<>();
        PLACEHOLDER.matcher(update + " " + condition).results()
                .forEach(match -> names.put(match.group(), NAMES.get(match.group())));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(LEADER_PK, LEADER_SK))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            mirror.sync();
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        } catch (ReplicatedWriteConflictException concurrent) {
            // Strong mode: another region changed the record at the same instant. Counted as
            // losing the race (nothing written here); the caller reads the record again next run.
            return false;
        }
    }

    private static LeaderState toState(Map<String, AttributeValue> item) {
        long epoch = number(item, "epoch");
        Instant changedAt = item.containsKey("changedAt") ? instant(item, "changedAt")
                : item.containsKey("updatedAt") ? instant(item, "updatedAt") : Instant.EPOCH;
        return new LeaderState(
                string(item, "activeRegion"),
                epoch,
                optionalString(item, "previousRegion").orElse(""),
                optionalString(item, "reason").orElse(""),
                changedAt,
                item.containsKey("firstFailureAt") ? Optional.of(instant(item, "firstFailureAt")) : Optional.empty(),
                optionalString(item, "handoverTo"),
                // A record written before promotions existed has nothing pending.
                item.containsKey("flippedEpoch") ? number(item, "flippedEpoch") : epoch,
                item.containsKey("announcedEpoch") ? number(item, "announcedEpoch") : epoch);
    }

    private static LeaderRecord toRecord(Map<String, AttributeValue> item) {
        return new LeaderRecord(string(item, "activeRegion"), number(item, "epoch"));
    }
}
