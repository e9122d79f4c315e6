package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.ports.LockVerdicts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lock verdicts in the Sessions global table: {@code LOCK#<case-folded username>} /
 * {@code REGION#<region>}, holding {@code lockedUntil} (epoch milliseconds). The sort key is the
 * writing region, so regions never write the same item; one query reads every region's verdict.
 */
public final class DynamoDbLockVerdicts implements LockVerdicts {
    /** Verdicts are kept a little past their end; expiry is checked on read regardless. */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofHours(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLockVerdicts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void record(String account, String region, Instant lockedUntil) {
        var item = new HashMap<>(key("LOCK#" + account, "REGION#" + region));
        item.put("region", s(region));
        item.put("lockedUntil", millis(lockedUntil));
        item.put("ttl", n(lockedUntil.plus(KEEP_AFTER_EXPIRY).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<Verdict> find(String account) {
        return dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :region)")
                        .expressionAttributeValues(Map.of(":pk", s("LOCK#" + account), ":region", s("REGION#"))))
                .items().stream()
                .map(item -> new Verdict(string(item, "region"), instant(item, "lockedUntil")))
                .toList();
    }
}
