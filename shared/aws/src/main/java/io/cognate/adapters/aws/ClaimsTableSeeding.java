package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.conflicts.ItemImage;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.util.ArrayList;
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
        boolean leaderWritten = copyLeader(leader.item(), epoch);
        int written = 0;
        int present = 0;
        List<String> heldByAnother = new ArrayList<>();
        // One pass over the Directory, keys and subs only: the username claims are its USERNAME items.
        var pages = regional.scanPaginator(b -> b.tableName(directoryTable).consistentRead(true)
                .filterExpression("sk = :sk AND begins_with(pk, :prefix)")
                .projectionExpression("pk, sk, #sub")
                .expressionAttributeNames(Map.of("#sub", "sub"))
                .expressionAttributeValues(Map.of(":sk", s("USERNAME"), ":prefix", s(ItemImage.USERNAME_CLAIM_PREFIX))));
        var strongClaims = StrongClaims.in(claims, claimsTable, region, clock);
        for (Map<String, AttributeValue> item : pages.items()) {
            String name = string(item, "pk");
            String usernameKey = name.substring(ItemImage.USERNAME_CLAIM_PREFIX.length());
            String sub = string(item, "sub");
            // Claimed as a sign-up claims (PENDING), COMMITTED once the Directory still names this
            // sub: a user deleted since the scan read it must not leave a committed claim (never
            // taken over) behind. A run that dies in between leaves a PENDING claim, which a
            // sign-up of the name takes over after StrongClaims.ORPHAN_AFTER if its user is gone.
            boolean madeNow;
            try {
                madeNow = strongClaims.claim(usernameKey, sub, this::userExists);
            } catch (UserDirectory.UsernameTaken taken) {
                heldByAnother.add(usernameKey);
                continue;
            }
            if (directoryOwner(name).filter(sub::equals).isPresent()) {
                strongClaims.confirm(usernameKey, sub);
                if (madeNow) {
                    written++;
                } else {
                    present++;
                }
            } else if (madeNow) {
                strongClaims.release(usernameKey, sub);
            }
        }
        return new Result(epoch, leaderWritten, written, present, List.copyOf(heldByAnother));
    }

    /** The leader record copied over none or one of a lower epoch; false when the Claims table holds it or a later one. */
    private boolean copyLeader(Map<String, AttributeValue> leader, long epoch) {
        try {
            claims.putItem(b -> b.tableName(claimsTable).item(leader)
                    .conditionExpression("attribute_not_exists(pk) OR epoch < :epoch")
                    .expressionAttributeValues(Map.of(":epoch", n(epoch))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    private Optional<String> directoryOwner(String name) {
        var held = regional.getItem(b -> b.tableName(directoryTable).consistentRead(true).key(key(name, "USERNAME")));
        return held.hasItem() && !held.item().isEmpty() ? Optional.of(string(held.item(), "sub")) : Optional.empty();
    }

    /** Whether {@code sub}'s profile stands (not a deleted user's tombstone): what a takeover of an orphaned claim asks. */
    private boolean userExists(String sub) {
        var held = regional.getItem(b -> b.tableName(directoryTable).consistentRead(true).key(key("USER#" + sub, "PROFILE")));
        return held.hasItem() && !held.item().isEmpty() && !DynamoDbUserDirectory.isTombstone(held.item());
    }
}
