package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.ports.UiCustomizationStore;
import io.cognate.ports.UserDirectory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The hosted pages' branding as Directory items next to the pool's settings: {@code POOL} /
 * {@code UI#ALL} for the pool's default and {@code POOL} / {@code UI#<client id>} for a client's
 * own, so they replicate with the Directory. The logo is a binary attribute (at most 100 KB, well
 * inside DynamoDB's 400 KB item). Read strongly consistent; written whole in a fenced transaction,
 * conditional on the version read.
 */
public final class DynamoDbUiCustomizations implements UiCustomizationStore {
    private static final String SK_PREFIX = "UI#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;

    public DynamoDbUiCustomizations(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    @Override
    public Optional<UiCustomization> find(String clientKey) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(DynamoDbPoolSettings.PK_VALUE, SK_PREFIX + clientKey))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toCustomization(item));
    }

    @Override
    public UiCustomization put(UiCustomization customization, long expectedVersion, LeaderRecord fence) {
        UiCustomization stored = customization.withVersion(expectedVersion + 1);
        var item = new HashMap<>(key(DynamoDbPoolSettings.PK_VALUE, SK_PREFIX + stored.clientKey()));
        item.put("clientKey", s(stored.clientKey()));
        stored.css().ifPresent(css -> item.put("css", s(css)));
        stored.logo().ifPresent(logo -> {
            item.put("logo", AttributeValue.fromB(SdkBytes.fromByteArray(logo.bytes())));
            item.put("logoContentType", s(logo.contentType()));
        });
        item.put("createdAt", millis(stored.created()));
        item.put("lastModifiedAt", millis(stored.lastModified()));
        item.put("version", n(stored.version()));
        transactions.stamp(item, fence);
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :expected").expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        if (!transactions.commit(fence, List.of(TransactWriteItem.builder().put(put.build()).build()))) {
            throw new UserDirectory.ConcurrentUpdate();
        }
        return stored;
    }

    private static UiCustomization toCustomization(Map<String, AttributeValue> item) {
        AttributeValue logo = item.get("logo");
        return new UiCustomization(Items.string(item, "clientKey"), Items.optionalString(item, "css"),
                logo == null || logo.b() == null ? Optional.empty()
                        : Optional.of(new UiCustomization.Logo(logo.b().asByteArray(), Items.string(item, "logoContentType"))),
                Items.number(item, "version"), Items.instant(item, "createdAt"), Items.instant(item, "lastModifiedAt"));
    }
}
