package io.cognate.local.conflicts;

import io.cognate.adapters.aws.DynamoDbConflictRecords;
import io.cognate.domain.conflicts.ConflictStatus;
import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.health.HealthCheckResources;
import io.cognate.health.ReplicatedWritesHandler;
import io.cognate.local.dynamo.ReplicatedWriteListener;
import io.cognate.local.dynamo.TableNames;
import io.cognate.local.status.ConflictLog;
import io.cognate.local.status.StatusSnapshot;
import io.cognate.local.streams.StreamTrigger;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.ConflictRecords;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Conflict detection for the local stack, as it runs on AWS: each region's replicated-writes
 * function ({@link ReplicatedWritesHandler}, health-check's jar) gets every write the replicator
 * applies to that region as a DynamoDB stream batch ({@link StreamTrigger}), the way its event
 * source mappings deliver the Directory and Control streams; and the conflicts found so far for
 * the status page ({@link ConflictLog}), {@code GET /_local/conflicts} and {@code ./cognate
 * conflicts --local}.
 */
public final class LocalConflicts implements ConflictLog, ReplicatedWriteListener {
    public static final String PATH = "/_local/conflicts";
    /** What the status page lists; a chaos run's partitions leave a few dozen at most. */
    static final int RECENT = 50;
    /** The function's name in template.yaml. */
    public static final String FUNCTION_NAME = "ReplicatedWritesFunction";
    /**
     * What {@code GET /_local/conflicts} lists: every record a run can leave (a ten-minute chaos run
     * leaves tens), so a run can account for each lost write; bounded so the answer stays small.
     */
    static final int LISTED = 10_000;

    /**
     * One region's replica: its DynamoDB (to list the records), and the replicated-writes
     * function's resources (its configuration, SDK clients, clock and metrics).
     */
    public record Region(String name, DynamoDbClient dynamo, HealthCheckResources function) {
    }

    private final Map<String, StreamTrigger> triggers = new LinkedHashMap<>();
    private final Map<String, ConflictRecords> records = new LinkedHashMap<>();
    private final AtomicLong detected = new AtomicLong();
    private final Predicate<String> reachable;

    /**
     * @param reachable whether a region's tables can be read now (a region in an outage cannot)
     */
    public LocalConflicts(List<Region> regions, TableNames tables, Predicate<String> reachable) {
        this.reachable = reachable;
        for (Region region : regions) {
            AuthEvents metrics = region.function().authEvents();
            AuthEvents counted = new AuthEvents() {
                @Override
                public void replicationConflict(String kind) {
                    detected.incrementAndGet();
                    metrics.replicationConflict(kind);
                }

                @Override
                public void replicationConflictNotPublished() {
                    metrics.replicationConflictNotPublished();
                }
            };
            var function = region.function();
            var handler = new ReplicatedWritesHandler(
                    new HealthCheckResources(function.config(), function.clients(), function.clock(), counted));
            triggers.put(region.name(), new StreamTrigger(FUNCTION_NAME, region.name(), handler));
            records.put(region.name(), new DynamoDbConflictRecords(region.dynamo(), tables.control()));
        }
    }

    @Override
    public void applied(String region, String table, Map<String, AttributeValue> oldImage,
                        Map<String, AttributeValue> newImage) {
        StreamTrigger trigger = triggers.get(region);
        if (trigger != null) {
            trigger.deliver(List.of(new StreamTrigger.Change(table, oldImage, newImage)));
        }
    }

    /** A region's stream trigger of the replicated-writes function (sample events go through it). */
    public StreamTrigger trigger(String region) {
        return triggers.get(region);
    }

    /** Stream records the functions gave up on after their retries (the on-failure destination's count). */
    public long undelivered() {
        return triggers.values().stream().mapToLong(StreamTrigger::discarded).sum();
    }

    /** Conflicts recorded so far in this JVM (each once, in the region that found it). */
    public long detectedCount() {
        return detected.get();
    }

    /**
     * Every conflict record, newest first, read from each reachable region's Control table (a
     * record not yet replicated shows from the region holding it; a resolved copy beats a pending
     * one of the same conflict).
     */
    public List<ReplicationConflict> conflicts() {
        return conflicts(RECENT);
    }

    /** As {@link #conflicts()}, at most {@code limit} of them. */
    public List<ReplicationConflict> conflicts(int limit) {
        var byId = new LinkedHashMap<String, ReplicationConflict>();
        records.forEach((region, stored) -> {
            if (!reachable.test(region)) {
                return;
            }
            for (ReplicationConflict conflict : stored.recent(limit)) {
                byId.merge(conflict.id(), conflict,
                        (a, b) -> a.status() == ConflictStatus.RESOLVED ? a : b);
            }
        });
        return byId.values().stream()
                .sorted(Comparator.comparing(ReplicationConflict::detectedAt).reversed().thenComparing(ReplicationConflict::id))
                .limit(limit).toList();
    }

    @Override
    public List<StatusSnapshot.ConflictRecord> recent() {
        return conflicts().stream().map(c -> new StatusSnapshot.ConflictRecord(c.detectedAt().toString(),
                "Directory", c.pk() + " / " + c.sk(), describe(c.winner()), describe(c.loser()),
                c.kind() + ": " + (c.status() == ConflictStatus.RESOLVED ? c.resolution() : "pending at the leader")))
                .toList();
    }

    /** The JSON of {@code GET /_local/conflicts}: the count, and each record without secrets. */
    public Map<String, Object> describe() {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("detected", detectedCount());
        answer.put("undelivered", undelivered());
        answer.put("conflicts", conflicts(LISTED).stream().map(LocalConflicts::json).toList());
        return answer;
    }

    /** One record as JSON, without secrets (the images are already redacted). */
    public static Map<String, Object> json(ReplicationConflict conflict) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", conflict.id());
        json.put("kind", conflict.kind().name());
        json.put("pk", conflict.pk());
        json.put("sk", conflict.sk());
        json.put("detectedIn", conflict.detectedIn());
        json.put("detectedAt", conflict.detectedAt().toString());
        json.put("status", conflict.status().name());
        json.put("resolution", conflict.resolution());
        json.put("winner", json(conflict.winner()));
        json.put("loser", json(conflict.loser()));
        return json;
    }

    private static Map<String, Object> json(ItemImage image) {
        var json = new LinkedHashMap<String, Object>();
        json.put("writerRegion", image.writerRegion());
        json.put("epoch", image.epoch());
        json.put("version", image.version());
        image.claimedSub().ifPresent(sub -> json.put("sub", sub));
        json.put("attributes", image.shown());
        return json;
    }

    private static String describe(ItemImage image) {
        return image.writerRegion() + " (epoch " + image.epoch() + ", v" + image.version()
                + image.claimedSub().map(sub -> ", sub " + sub).orElse("") + ")";
    }
}
