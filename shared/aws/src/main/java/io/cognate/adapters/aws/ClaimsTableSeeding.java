package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Fills the Claims table of a deployment switched from {@code ReplicationConsistency: EVENTUAL}
 * to {@code STRONG} ({@code ./cognate seed-claims}). Until it runs, the new table holds no leader
 * record (every region refuses writes: the fence reads the leader from it) and no username
 * claims. It copies this region's leader record from the Control table and writes one
 * {@code COMMITTED} claim per username the Directory holds (one consistent scan of the Directory,
 * keys only: about one read unit per 4 KB of the table, once).
 *
 * <p>Safe to run while the deployment serves and to run again: the leader record is written only
 * over none or a lower epoch (a record the health-check initialised after the switch, at epoch 1,
 * gives way; a later promotion's does not), and a claim only where none is (a sign-up made since
 * the switch claimed its name itself). A claim held by another sub than the Directory's is left
 * as it is and reported: that is a username with two owners, which conflict detection and the
 * operator settle, not a seed.
 */
public final class ClaimsTableSeeding {
    private static final String PENDING = "PENDING";
    private static final String COMMITTED = "COMMITTED";
    private static final String USERNAME_PREFIX = "USERNAME#";

    private final DynamoDbClient regional;
    private final String directoryTable;
    private final String controlTable;
    private final DynamoDbClient claims;
    private final String claimsTable;
    private final String region;
    private final Clock clock;

    /** What one run did. */
    public record Result(long leaderEpoch, boolean leaderWritten, int claimsWritten, int claimsPresent,
                         List<String> heldByAnother) {
    }

    /**
     * @param regional this region's DynamoDB (its Directory and Control replicas)
     * @param claims the client that reaches the Claims table (MRSC: any of its regions)
     * @param region the region named on the claims written
     */
    public ClaimsTableSeeding(DynamoDbClient regional, String directoryTable, String controlTable, DynamoDbClient claims,
                              String claimsTable, String region, Clock clock) {
        this.regional = regional;
        this.directoryTable = directoryTable;
        this.controlTable = controlTable;
        this.claims = claims;
        this.claimsTable = claimsTable;
        this.region = region;
        this.clock = clock;
    }

    public Result seed() {
        var leaderKey = key(DynamoDbLeaderRecords.LEADER_PK, DynamoDbLeaderRecords.LEADER_SK);
        var leader = regional.getItem(b -> b.tableName(controlTable).key(leaderKey).consistentRead(true));
        if (!leader.hasItem() || leader.item().isEmpty()) {
            throw new IllegalStateException("no leader record in " + controlTable + ": nothing to seed from");
        }
        long epoch = number(leader.item(), "epoch");
        boolean leaderWritten = putUnless(leader.item(), "attribute_not_exists(pk) OR epoch < :epoch",
                Map.of(":epoch", n(epoch)));
        int written = 0;
        int present = 0;
        List<String> heldByAnother = new ArrayList<>();
        // One pass over the Directory, keys and subs only: the username claims are its USERNAME items.
        var pages = regional.scanPaginator(b -> b.tableName(directoryTable).consistentRead(true)
                .filterExpression("sk = :sk AND begins_with(pk, :prefix)")
                .projectionExpression("pk, sk, #sub")
                .expressionAttributeNames(Map.of("#sub", "sub"))
                .expressionAttributeValues(Map.of(":sk", s("USERNAME"), ":prefix", s(USERNAME_PREFIX))));
        for (Map<String, AttributeValue> item : pages.items()) {
            String name = string(item, "pk");
            String sub = string(item, "sub");
            // PENDING first, COMMITTED once the Directory still names this sub: a user deleted
            // since the scan read it must not leave a committed claim (never taken over) behind.
            // A run that dies in between leaves a PENDING claim, which a sign-up of the name takes
            // over after StrongClaims.ORPHAN_AFTER if its user is gone.
            var claim = new HashMap<String, AttributeValue>(key(name, "USERNAME"));
            claim.put("sub", s(sub));
            claim.put("state", s(PENDING));
            claim.put("region", s(region));
            claim.put("claimedAt", millis(clock.instant()));
            boolean madeNow = putUnless(claim, "attribute_not_exists(pk)", Map.of());
            Optional<String> owner = madeNow ? Optional.of(sub) : owner(name);
            if (owner.isEmpty()) {
                continue; // released between the put and the read: its user was deleted
            }
            if (!owner.get().equals(sub)) {
                heldByAnother.add(name.substring(USERNAME_PREFIX.length()));
                continue;
            }
            if (directoryOwner(name).filter(sub::equals).isPresent()) {
                commit(name, sub);
                if (madeNow) {
                    written++;
                } else {
                    present++;
                }
            } else if (madeNow) {
                release(name, sub);
            }
        }
        return new Result(epoch, leaderWritten, written, present, List.copyOf(heldByAnother));
    }

    private boolean putUnless(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        try {
            claims.putItem(b -> {
                b.tableName(claimsTable).item(item).conditionExpression(condition);
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
            });
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    private Optional<String> owner(String name) {
        var held = claims.getItem(b -> b.tableName(claimsTable).consistentRead(true).key(key(name, "USERNAME")));
        return held.hasItem() && !held.item().isEmpty() ? Optional.of(string(held.item(), "sub")) : Optional.empty();
    }

    private Optional<String> directoryOwner(String name) {
        var held = regional.getItem(b -> b.tableName(directoryTable).consistentRead(true).key(key(name, "USERNAME")));
        return held.hasItem() && !held.item().isEmpty() ? Optional.of(string(held.item(), "sub")) : Optional.empty();
    }

    /** The claim of {@code sub}, its user in the Directory: final from now on. */
    private void commit(String name, String sub) {
        try {
            claims.updateItem(b -> b.tableName(claimsTable).key(key(name, "USERNAME"))
                    .updateExpression("SET #state = :committed").conditionExpression("#sub = :sub")
                    .expressionAttributeNames(Map.of("#state", "state", "#sub", "sub"))
                    .expressionAttributeValues(Map.of(":sub", s(sub), ":committed", s(COMMITTED))));
        } catch (ConditionalCheckFailedException released) {
            // Released since the read (its user deleted): nothing to commit.
        }
    }

    /** Takes back a claim this run made for a user deleted since the scan read it. */
    private void release(String name, String sub) {
        try {
            claims.deleteItem(b -> b.tableName(claimsTable).key(key(name, "USERNAME"))
                    .conditionExpression("#sub = :sub AND #state = :pending")
                    .expressionAttributeNames(Map.of("#state", "state", "#sub", "sub"))
                    .expressionAttributeValues(Map.of(":sub", s(sub), ":pending", s(PENDING))));
        } catch (ConditionalCheckFailedException changed) {
            // Taken or committed by another writer since: theirs stands.
        }
    }
}
