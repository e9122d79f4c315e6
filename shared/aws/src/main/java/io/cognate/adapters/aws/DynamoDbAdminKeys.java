package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.admin.AdminKey;
import io.cognate.domain.admin.AdminKeyPolicy;
import io.cognate.ports.AdminKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Admin keys in the Directory table, all in one partition ({@code ADMINKEYS/KEY#<id>}): a pool
 * has a handful of keys, so one Query lists them and one GetItem finds one, read strongly
 * consistent so that a revocation made in this region is seen by the next request here. Each
 * item holds the sealed secret, the policy, the description, when it was made and, once revoked,
 * when ({@code revokedAt}); writes are fenced transactions like every Directory write.
 */
public final class DynamoDbAdminKeys implements AdminKeys {
    static final String PK_VALUE = "ADMINKEYS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;
    private final FencedTransactions transactions;

    public DynamoDbAdminKeys(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    @Override
    public Optional<AdminKey> find(String keyId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(PK_VALUE, "KEY#" + keyId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toKey(item));
    }

    @Override
    public List<AdminKey> list() {
        var keys = new ArrayList<AdminKey>();
        Items.partition(dynamo, table, PK_VALUE).forEach(item -> keys.add(toKey(item)));
        keys.sort(Comparator.comparing(AdminKey::createdAt).thenComparing(AdminKey::keyId));
        return keys;
    }

    @Override
    public void create(AdminKey key, LeaderRecord fence) {
        var item = new HashMap<>(key(PK_VALUE, "KEY#" + key.keyId()));
        item.put("keyId", s(key.keyId()));
        item.put("sealedSecret", s(key.sealedSecret()));
        item.put("policy", s(key.policy().name()));
        item.put("description", s(key.description()));
        item.put("createdAt", millis(key.createdAt()));
        key.revokedAt().ifPresent(at -> item.put("revokedAt", millis(at)));
        transactions.stamp(item, fence);
        boolean written = transactions.commit(fence, List.of(TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build()).build()));
        if (!written) {
            throw new IllegalStateException("admin key id " + key.keyId() + " is taken");
        }
    }

    @Override
    public boolean revoke(String keyId, Instant at, LeaderRecord fence) {
        return transactions.commit(fence, List.of(TransactWriteItem.builder().update(Update.builder()
                .tableName(table).key(key(PK_VALUE, "KEY#" + keyId))
                .updateExpression("SET revokedAt = :at, epoch = :epoch, writerRegion = :region")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(revokedAt)")
                .expressionAttributeValues(Map.of(":at", millis(at), ":epoch", n(fence.epoch()), ":region", s(region)))
                .build()).build()));
    }

    private static AdminKey toKey(Map<String, AttributeValue> item) {
        return new AdminKey(Items.string(item, "keyId"), Items.string(item, "sealedSecret"),
                AdminKeyPolicy.valueOf(Items.string(item, "policy")), Items.optionalString(item, "description").orElse(""),
                Items.instant(item, "createdAt"),
                item.containsKey("revokedAt") ? Optional.of(Items.instant(item, "revokedAt")) : Optional.empty());
    }
}
