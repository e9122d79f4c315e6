package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.ports.SignCounters;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Passkey signature counts in the Sessions global table:
 * {@code PASSKEY#<sub>#<credential id>/REGION#<region>}, holding {@code signCount}.
 *
 * <p>Why here and not beside the credential in the Directory: a passkey sign-in happens in every
 * region, including one that does not lead, where Directory writes are fenced; the count must
 * still be recorded there, or a cloned authenticator could replay counts the leader already
 * saw. Why one item per region: a global table resolves concurrent writes to one item by last
 * writer wins, so two regions sharing an item could each overwrite a higher count with a lower
 * one; with the region in the sort key no two regions write the same item, each region's count
 * only rises (a put conditional on {@code signCount < :new}, atomic within the region), and one
 * strongly consistent query reads every region's. What remains is the replication lag (about a
 * second on AWS): a clone used in another region within it is not seen there yet.
 */
public final class DynamoDbSignCounters implements SignCounters {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;
    private final Clock clock;

    public DynamoDbSignCounters(DynamoDbClient dynamo, String table, String region, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public long highest(String sub, String credentialId) {
        return dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :region)")
                        .expressionAttributeValues(Map.of(":pk", s(partition(sub, credentialId)), ":region", s("REGION#"))))
                .items().stream()
                .mapToLong(item -> number(item, "signCount"))
                .max().orElse(0);
    }

    @Override
    public boolean advance(String sub, String credentialId, long count) {
        var item = new HashMap<>(key(partition(sub, credentialId), "REGION#" + region));
        item.put("region", s(region));
        item.put("signCount", n(count));
        item.put("updatedAt", millis(clock.instant()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR signCount < :count")
                    .expressionAttributeValues(Map.of(":count", n(count))));
            return true;
        } catch (ConditionalCheckFailedException notHigher) {
            return false;
        }
    }

    private static String partition(String sub, String credentialId) {
        return "PASSKEY#" + sub + "#" + credentialId;
    }
}
