package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.ports.Revocations;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Revocations in the Sessions global table. A revoked session is {@code SESSION#<origin_jti>}
 * with one item per revoking region ({@code REVOKED#<region>}); a revoked refresh token is an
 * item {@code REVOKED#<region>} beside its record in {@code RT#<hash>}; a GlobalSignOut is
 * {@code SIGNOUT#<sub>} with one item per region ({@code REGION#<region>}, holding the time).
 * A region writes only the items named after itself, so concurrent revocations in two regions
 * never overwrite each other; a read is one strongly consistent Query over the partition.
 */
public final class DynamoDbRevocations implements Revocations {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    public DynamoDbRevocations(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    @Override
    public void revokeSession(String originJti, Instant revokedAt, Instant keepUntil) {
        putRevocation(sessionKey(originJti), revokedAt, keepUntil);
    }

    @Override
    public boolean isSessionRevoked(String originJti) {
        return !query(sessionKey(originJti)).isEmpty();
    }

    @Override
    public void revokeRefreshToken(String tokenHash, Instant revokedAt, Instant keepUntil) {
        putRevocation(DynamoDbSessionStore.refreshTokenKey(tokenHash), revokedAt, keepUntil);
    }

    private void putRevocation(String pk, Instant revokedAt, Instant keepUntil) {
        var item = new HashMap<>(key(pk, "REVOKED#" + region));
        item.put("revokedAt", millis(revokedAt));
        item.put("writerRegion", s(region));
        // Nothing of a session outlives its refresh token, so neither need its revocation.
        item.put("ttl", n(keepUntil.getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public boolean isRefreshTokenRevoked(String tokenHash) {
        return !dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :revoked)")
                .expressionAttributeValues(Map.of(":pk", s(DynamoDbSessionStore.refreshTokenKey(tokenHash)),
                        ":revoked", s("REVOKED#")))
                .consistentRead(true)).items().isEmpty();
    }

    @Override
    public void signOutEverywhere(String sub, Instant at) {
        var item = new HashMap<>(key(signOutKey(sub), "REGION#" + region));
        item.put("signedOutAt", millis(at));
        item.put("writerRegion", s(region));
        // Only ever moves forward, so a retried or reordered older request cannot undo a later sign-out.
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(signedOutAt) OR signedOutAt < :at")
                    .expressionAttributeValues(Map.of(":at", millis(at))));
        } catch (ConditionalCheckFailedException alreadyLater) {
            // A sign-out at or after this one is already recorded: nothing to do.
        }
    }

    @Override
    public Optional<Instant> lastSignOut(String sub) {
        return query(signOutKey(sub)).stream()
                .map(item -> item.get("signedOutAt"))
                .filter(value -> value != null && value.n() != null)
                .map(value -> Instant.ofEpochMilli(Long.parseLong(value.n())))
                .max(Instant::compareTo);
    }

    private List<Map<String, AttributeValue>> query(String pk) {
        return dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))
                .consistentRead(true)).items();
    }

    private static String sessionKey(String originJti) {
        return "SESSION#" + originJti;
    }

    private static String signOutKey(String sub) {
        return "SIGNOUT#" + sub;
    }
}
