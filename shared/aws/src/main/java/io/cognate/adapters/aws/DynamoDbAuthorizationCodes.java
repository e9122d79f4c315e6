package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.oauth.AuthorizationCode;
import io.cognate.ports.AuthorizationCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Authorization codes in the Sessions global table: {@code CODE#<sha-256 of the code>} /
 * {@code CODE}, put only if absent; redeemed by putting {@code CODE#<hash>} / {@code USED} only
 * if absent, so of two redemptions exactly one wins in a region, and a redemption in a region
 * the claim has replicated to finds it used. Only the
 * issuing region claims successfully ({@code AuthorizationCodeGrant}), so replication's
 * last-writer-wins never has two successful claims to choose between.
 */
public final class DynamoDbAuthorizationCodes implements AuthorizationCodes {
    /** Kept a day past expiry so a late replay still finds the code used rather than unknown (same answer, clearer logs). */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    public DynamoDbAuthorizationCodes(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    @Override
    public void save(AuthorizationCode code) {
        var item = new HashMap<>(key("CODE#" + code.codeHash(), "CODE"));
        item.put("clientId", s(code.clientId()));
        item.put("redirectUri", s(code.redirectUri()));
        code.codeChallenge().ifPresent(value -> item.put("codeChallenge", s(value)));
        code.nonce().ifPresent(value -> item.put("nonce", s(value)));
        item.put("scopes", AttributeValue.fromL(code.scopes().stream().map(Items::s).toList()));
        item.put("sub", s(code.sub()));
        item.put("authTime", millis(code.authTime()));
        item.put("expiresAt", millis(code.expiresAt()));
        item.put("issuedInRegion", s(code.issuedInRegion()));
        item.put("ttl", n(code.expiresAt().plus(KEEP_AFTER_EXPIRY).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<AuthorizationCode> claim(String codeHash, Instant now) {
        // The claim is its own item beside the code (PutItem if absent, as the TOTP replay cache):
        // the function needs no UpdateItem on the Sessions table, and a claim replicates as one
        // new item that makes every later claim's condition fail.
        var used = new HashMap<>(key("CODE#" + codeHash, "USED"));
        used.put("usedAt", millis(now));
        used.put("usedIn", s(region));
        used.put("ttl", n(now.plus(KEEP_AFTER_EXPIRY.plus(io.cognate.domain.oauth.AuthorizationCodeGrant.CODE_VALIDITY)).getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(used).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException alreadyUsed) {
            return Optional.empty();
        }
        var response = dynamo.getItem(b -> b.tableName(table).key(key("CODE#" + codeHash, "CODE")).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        return Optional.of(new AuthorizationCode(codeHash, string(item, "clientId"), string(item, "redirectUri"),
                optionalString(item, "codeChallenge"), optionalString(item, "nonce"),
                item.get("scopes").l().stream().map(AttributeValue::s).toList(), string(item, "sub"),
                instant(item, "authTime"), instant(item, "expiresAt"), string(item, "issuedInRegion")));
    }
}
