package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.federation.saml.PendingSamlRequest;
import io.cognate.ports.PendingSamlRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Pending AuthnRequests in the Sessions global table: {@code SAMLREQ#<relayState>/REQUEST}, put
 * once (the RelayState is 128 random bits), and consumed by putting
 * {@code SAMLREQ#<relayState>/CONSUMED} only if absent (a second item rather than an update of the
 * first: the function's Sessions grant is GetItem, PutItem and Query, and needs nothing more). The answer may reach any region: the item has
 * replicated there within the lag (about a second), long before a person has signed in at the
 * IdP. Consumption replicates too, so a response consumed in one region is refused in every
 * other once the update has arrived; two regions consuming within the replication lag both write
 * "consumed", which last-writer-wins keeps (the same window as the TOTP replay cache; the
 * assertion-ID claim narrows nothing further there, as it replicates the same way).
 */
public final class DynamoDbPendingSamlRequests implements PendingSamlRequests {
    /** Kept a day past expiry, for the investigation of a disputed sign-in, then TTL drops it. */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);
    private static final String SORT = "REQUEST";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    public DynamoDbPendingSamlRequests(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    private static final String CONSUMED = "CONSUMED";

    private static String partition(String relayState) {
        return "SAMLREQ#" + relayState;
    }

    private static Map<String, AttributeValue> keyOf(String relayState) {
        return key(partition(relayState), SORT);
    }

    @Override
    public void remember(PendingSamlRequest request) {
        var item = new HashMap<>(keyOf(request.relayState()));
        item.put("requestId", s(request.requestId()));
        item.put("providerName", s(request.providerName()));
        item.put("continuation", s(request.continuation()));
        item.put("expiresAt", millis(request.expiresAt()));
        item.put("region", s(region));
        item.put("ttl", n(request.expiresAt().plus(KEPT_AFTER_EXPIRY).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<PendingSamlRequest> find(String relayState, Instant now) {
        var items = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition(relayState))))).items();
        Map<String, AttributeValue> request = null;
        for (Map<String, AttributeValue> item : items) {
            String sort = Items.string(item, "sk");
            if (CONSUMED.equals(sort)) {
                return Optional.empty();
            }
            if (SORT.equals(sort)) {
                request = item;
            }
        }
        if (request == null) {
            return Optional.empty();
        }
        Instant expiresAt = Items.instant(request, "expiresAt");
        if (!now.isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new PendingSamlRequest(relayState, Items.string(request, "requestId"),
                Items.string(request, "providerName"), Items.string(request, "continuation"), expiresAt));
    }

    @Override
    public boolean consume(String relayState) {
        // The request item is never deleted (TTL aside), so checking it first cannot race with
        // anything that matters: what decides is the conditional put below.
        Map<String, AttributeValue> request = dynamo.getItem(b -> b.tableName(table).key(keyOf(relayState)).consistentRead(true)).item();
        if (request == null || request.isEmpty()) {
            return false;
        }
        var consumed = new HashMap<>(key(partition(relayState), CONSUMED));
        consumed.put("region", s(region));
        consumed.put("consumedAt", millis(Instant.now()));
        consumed.put("ttl", request.get("ttl"));
        try {
            dynamo.putItem(b -> b.tableName(table).item(consumed).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException alreadyConsumed) {
            return false;
        }
    }
}
