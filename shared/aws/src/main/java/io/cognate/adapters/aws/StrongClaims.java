package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;

/**
 * Username claims in the Claims table, the one table a deployment in strong mode
 * ({@code ReplicationConsistency: STRONG}) makes a global table with multi-Region strong
 * consistency (MRSC). A conditional write there is serialized across every region and a
 * strongly consistent read sees the latest write from any region, so two regions that both
 * believe they lead (a partition) cannot both claim one username: the second put fails its
 * condition wherever it runs.
 *
 * <p>MRSC tables take no transactions, so the claim cannot join the Directory's fenced
 * transaction. The order is: claim here first, then the Directory transaction (which still writes
 * the Directory's own claim item, as in eventual mode), then mark the claim {@code COMMITTED};
 * release it instead if that transaction did not commit. A request that dies between the claim and
 * the commit leaves a {@code PENDING} claim whose user does not exist; after {@link #ORPHAN_AFTER}
 * the next sign-up of that username takes it over. A committed claim is never taken over, even by
 * a region that cannot see its user yet (a partition): only a delete of that user releases it.
 *
 * <p>Item: {@code USERNAME#<folded name>/USERNAME} with the {@code sub} it belongs to, its
 * {@code state} ({@code PENDING} or {@code COMMITTED}), the {@code region} that claimed it and
 * {@code claimedAt}. In eventual mode ({@link #none()}) every
 * call does nothing and the Directory's transaction alone decides, as before.
 */
public final class StrongClaims {
    /**
     * Longer than any request that claims can run: Lambda stops a function after 900 s at most.
     * A claim this old whose user does not exist was left by a request that died between its writes.
     */
    static final Duration ORPHAN_AFTER = Duration.ofMinutes(16);
    /**
     * Tries of one write that meets ReplicatedWriteConflictException: another region wrote the
     * same item at the same instant and DynamoDB asks for a retry. A retry then sees that write
     * (and fails its condition, or succeeds); three in a row only happen under a flood of sign-ups
     * of one name.
     */
    private static final int TRIES = 3;
    private static final String PENDING = "PENDING";
    private static final String COMMITTED = "COMMITTED";
    private static final Map<String, String> NAMES = Map.of("#sub", "sub", "#state", "state");

    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;
    private final Clock clock;

    private StrongClaims(DynamoDbClient dynamo, String table, String region, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
        this.clock = clock;
    }

    /** Eventual mode: no Claims table; the Directory's transaction alone keeps usernames unique. */
    public static StrongClaims none() {
        return new StrongClaims(null, null, null, null);
    }

    /** Strong mode: claims in {@code table} (MRSC), written from {@code region}. */
    public static StrongClaims in(DynamoDbClient dynamo, String table, String region, Clock clock) {
        return new StrongClaims(dynamo, table, region, clock);
    }

    /** {@code claimsTable} empty: eventual mode. */
    public static StrongClaims forTable(DynamoDbClient dynamo, String claimsTable, String region, Clock clock) {
        return claimsTable == null || claimsTable.isEmpty() ? none() : in(dynamo, claimsTable, region, clock);
    }

    public boolean strong() {
        return table != null;
    }

    /**
     * Claims the username with folded key {@code usernameKey} for {@code sub}. True when this call
     * made the claim (a Directory write that then fails must {@link #release} it); false when
     * {@code sub} held it already (a retry) or in eventual mode.
     *
     * @param userExists whether a user with a given sub exists: a claim whose user does not is
     *                   taken over once older than {@link #ORPHAN_AFTER}
     * @throws UserDirectory.UsernameTaken when another user holds the name
     */
    public boolean claim(String usernameKey, String sub, Predicate<String> userExists) {
        if (!strong()) {
            return false;
        }
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(claimKey(usernameKey));
        item.put("sub", s(sub));
        item.put("state", s(PENDING));
        item.put("region", s(region));
        item.put("claimedAt", millis(now));
        if (conditionalPut(item, "attribute_not_exists(pk)", Map.of())) {
            return true;
        }
        Optional<Map<String, AttributeValue>> held = read(usernameKey);
        if (held.isEmpty()) {
            // Released between our put and our read: one more try, under the same condition.
            if (conditionalPut(item, "attribute_not_exists(pk)", Map.of())) {
                return true;
            }
            throw new UserDirectory.UsernameTaken();
        }
        String owner = string(held.get(), "sub");
        if (owner.equals(sub)) {
            return false;
        }
        Instant claimedAt = Items.instant(held.get(), "claimedAt");
        boolean pending = PENDING.equals(Items.optionalString(held.get(), "state").orElse(COMMITTED));
        if (pending && claimedAt.plus(ORPHAN_AFTER).isBefore(now) && !userExists.test(owner)) {
            // Taken over only if it is still the orphan just read.
            if (conditionalPut(item, "#sub = :owner AND claimedAt = :at AND #state = :pending",
                    Map.of(":owner", s(owner), ":at", millis(claimedAt), ":pending", s(PENDING)))) {
                return true;
            }
        }
        throw new UserDirectory.UsernameTaken();
    }

    /**
     * Marks the claim of {@code sub} committed, once its user is in the Directory: from then on no
     * sign-up takes it over. Left {@code PENDING} if this fails (the user exists, so a takeover,
     * which checks that, still finds the name held).
     */
    public void confirm(String usernameKey, String sub) {
        if (!strong()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(claimKey(usernameKey))
                        .updateExpression("SET #state = :committed")
                        .conditionExpression("#sub = :sub")
                        .expressionAttributeNames(NAMES)
                        .expressionAttributeValues(Map.of(":sub", s(sub), ":committed", s(COMMITTED))));
                return;
            } catch (ConditionalCheckFailedException notOurs) {
                return;
            } catch (ReplicatedWriteConflictException conflict) {
                if (attempt == TRIES) {
                    throw conflict;
                }
            }
        }
    }

    /** Releases the claim if it still belongs to {@code sub} (after a failed create, or a delete). */
    public void release(String usernameKey, String sub) {
        if (!strong()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.deleteItem(b -> b.tableName(table).key(claimKey(usernameKey))
                        .conditionExpression("#sub = :sub")
                        .expressionAttributeNames(Map.of("#sub", "sub"))
                        .expressionAttributeValues(Map.of(":sub", s(sub))));
                return;
            } catch (ConditionalCheckFailedException notOurs) {
                return;
            } catch (ReplicatedWriteConflictException conflict) {
                if (attempt == TRIES) {
                    throw conflict;
                }
            }
        }
    }

    /** The sub holding the username, by a strongly consistent read (the latest claim from any region). */
    public Optional<String> owner(String usernameKey) {
        return strong() ? read(usernameKey).map(item -> string(item, "sub")) : Optional.empty();
    }

    private Optional<Map<String, AttributeValue>> read(String usernameKey) {
        var response = dynamo.getItem(b -> b.tableName(table).key(claimKey(usernameKey)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private boolean conditionalPut(Map<String, AttributeValue> item, String condition,
                                   Map<String, AttributeValue> values) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.putItem(b -> {
                    b.tableName(table).item(item).conditionExpression(condition);
                    if (condition.contains("#state")) {
                        b.expressionAttributeNames(NAMES);
                    } else if (condition.contains("#sub")) {
                        b.expressionAttributeNames(Map.of("#sub", "sub"));
                    }
                    if (!values.isEmpty()) {
                        b.expressionAttributeValues(values);
                    }
                });
                return true;
            } catch (ConditionalCheckFailedException held) {
                return false;
            } catch (ReplicatedWriteConflictException conflict) {
                if (attempt == TRIES) {
                    throw conflict;
                }
            }
        }
    }

    private static Map<String, AttributeValue> claimKey(String usernameKey) {
        return key("USERNAME#" + usernameKey, "USERNAME");
    }
}
