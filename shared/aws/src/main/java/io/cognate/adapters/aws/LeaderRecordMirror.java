package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * In strong mode the leader record's authority is the Claims table (MRSC: a raise is serialized
 * across regions), but the write fence checks the record inside the Directory's transaction, and
 * MRSC tables take no transactions. So this region's Control table keeps a copy that the fence
 * checks, and this mirror keeps it in step: after every change made here, and on every read of the
 * authority that finds the copy behind (so a region that lost the lead learns it on its next read,
 * and its fenced writes fail from then on, before the Control table's own replication arrives).
 *
 * <p>The copy never goes back: it is written only if it is missing or at an epoch no higher than
 * the record written. In eventual mode ({@link #none()}) the Control table is the authority itself
 * and there is nothing to mirror.
 */
final class LeaderRecordMirror {
    private final DynamoDbClient authority;
    private final DynamoDbClient dynamo;
    private final String authorityTable;
    private final String copyTable;

    private LeaderRecordMirror(DynamoDbClient authority, String authorityTable, DynamoDbClient dynamo, String copyTable) {
        this.authority = authority;
        this.dynamo = dynamo;
        this.authorityTable = authorityTable;
        this.copyTable = copyTable;
    }

    static LeaderRecordMirror none() {
        return new LeaderRecordMirror(null, null, null, null);
    }

    /** {@code authority} serves {@code authorityTable} (the Claims table), {@code dynamo} this region's {@code copyTable}. */
    static LeaderRecordMirror of(DynamoDbClient authority, String authorityTable, DynamoDbClient dynamo, String copyTable) {
        return new LeaderRecordMirror(authority, authorityTable, dynamo, copyTable);
    }

    /** Reads the authority and brings the copy up to it (after a change this region made). */
    void sync() {
        if (copyTable == null) {
            return;
        }
        var response = authority.getItem(b -> b.tableName(authorityTable).consistentRead(true)
                .key(key(DynamoDbLeaderRecords.LEADER_PK, DynamoDbLeaderRecords.LEADER_SK)));
        if (response.hasItem() && !response.item().isEmpty()) {
            follow(response.item());
        }
    }

    /** Brings the copy up to {@code authority}, the leader item just read from the authority table. */
    void follow(Map<String, AttributeValue> authority) {
        if (copyTable == null) {
            return;
        }
        var copy = dynamo.getItem(b -> b.tableName(copyTable).consistentRead(true)
                .key(key(DynamoDbLeaderRecords.LEADER_PK, DynamoDbLeaderRecords.LEADER_SK)));
        if (copy.hasItem() && authority.equals(copy.item())) {
            return;
        }
        try {
            dynamo.putItem(b -> b.tableName(copyTable).item(authority)
                    .conditionExpression("attribute_not_exists(pk) OR epoch <= :epoch")
                    .expressionAttributeValues(Map.of(":epoch", n(number(authority, "epoch")))));
        } catch (ConditionalCheckFailedException ahead) {
            // The copy already holds a later record (another reader mirrored it first).
        }
    }
}
