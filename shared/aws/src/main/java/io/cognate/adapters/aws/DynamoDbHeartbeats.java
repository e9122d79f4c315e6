package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.bool;
import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.failover.Heartbeat;
import io.cognate.ports.Heartbeats;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Heartbeats in the Control global table, item {@code HEARTBEAT#<region>/HEARTBEAT}. Only the
 * named region writes its item, so replicas never see conflicting writes of one heartbeat.
 */
public final class DynamoDbHeartbeats implements Heartbeats {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbHeartbeats(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void beat(Heartbeat heartbeat) {
        Map<String, AttributeValue> item = new HashMap<>(key("HEARTBEAT#" + heartbeat.region(), "HEARTBEAT"));
        item.put("region", s(heartbeat.region()));
        item.put("at", millis(heartbeat.at()));
        item.put("role", s(heartbeat.role()));
        item.put("epoch", n(heartbeat.epoch()));
        item.put("healthy", AttributeValue.fromBool(heartbeat.healthy()));
        item.put("probedRegion", s(heartbeat.probedRegion()));
        item.put("consecutiveFailures", n(heartbeat.consecutiveFailures()));
        heartbeat.firstFailureAt().ifPresent(at -> item.put("firstFailureAt", millis(at)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<Heartbeat> of(String region) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key("HEARTBEAT#" + region, "HEARTBEAT")).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        var item = response.item();
        return Optional.of(new Heartbeat(
                string(item, "region"),
                instant(item, "at"),
                optionalString(item, "role").orElse("unknown"),
                number(item, "epoch"),
                bool(item, "healthy", false),
                optionalString(item, "probedRegion").orElse(""),
                (int) number(item, "consecutiveFailures"),
                item.containsKey("firstFailureAt") ? Optional.of(instant(item, "firstFailureAt")) : Optional.empty()));
    }
}
