package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.Username;
import io.cognate.domain.conflicts.ItemImage;
import io.cognate.ports.ConflictRepairs;
import io.cognate.ports.UserDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The Directory writes that resolve conflicts, each one fenced transaction: the settled username
 * claim, the set-aside account's own claim, and its profile renamed and disabled, conditional on
 * the version read. Also writes back a winning copy replication had replaced. In strong mode a
 * username claimed again is claimed in the Claims table first, which is the authority there.
 */
public final class DynamoDbConflictRepairs implements ConflictRepairs {
    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;
    private final StrongClaims claims;

    public DynamoDbConflictRepairs(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this(dynamo, table, controlTable, region, StrongClaims.none());
    }

    public DynamoDbConflictRepairs(DynamoDbClient dynamo, String table, String controlTable, String region,
                                   StrongClaims claims) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
        this.claims = claims;
    }

    @Override
    public boolean settleUsername(String claimPk, String ownerSub, String setAsideSub, Optional<Username> setAsideName,
                                  LeaderRecord fence) {
        var writes = new ArrayList<TransactWriteItem>();
        var claim = new HashMap<>(key(claimPk, "USERNAME"));
        claim.put("sub", s(ownerSub));
        transactions.stamp(claim, fence);
        writes.add(put(claim, null, Map.of(), Map.of())); // the winner's, whatever replication left there
        Optional<Map<String, AttributeValue>> profile = get(key("USER#" + setAsideSub, "PROFILE"))
                .filter(item -> !DynamoDbUserDirectory.isTombstone(item));
        if (setAsideName.isPresent() && profile.isPresent()) {
            Username name = setAsideName.get();
            Map<String, AttributeValue> read = profile.get();
            var own = new HashMap<>(key(ItemImage.USERNAME_CLAIM_PREFIX + name.key(), "USERNAME"));
            own.put("sub", s(setAsideSub));
            transactions.stamp(own, fence);
            writes.add(put(own, "attribute_not_exists(pk)", Map.of(), Map.of()));
            var renamed = new HashMap<>(read);
            renamed.put("username", s(name.value()));
            renamed.put("enabled", AttributeValue.fromBool(false));
            long version = read.containsKey("version") ? Long.parseLong(read.get("version").n()) : 0;
            renamed.put("version", n(version + 1));
            transactions.stampOnTop(renamed, fence, read);
            var values = new HashMap<String, AttributeValue>();
            String stamps = FencedTransactions.readStamps(read, values);
            if (version == 0) {
                writes.add(put(renamed, "attribute_not_exists(version) AND " + stamps, Map.of(), values));
            } else {
                values.put(":read", n(version));
                writes.add(put(renamed, "version = :read AND " + stamps, Map.of(), values));
            }
            if (name.value().equals(Items.string(read, "username"))) {
                writes.subList(1, writes.size()).clear(); // renamed before: only the claim may be left to settle
            }
        }
        if (!transactions.commit(fence, writes)) {
            throw new UserDirectory.ConcurrentUpdate(); // the account changed since it was read; found again next time
        }
        return setAsideName.isPresent() && profile.isPresent();
    }

    /**
     * {@inheritDoc} In strong mode the delete released the name in the Claims table too: it is
     * claimed there first, so no sign-up in any region takes it meanwhile, and left alone (false)
     * when another user holds it there now.
     */
    @Override
    public boolean reclaimUsername(Username name, String sub, LeaderRecord fence) {
        boolean claimedHere;
        try {
            claimedHere = claims.claim(name.key(), sub, this::userExists);
        } catch (UserDirectory.UsernameTaken taken) {
            return false;
        }
        var claim = new HashMap<>(key(ItemImage.USERNAME_CLAIM_PREFIX + name.key(), "USERNAME"));
        claim.put("sub", s(sub));
        transactions.stamp(claim, fence);
        // A claim still naming the user is written again too: the delete's removal of it may still
        // be on its way to this region, and replication keeps the later write.
        boolean written = transactions.commit(fence, List.of(put(claim, "attribute_not_exists(pk) OR #sub = :sub",
                Map.of("#sub", "sub"), Map.of(":sub", s(sub)))));
        if (!written) {
            if (claimedHere) {
                claims.release(name.key(), sub);
            }
            return false;
        }
        claims.confirm(name.key(), sub);
        return true;
    }

    /** Whether {@code sub}'s profile is here and not a tombstone: a Claims table orphan's test. */
    private boolean userExists(String sub) {
        return get(key("USER#" + sub, "PROFILE")).filter(item -> !DynamoDbUserDirectory.isTombstone(item)).isPresent();
    }

    /**
     * Writes {@code held} back at {@code version}, stamped with {@code fence}, if the item is still
     * {@code replaced}, the copy replication put over it (its version and writer stamps).
     */
    boolean restore(Map<String, AttributeValue> held, Map<String, AttributeValue> replaced, long version,
                    LeaderRecord fence) {
        var item = new HashMap<>(held);
        item.put("version", n(version));
        // Written on top of the copy that replaced it: that copy is its ancestor.
        transactions.stampOnTop(item, fence, replaced);
        var values = new HashMap<String, AttributeValue>();
        String condition = FencedTransactions.readStamps(replaced, values) + " AND ";
        long replacedVersion = replaced.containsKey("version") ? Long.parseLong(replaced.get("version").n()) : 0;
        if (replacedVersion == 0) {
            condition += "attribute_not_exists(version)";
        } else {
            condition += "version = :replaced";
            values.put(":replaced", n(replacedVersion));
        }
        return transactions.commit(fence, List.of(put(item, condition, Map.of(), values)));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                                  Map<String, AttributeValue> values) {
        var put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
        }
        if (!names.isEmpty()) {
            put.expressionAttributeNames(names);
        }
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }
}
