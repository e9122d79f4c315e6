package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;

import io.cognate.ports.ReplicaCatchUp;
import io.cognate.ports.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads this region's replica of the global tables until it holds what the leader wrote: one
 * strongly consistent {@code GetItem} per item still awaited, every {@link #POLL}.
 */
public final class DynamoDbReplicaCatchUp implements ReplicaCatchUp {
    /**
     * Between reads: a forwarded write waits for replication, which takes hundreds of
     * milliseconds, so 25 ms adds at most that much to the wait and costs at most 80 reads (0.5
     * RCU each) per item in the 2 s bound.
     */
    static final Duration POLL = Duration.ofMillis(25);

    private final DynamoDbClient dynamo;
    private final Set<String> tables;
    private final Sleeper sleeper;

    /** Waits only on {@code tables} (the global ones): a name the leader sends back is never read elsewhere. */
    public DynamoDbReplicaCatchUp(DynamoDbClient dynamo, Set<String> tables, Sleeper sleeper) {
        this.dynamo = dynamo;
        this.tables = Set.copyOf(tables);
        this.sleeper = sleeper;
    }

    @Override
    public boolean await(List<WrittenItem> items, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        var waiting = new ArrayList<>(items.stream().filter(item -> tables.contains(item.table())).toList());
        while (true) {
            waiting.removeIf(this::replicated);
            if (waiting.isEmpty()) {
                return true;
            }
            if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                return false;
            }
            sleeper.sleep(POLL);
        }
    }

    private boolean replicated(WrittenItem item) {
        Map<String, AttributeValue> found = dynamo.getItem(b -> b.tableName(item.table()).key(key(item.pk(), item.sk()))
                .consistentRead(true)).item();
        boolean present = found != null && !found.isEmpty();
        return switch (item.kind()) {
            case DELETED -> !present;
            case PRESENT -> present;
            case VERSION -> present && found.get("version") != null && found.get("version").n() != null
                    && Long.parseLong(found.get("version").n()) >= item.version();
        };
    }
}
