package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.LeaderRecord;
import io.cognate.ports.LeaderRecords;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The leader record, item {@code LEADER/LEADER} of the Control global table. */
public final class DynamoDbLeaderRecords implements LeaderRecords {
    static final String LEADER_PK = "LEADER";
    static final String LEADER_SK = "LEADER";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbLeaderRecords(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<LeaderRecord> current() {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(LEADER_PK, LEADER_SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toRecord(response.item()));
    }

    @Override
    public LeaderRecord initialise(LeaderRecord first) {
        Map<String, AttributeValue> item = new HashMap<>(key(LEADER_PK, LEADER_SK));
        item.put("activeRegion", s(first.activeRegion()));
        item.put("epoch", n(first.epoch()));
        item.put("updatedAt", Items.millis(clock.instant()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return first;
        } catch (ConditionalCheckFailedException exists) {
            return current().orElseThrow();
        }
    }

    private static LeaderRecord toRecord(Map<String, AttributeValue> item) {
        return new LeaderRecord(string(item, "activeRegion"), number(item, "epoch"));
    }
}
