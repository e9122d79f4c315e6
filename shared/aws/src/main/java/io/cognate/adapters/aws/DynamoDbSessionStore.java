package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.RefreshTokenRecord;
import io.cognate.ports.ReplicaCatchUp.WrittenItem;
import io.cognate.ports.SessionStore;
import java.util.HashMap;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Sessions global table. A refresh token lives at {@code RT#<sha256>/RT}; the key is the
 * token's hash, so two regions never write the same item concurrently.
 */
public final class DynamoDbSessionStore implements SessionStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSessionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void saveRefreshToken(RefreshTokenRecord record) {
        var item = new HashMap<>(key(refreshTokenKey(record.tokenHash()), "RT"));
        item.put("sub", s(record.sub()));
        item.put("clientId", s(record.clientId()));
        item.put("originJti", s(record.originJti()));
        item.put("authTime", millis(record.authTime()));
        item.put("issuedAt", millis(record.issuedAt()));
        item.put("expiresAt", millis(record.expiresAt()));
        item.put("issuedInRegion", s(record.issuedInRegion()));
        if (!record.oauthScopes().isEmpty()) {
            item.put("oauthScopes", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
                    record.oauthScopes().stream().map(Items::s).toList()));
        }
        // DynamoDB TTL takes epoch seconds and deletes late: SessionService checks expiry on every use.
        item.put("ttl", n(record.expiresAt().getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        // A forwarded write that issues tokens (NEW_PASSWORD_REQUIRED) names the refresh token too:
        // the caller's next refresh in the region that forwarded must find it.
        WriteReceipts.stored(WrittenItem.present(table, refreshTokenKey(record.tokenHash()), "RT"));
    }

    /** The partition of one refresh token: its record ({@code RT}) and revocations of it. */
    static String refreshTokenKey(String tokenHash) {
        return "RT#" + tokenHash;
    }

    @Override
    public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(refreshTokenKey(tokenHash), "RT")).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        var item = response.item();
        return Optional.of(new RefreshTokenRecord(tokenHash, string(item, "sub"), string(item, "clientId"),
                string(item, "originJti"), instant(item, "authTime"), instant(item, "issuedAt"),
                instant(item, "expiresAt"), string(item, "issuedInRegion"),
                item.containsKey("oauthScopes") ? item.get("oauthScopes").l().stream()
                        .map(software.amazon.awssdk.services.dynamodb.model.AttributeValue::s).toList() : java.util.List.of()));
    }
}
