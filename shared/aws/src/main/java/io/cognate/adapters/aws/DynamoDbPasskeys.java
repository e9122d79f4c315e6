package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.RegistrationChallenge;
import io.cognate.ports.PasskeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Passkeys in the Directory global table, in the user's partition beside {@code PROFILE} and
 * {@code MFA}, so they replicate with the user: {@code USER#<sub>/PASSKEYS} holds all of a user's
 * credentials in one item (at most 20 of a few hundred bytes each, far below DynamoDB's 400 KB),
 * so one conditional write covers the list, the limit and a deletion at once;
 * {@code USER#<sub>/PASSKEY_CHALLENGE} holds the pending registration challenge, with a
 * {@code ttl} past its expiry (expiry is checked on read regardless).
 *
 * <p>Each write is one transaction: the write fence (the leader record in the Control table), a
 * check that the user's profile exists, the put conditional on the version read and, for a
 * registration, the deletion of the challenge it used, conditional on it still being pending.
 */
public final class DynamoDbPasskeys implements PasskeyStore {
    static final String SK = "PASSKEYS";
    static final String CHALLENGE_SK = "PASSKEY_CHALLENGE";
    /** An expired challenge is refused on read; the table's TTL sweeps it a day later. */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final BesideUserWrites writes;

    public DynamoDbPasskeys(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.writes = new BesideUserWrites(dynamo, table, controlTable, region);
    }

    @Override
    public Optional<PasskeyCredentials> find(String sub) {
        return get(sub, SK).map(writes::remember).map(item -> new PasskeyCredentials(
                item.getOrDefault("credentials", AttributeValue.fromL(List.of())).l().stream()
                        .map(value -> toCredential(value.m())).toList(),
                number(item, "version"), instant(item, "updatedAt")));
    }

    @Override
    public Optional<RegistrationChallenge> findChallenge(String sub) {
        return get(sub, CHALLENGE_SK).map(item -> new RegistrationChallenge(string(item, "challenge"),
                string(item, "clientId"), instant(item, "expiresAt")));
    }

    @Override
    public void putChallenge(String sub, RegistrationChallenge challenge, LeaderRecord fence) {
        var item = new HashMap<>(key("USER#" + sub, CHALLENGE_SK));
        item.put("challenge", s(challenge.challenge()));
        item.put("clientId", s(challenge.clientId()));
        item.put("expiresAt", millis(challenge.expiresAt()));
        item.put("ttl", n(challenge.expiresAt().plus(KEEP_AFTER_EXPIRY).getEpochSecond()));
        writes.stamp(item, fence);
        if (!writes.write(fence, sub, TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build())) {
            throw new Conflict();
        }
    }

    @Override
    public void put(String sub, PasskeyCredentials credentials, long expectedVersion,
                    Optional<RegistrationChallenge> used, LeaderRecord fence) {
        var item = new HashMap<>(key("USER#" + sub, SK));
        item.put("credentials", AttributeValue.fromL(credentials.credentials().stream()
                .map(c -> AttributeValue.fromM(toItem(c))).toList()));
        item.put("version", n(credentials.version()));
        item.put("updatedAt", millis(credentials.updatedAt()));
        var items = new ArrayList<TransactWriteItem>();
        items.add(writes.versionedPut(item, expectedVersion, fence));
        used.ifPresent(challenge -> items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key("USER#" + sub, CHALLENGE_SK))
                .conditionExpression("challenge = :used")
                .expressionAttributeValues(Map.of(":used", s(challenge.challenge())))
                .build()).build()));
        if (!writes.write(fence, sub, items.toArray(TransactWriteItem[]::new))) {
            throw new Conflict();
        }
    }

    private Optional<Map<String, AttributeValue>> get(String sub, String sk) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key("USER#" + sub, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private static Map<String, AttributeValue> toItem(PasskeyCredential credential) {
        var item = new HashMap<String, AttributeValue>();
        item.put("credentialId", s(credential.credentialId()));
        item.put("publicKey", s(credential.publicKey()));
        item.put("signCount", n(credential.signCount()));
        item.put("attestationFormat", s(credential.attestationFormat()));
        item.put("transports", AttributeValue.fromL(credential.transports().stream().map(Items::s).toList()));
        credential.authenticatorAttachment().ifPresent(a -> item.put("authenticatorAttachment", s(a)));
        item.put("friendlyName", s(credential.friendlyName()));
        item.put("relyingPartyId", s(credential.relyingPartyId()));
        item.put("createdAt", millis(credential.createdAt()));
        return item;
    }

    private static PasskeyCredential toCredential(Map<String, AttributeValue> item) {
        return new PasskeyCredential(string(item, "credentialId"), string(item, "publicKey"), number(item, "signCount"),
                string(item, "attestationFormat"),
                item.getOrDefault("transports", AttributeValue.fromL(List.of())).l().stream().map(AttributeValue::s).toList(),
                optionalString(item, "authenticatorAttachment"), string(item, "friendlyName"),
                string(item, "relyingPartyId"), instant(item, "createdAt"));
    }
}
