package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.conflicts.ConflictKind;
import io.cognate.domain.conflicts.ConflictStatus;
import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.ports.ConflictRecords;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Conflict records in the Control table: {@code CONFLICTS/<id>}, one partition. The id is the
 * pair of copies, so a conditional put stores each conflict once however often it is found.
 * One partition is fine for what it holds: conflicts only arise from partitions, a handful per
 * incident, read by administrators.
 */
public final class DynamoDbConflictRecords implements ConflictRecords {
    static final String PK_VALUE = "CONFLICTS";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbConflictRecords(DynamoDbClient dynamo, String controlTable) {
        this.dynamo = dynamo;
        this.table = controlTable;
    }

    @Override
    public boolean add(ReplicationConflict conflict) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(conflict)).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException stored) {
            return false;
        }
    }

    @Override
    public Optional<ReplicationConflict> find(String id) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(PK_VALUE, id)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    @Override
    public void resolved(String id, String resolution) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(PK_VALUE, id))
                    .updateExpression("SET #status = :resolved, resolution = :how")
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":resolved", s(ConflictStatus.RESOLVED.name()),
                            ":pending", s(ConflictStatus.PENDING.name()), ":how", s(resolution))));
        } catch (ConditionalCheckFailedException alreadyResolved) {
            // Resolved before (or gone): the first resolution stands.
        }
    }

    @Override
    public List<ReplicationConflict> recent(int limit) {
        return Items.partition(dynamo, table, PK_VALUE).stream().map(DynamoDbConflictRecords::fromItem)
                .sorted(Comparator.comparing(ReplicationConflict::detectedAt).reversed()
                        .thenComparing(ReplicationConflict::id))
                .limit(limit).toList();
    }

    /** Whether a Control item is a conflict record. */
    static boolean isRecord(Map<String, AttributeValue> item) {
        return item != null && PK_VALUE.equals(Items.string(item, Items.PK));
    }

    static Map<String, AttributeValue> toItem(ReplicationConflict conflict) {
        var item = new HashMap<>(key(PK_VALUE, conflict.id()));
        item.put("kind", s(conflict.kind().name()));
        item.put("detectedIn", s(conflict.detectedIn()));
        item.put("detectedAt", Items.millis(conflict.detectedAt()));
        item.put("status", s(conflict.status().name()));
        item.put("resolution", s(conflict.resolution()));
        item.put("winner", image(conflict.winner()));
        item.put("loser", image(conflict.loser()));
        return item;
    }

    static ReplicationConflict fromItem(Map<String, AttributeValue> item) {
        return new ReplicationConflict(Items.string(item, Items.SK), ConflictKind.valueOf(Items.string(item, "kind")),
                image(item.get("winner").m()), image(item.get("loser").m()), Items.string(item, "detectedIn"),
                Instant.ofEpochMilli(Items.number(item, "detectedAt")),
                ConflictStatus.valueOf(Items.string(item, "status")), Items.string(item, "resolution"));
    }

    private static AttributeValue image(ItemImage image) {
        var m = new HashMap<String, AttributeValue>();
        m.put("pk", s(image.pk()));
        m.put("sk", s(image.sk()));
        m.put("version", n(image.version()));
        m.put("epoch", n(image.epoch()));
        m.put("writerRegion", s(image.writerRegion()));
        image.claimedSub().ifPresent(sub -> m.put("sub", s(sub)));
        image.ancestor().ifPresent(ancestor -> FencedTransactions.putAncestor(m, ancestor));
        var shown = new HashMap<String, AttributeValue>();
        image.shown().forEach((name, value) -> shown.put(name, s(value)));
        m.put("shown", AttributeValue.fromM(shown));
        return AttributeValue.fromM(m);
    }

    private static ItemImage image(Map<String, AttributeValue> m) {
        var shown = new HashMap<String, String>();
        m.getOrDefault("shown", AttributeValue.fromM(Map.of())).m().forEach((name, value) -> shown.put(name, value.s()));
        return new ItemImage(Items.string(m, "pk"), Items.string(m, "sk"), Items.number(m, "version"),
                Items.number(m, "epoch"), Items.string(m, "writerRegion"), Items.optionalString(m, "sub"), shown,
                FencedTransactions.ancestor(m));
    }
}
