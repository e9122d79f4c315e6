package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.ports.DrainMarkers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Drain markers, item {@code DRAIN#<region>#<epoch>/DRAIN} in the Directory and Sessions tables,
 * expiring after a day. Streams deliver each table's changes in order, so the marker arrives after
 * every write its table received before it.
 */
public final class DynamoDbDrainMarkers implements DrainMarkers {
    private static final Duration KEEP = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final List<String> tables;

    public DynamoDbDrainMarkers(DynamoDbClient dynamo, List<String> tables) {
        this.dynamo = dynamo;
        this.tables = List.copyOf(tables);
    }

    @Override
    public void write(String fencedRegion, long epoch, Instant at) {
        for (String table : tables) {
            var item = new HashMap<>(key(pk(fencedRegion, epoch), "DRAIN"));
            item.put("at", millis(at));
            item.put("ttl", n(at.plus(KEEP).getEpochSecond()));
            item.put("writerRegion", s(fencedRegion));
            dynamo.putItem(b -> b.tableName(table).item(item));
        }
    }

    @Override
    public boolean arrived(String fencedRegion, long epoch) {
        for (String table : tables) {
            var response = dynamo.getItem(b -> b.tableName(table).key(key(pk(fencedRegion, epoch), "DRAIN")).consistentRead(true));
            if (!response.hasItem() || response.item().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String pk(String region, long epoch) {
        return "DRAIN#" + region + "#" + epoch;
    }
}
