package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;

import io.cognate.ports.LockoutCounters;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The regional Lockout table: one item per account at {@code ACCOUNT#<case-folded username>} /
 * {@code COUNTER} with {@code failures} (counted with an atomic {@code ADD}), {@code lastAttempt},
 * {@code lockedUntil} and {@code inFlightUntil} (epoch milliseconds) and {@code ttl} (epoch
 * seconds). Each operation is one conditional write, so concurrent attempts cannot both pass.
 */
public final class DynamoDbLockoutCounters implements LockoutCounters {
    private static final String SK = "COUNTER";
    private static final Map<String, String> NAMES = Map.of(
            "#failures", "failures", "#lastAttempt", "lastAttempt", "#lockedUntil", "lockedUntil",
            "#inFlightUntil", "inFlightUntil", "#ttl", "ttl");
    private static final String ADMIT_UPDATE =
            "ADD #failures :one SET #lastAttempt = :now, #inFlightUntil = :inFlightUntil, #ttl = :ttl";
    // Admitted below the limit; past it only when the lock has run out and no other attempt
    // past the limit is still being checked.
    private static final String ADMIT_CONDITION = "attribute_not_exists(#failures) OR #failures < :max"
            + " OR ((attribute_not_exists(#lockedUntil) OR #lockedUntil <= :now)"
            + " AND (attribute_not_exists(#inFlightUntil) OR #inFlightUntil <= :now))";
    /** The same, and never while a lock holds: what {@link #admitReading} checks in place of a read. */
    private static final String ADMIT_UNLESS_LOCKED_CONDITION =
            "(attribute_not_exists(#lockedUntil) OR #lockedUntil <= :now) AND (" + ADMIT_CONDITION + ")";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLockoutCounters(DynamoDbClient dynamo, String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("no Lockout table configured (COGNATE_LOCKOUT_TABLE)");
        }
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> counterKey(String account) {
        return key("ACCOUNT#" + account, SK);
    }

    @Override
    public Optional<Counter> read(String account) {
        var response = dynamo.getItem(b -> b.tableName(table).key(counterKey(account)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(counter(response.item()));
    }

    private static Counter counter(Map<String, AttributeValue> item) {
        int failures = item.containsKey("failures") ? (int) Math.min(Integer.MAX_VALUE, Items.number(item, "failures")) : 0;
        Instant lastAttempt = item.containsKey("lastAttempt") ? instant(item, "lastAttempt") : Instant.EPOCH;
        Optional<Instant> lockedUntil = item.containsKey("lockedUntil")
                ? Optional.of(instant(item, "lockedUntil")) : Optional.empty();
        return new Counter(failures, lastAttempt, lockedUntil);
    }

    @Override
    public Optional<Admission> admitReading(String account, int maxFailures, Instant now, Instant inFlightUntil,
                                            Instant expiresAt) {
        try {
            var response = dynamo.updateItem(b -> b.tableName(table).key(counterKey(account))
                    .updateExpression(ADMIT_UPDATE)
                    .conditionExpression(ADMIT_UNLESS_LOCKED_CONDITION)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(
                            ":one", n(1), ":max", n(maxFailures), ":now", millis(now),
                            ":inFlightUntil", millis(inFlightUntil), ":ttl", n(expiresAt.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_OLD));
            // ALL_OLD is the item as this write found it; ADD counted exactly one on top of it.
            Optional<Counter> before = response.hasAttributes() && !response.attributes().isEmpty()
                    ? Optional.of(counter(response.attributes())) : Optional.empty();
            long previous = before.isPresent() && response.attributes().containsKey("failures")
                    ? Items.number(response.attributes(), "failures") : 0;
            return Optional.of(new Admission((int) Math.min(Integer.MAX_VALUE, previous + 1), before));
        } catch (ConditionalCheckFailedException refused) {
            return Optional.empty();
        }
    }

    @Override
    public boolean restart(String account, Instant countedAt, int count) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(counterKey(account))
                    .updateExpression("SET #failures = :one REMOVE #lockedUntil")
                    .conditionExpression("#lastAttempt = :counted AND #failures = :count")
                    .expressionAttributeNames(Map.of("#failures", "failures", "#lockedUntil", "lockedUntil",
                            "#lastAttempt", "lastAttempt"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":counted", millis(countedAt), ":count", n(count))));
            return true;
        } catch (ConditionalCheckFailedException countedMeanwhile) {
            // Another attempt was counted since: the count stands as it is.
            return false;
        }
    }

    @Override
    public OptionalInt admit(String account, int maxFailures, Instant now, Instant inFlightUntil, Instant expiresAt) {
        try {
            var response = dynamo.updateItem(b -> b.tableName(table).key(counterKey(account))
                    .updateExpression(ADMIT_UPDATE)
                    .conditionExpression(ADMIT_CONDITION)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(
                            ":one", n(1), ":max", n(maxFailures), ":now", millis(now),
                            ":inFlightUntil", millis(inFlightUntil), ":ttl", n(expiresAt.getEpochSecond())))
                    .returnValues(ReturnValue.UPDATED_NEW));
            long count = Items.number(response.attributes(), "failures");
            return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, count));
        } catch (ConditionalCheckFailedException locked) {
            return OptionalInt.empty();
        }
    }

    @Override
    public boolean lock(String account, int maxFailures, Instant lockedUntil, Instant expiresAt) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(counterKey(account))
                    .updateExpression("SET #lockedUntil = :lockedUntil, #ttl = :ttl REMOVE #inFlightUntil")
                    .conditionExpression("#failures >= :max")
                    .expressionAttributeNames(Map.of("#lockedUntil", "lockedUntil", "#ttl", "ttl",
                            "#inFlightUntil", "inFlightUntil", "#failures", "failures"))
                    .expressionAttributeValues(Map.of(":lockedUntil", millis(lockedUntil),
                            ":ttl", n(expiresAt.getEpochSecond()), ":max", n(maxFailures))));
            return true;
        } catch (ConditionalCheckFailedException resetMeanwhile) {
            return false;
        }
    }

    @Override
    public void resetIfUnchanged(String account, Instant lastAttempt) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(counterKey(account))
                    .conditionExpression("#lastAttempt = :seen")
                    .expressionAttributeNames(Map.of("#lastAttempt", "lastAttempt"))
                    .expressionAttributeValues(Map.of(":seen", millis(lastAttempt))));
        } catch (ConditionalCheckFailedException countedMeanwhile) {
            // Someone counted an attempt since it was read: that attempt's count stands.
        }
    }

    @Override
    public void release(String account) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(counterKey(account))
                    .updateExpression("REMOVE #inFlightUntil")
                    .conditionExpression("attribute_exists(#failures)")
                    .expressionAttributeNames(Map.of("#inFlightUntil", "inFlightUntil", "#failures", "failures")));
        } catch (ConditionalCheckFailedException resetMeanwhile) {
            // Nothing counted any more: nothing to release.
        }
    }

    @Override
    public void reset(String account) {
        dynamo.deleteItem(b -> b.tableName(table).key(counterKey(account)));
    }
}
