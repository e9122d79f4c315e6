package io.cognate.adapters.aws;

import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.domain.conflicts.ReplicationConflicts;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.ConflictRecords;
import io.cognate.ports.FailoverEvents;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler of one region's replicated writes, in the shape of a DynamoDB stream record: the
 * table, the image the replica held before ({@code OldImage}) and the one replication wrote
 * ({@code NewImage}). Directory records go to conflict detection ({@link ReplicationConflicts});
 * conflict records arriving in the Control table go to it too, to be resolved by the leader.
 *
 * <p>Locally the replicator calls it for each write it applies. On AWS a function subscribed to
 * the Directory and Control tables' streams (NEW_AND_OLD_IMAGES) calls it for records whose new
 * image's {@code writerRegion} is not this region: those are the writes replication applied.
 */
public final class DirectoryConflictDetector {
    private final String directoryTable;
    private final String controlTable;
    private final DynamoDbConflictRepairs repairs;
    private final ConflictRecords records;
    private final ReplicationConflicts conflicts;

    public DirectoryConflictDetector(DynamoDbClient dynamo, String directoryTable, String controlTable, String region,
                                     AuthEvents metrics, FailoverEvents events, Clock clock) {
        this(dynamo, directoryTable, controlTable, dynamo, "", region, metrics, events, clock);
    }

    /**
     * In strong mode ({@code claimsTable} named) the fence is the Claims table's leader record and
     * a username claimed again is claimed there first, as every other write of the mode does.
     */
    public DirectoryConflictDetector(DynamoDbClient dynamo, String directoryTable, String controlTable,
                                     DynamoDbClient claimsDynamo, String claimsTable, String region,
                                     AuthEvents metrics, FailoverEvents events, Clock clock) {
        this.directoryTable = directoryTable;
        this.controlTable = controlTable;
        StrongClaims claims = StrongClaims.forTable(claimsDynamo, claimsTable, region, clock);
        this.repairs = new DynamoDbConflictRepairs(dynamo, directoryTable, controlTable, region, claims);
        this.records = new DynamoDbConflictRecords(dynamo, controlTable);
        this.conflicts = new ReplicationConflicts(region,
                DynamoDbLeaderRecords.forMode(dynamo, controlTable, claimsDynamo, claimsTable, clock), records, repairs,
                new DynamoDbUserDirectory(dynamo, directoryTable, controlTable, region, claims), metrics, events, clock);
    }

    /** The conflict records of this region's Control table, newest first. */
    public ConflictRecords records() {
        return records;
    }

    /**
     * Replication replaced {@code oldImage} by {@code newImage} (null: removed) in {@code table}
     * of this region. Returns the conflict this lost a write in, if it did.
     */
    public Optional<ReplicationConflict> replicatedWrite(String table, Map<String, AttributeValue> oldImage,
                                                         Map<String, AttributeValue> newImage) {
        if (table.equals(controlTable) && DynamoDbConflictRecords.isRecord(newImage)) {
            conflicts.arrived(DynamoDbConflictRecords.fromItem(newImage));
            return Optional.empty();
        }
        if (!table.equals(directoryTable) || oldImage == null || oldImage.isEmpty() || newImage == null
                || newImage.isEmpty()) {
            return Optional.empty();
        }
        ItemImage held = DirectoryImages.image(oldImage);
        ItemImage incoming = DirectoryImages.image(newImage);
        return conflicts.replicated(held, incoming,
                (version, fence) -> repairs.restore(oldImage, newImage, version, fence));
    }
}
