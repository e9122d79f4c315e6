package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.config.CognateConfig;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.conflicts.ConflictKind;
import io.cognate.domain.conflicts.ConflictStatus;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.domain.conflicts.SecretAttributes;
import io.cognate.health.HealthCheckResources;
import io.cognate.local.LocalCredentials;
import io.cognate.local.conflicts.LocalConflicts;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.GlobalTableReplicator;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.local.events.LocalEvent;
import io.cognate.local.events.LocalEventBridge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes accepted in two regions during a partition, each by a region that believed it led: the
 * old leader (its copy of the leader record never heard of the promotion) and the promoted one.
 * Replication alone (last writer wins) would silently keep whichever was written last; after the
 * heal the replicas' conflict detection must find each lost write, keep it in a conflict record
 * (without secrets), resolve by the fence (the higher epoch wins; a username gets one owner and
 * the other account is disabled and renamed), and count and publish it once.
 *
 * <p>A stack of its own (two DynamoDB Locals, the replicator, EventBridge): the shared stack's
 * replication cannot be split while other suites use it. Writes go through the Directory adapter
 * every API operation writes through, with the real SDK against DynamoDB Local.
 */
class ReplicationConflictScenarioTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final Duration HEAL = Duration.ofSeconds(30);

    private static LocalDynamoDb east;
    private static LocalDynamoDb west;
    private static TableNames tables;
    private static GlobalTableReplicator replication;
    private static LocalConflicts conflicts;
    private static LocalEventBridge bridge;
    private static final List<String> metrics = new CopyOnWriteArrayList<>();
    private static HealthCheckResources eastFunction;
    private static HealthCheckResources westFunction;

    @BeforeAll
    static void startTwoRegions() {
        east = LocalDynamoDb.start(EAST);
        west = LocalDynamoDb.start(WEST);
        tables = TableNames.withPrefix("conflicts");
        new CognateTables(tables).createIfMissing(east.client());
        new CognateTables(tables).createIfMissing(west.client());
        bridge = new LocalEventBridge(0).start();
        LocalCredentials.install();
        // Each region's replicated-writes function, wired from its environment as on Lambda.
        eastFunction = function(EAST, east);
        westFunction = function(WEST, west);
        conflicts = new LocalConflicts(List.of(
                new LocalConflicts.Region(EAST, east.client(), eastFunction),
                new LocalConflicts.Region(WEST, west.client(), westFunction)),
                tables, region -> true);
        replication = GlobalTableReplicator.builder().tables(tables.global()).region(east).region(west)
                .pollInterval(Duration.ofMillis(20)).onReplicatedWrite(conflicts).start();
        leaders(EAST).initialise(new LeaderRecord(EAST, 1));
        heal();
    }

    @AfterAll
    static void stop() {
        replication.close();
        eastFunction.close();
        westFunction.close();
        bridge.close();
        east.close();
        west.close();
    }

    private static HealthCheckResources function(String region, LocalDynamoDb dynamo) {
        var env = new java.util.HashMap<String, String>();
        env.put(CognateConfig.REGION, region);
        env.put(CognateConfig.USER_POOL_ID, region + "_conflicts");
        env.put(CognateConfig.ISSUER, "https://auth.example.com");
        env.put(CognateConfig.DIRECTORY_TABLE, tables.directory());
        env.put(CognateConfig.SESSIONS_TABLE, tables.sessions());
        env.put(CognateConfig.CONTROL_TABLE, tables.control());
        env.put(CognateConfig.SIGNING_KEY_ID, "not-used-by-this-function");
        env.put(CognateConfig.EVENT_BUS_NAME, "default");
        env.put(CognateConfig.DYNAMODB_ENDPOINT, dynamo.endpoint().toString());
        env.put(CognateConfig.EVENTBRIDGE_ENDPOINT, bridge.endpoint().toString());
        var config = CognateConfig.from(env);
        return new HealthCheckResources(config, AwsClients.create(config), Clock.systemUTC(), metricsOf(region));
    }

    private static EmfAuthEvents metricsOf(String region) {
        return EmfAuthEvents.serialisingTo(metrics::addAll, "Cognate", "cognate-test", region);
    }

    @Test
    void aStaleLeadersLaterWriteDoesNotOverwriteThePromotedLeadersAcknowledgedOne() {
        User user = createAndReplicate("dana");
        Split split = partition();
        // The promoted leader acknowledges a change first; the old leader, not knowing, another after it.
        // Each is read from its stream before the next is made, so replication orders them as made
        // whichever region is the stale one.
        awaitAllQueued(split.promoted(), split.stale());
        User promoted = written(split.promoted(), split.stale(), () -> directory(split.promoted()).update(
                read(split.promoted(), user).withAttributes(Map.of("name", "written at the promoted leader"), Instant.now()),
                split.promotedFence()));
        written(split.stale(), split.promoted(), () -> directory(split.stale()).update(read(split.stale(), user)
                .withAttributes(Map.of("name", "written at the stale leader"), Instant.now()), split.staleFence()));
        long eventsBefore = conflictEvents();
        long detectedBefore = conflicts.detectedCount();

        heal();
        await(() -> attribute(EAST, user) .equals("written at the promoted leader")
                && attribute(WEST, user).equals("written at the promoted leader"));

        ReplicationConflict conflict = conflictOn("USER#" + user.sub());
        assertThat(conflict.kind()).isEqualTo(ConflictKind.STALE_LEADER_WRITE);
        assertThat(conflict.winner().writerRegion()).isEqualTo(split.promoted());
        assertThat(conflict.loser().writerRegion()).isEqualTo(split.stale());
        assertThat(conflict.loser().shown().get("attributes")).contains("written at the stale leader");
        assertThat(conflict.loser().shown().get("passwordHash")).isEqualTo(SecretAttributes.REDACTED);
        assertThat(conflict.status()).isEqualTo(ConflictStatus.RESOLVED);
        // The kept copy is written above both, so every region holds it and nothing flips back.
        assertThat(read(EAST, user).version()).isGreaterThan(promoted.version());
        assertThat(conflicts.detectedCount()).isEqualTo(detectedBefore + 1);
        await(() -> conflictEvents() == eventsBefore + 1);
        assertThat(metrics).anyMatch(document -> document.contains("\"ReplicationConflict\"")
                && document.contains("STALE_LEADER_WRITE"));
    }

    @Test
    void oneUsernameSignedUpInBothRegionsDuringASplitGetsOneOwnerAndTheOtherAccountIsKeptDisabled() {
        String name = "sam-" + UUID.randomUUID().toString().substring(0, 8);
        Split split = partition();
        // The stale leader's sign-up first, the promoted one's after it: replication keeps the
        // later claim, found by the stale region (no longer the leader), resolved by the leader.
        awaitAllQueued(split.promoted(), split.stale());
        User early = newUser(name);
        written(split.stale(), split.promoted(), () -> {
            directory(split.stale()).create(early, split.staleFence());
            return null;
        });
        User late = newUser(name);
        written(split.promoted(), split.stale(), () -> {
            directory(split.promoted()).create(late, split.promotedFence());
            return null;
        });

        heal();
        await(() -> read(EAST, early).username().value().startsWith(name + "#conflict-")
                && read(WEST, early).username().value().startsWith(name + "#conflict-"));

        for (String region : List.of(EAST, WEST)) {
            assertThat(directory(region).findByUsername(Username.of(name)).orElseThrow().sub()).isEqualTo(late.sub());
            User setAside = read(region, early);
            assertThat(setAside.enabled()).isFalse();
            assertThat(setAside.username().value()).isEqualTo(name + "#conflict-" + early.sub());
            assertThat(directory(region).findByUsername(setAside.username()).orElseThrow().sub()).isEqualTo(early.sub());
        }
        ReplicationConflict conflict = conflictOn("USERNAME#" + name);
        assertThat(conflict.kind()).isEqualTo(ConflictKind.USERNAME_CLAIM);
        assertThat(conflict.winner().claimedSub()).contains(late.sub());
        assertThat(conflict.loser().claimedSub()).contains(early.sub());
        assertThat(conflict.resolution()).contains("disabled").contains(name + "#conflict-" + early.sub());
    }

    @Test
    void aPasswordChangedInBothRegionsKeepsTheHigherEpochsAndRecordsTheOtherWithoutItsHash() {
        User user = createAndReplicate("pat");
        Split split = partition();
        String staleHash = "$argon2id$v=19$m=19456,t=2,p=1$c3RhbGVzYWx0$" + UUID.randomUUID();
        String promotedHash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$" + UUID.randomUUID();
        directory(split.stale()).update(read(split.stale(), user).withPassword(staleHash, "", Instant.now()),
                split.staleFence());
        directory(split.promoted()).update(read(split.promoted(), user).withPassword(promotedHash, "", Instant.now()),
                split.promotedFence());

        heal();
        await(() -> read(EAST, user).passwordHash().equals(promotedHash) && read(WEST, user).passwordHash().equals(promotedHash));
        ReplicationConflict conflict = conflictOn("USER#" + user.sub());
        assertThat(conflict.winner().writerRegion()).isEqualTo(split.promoted());
        assertThat(conflict.loser().writerRegion()).isEqualTo(split.stale());
        for (LocalDynamoDb db : List.of(east, west)) {
            String stored = db.client().scan(b -> b.tableName(tables.control())).items().toString();
            assertThat(stored).doesNotContain(staleHash).doesNotContain(promotedHash);
        }
    }

    /**
     * The fork that versions alone cannot see: the promoted leader writes the user twice (versions
     * 2 and 3 from the version 1 both sides held), the old leader once (its own version 2) before
     * the promoted leader's second write, so the promoted copy is the later one and replication
     * keeps it everywhere. At the old leader it arrives at a higher epoch and a higher version,
     * which reads as written on top of the old leader's version 2; only the version the promoted
     * line started from (1) tells that it was not.
     */
    @Test
    void thePromotedLeaderWritingTwiceAroundTheStaleLeadersPasswordChangeDoesNotLoseItSilently() {
        User user = createAndReplicate("kim");
        Split split = partition();
        awaitAllQueued(split.promoted(), split.stale()); // the promotion's own writes, read first
        String staleHash = "$argon2id$v=19$m=19456,t=2,p=1$c3RhbGVzYWx0$" + UUID.randomUUID();
        // Each write is read from its stream (queued for the other region) before the next is
        // made, so replication stamps, and orders, them as they were made.
        User first = written(split.promoted(), split.stale(), () -> directory(split.promoted()).update(
                read(split.promoted(), user).withAttributes(Map.of("name", "first at the promoted leader"), Instant.now()),
                split.promotedFence()));
        written(split.stale(), split.promoted(), () -> directory(split.stale()).update(
                read(split.stale(), user).withPassword(staleHash, "", Instant.now()), split.staleFence()));
        User second = directory(split.promoted()).update(read(split.promoted(), first)
                .withAttributes(Map.of("name", "second at the promoted leader"), Instant.now()), split.promotedFence());
        long detectedBefore = conflicts.detectedCount();

        heal();
        await(() -> attribute(EAST, user).equals("second at the promoted leader")
                && attribute(WEST, user).equals("second at the promoted leader"));

        // The acknowledged password change is gone from both regions (the higher epoch's copy
        // stands), so it must be held by a conflict record.
        assertThat(read(split.stale(), user).passwordHash()).isNotEqualTo(staleHash);
        ReplicationConflict conflict = conflictOn("USER#" + user.sub());
        assertThat(conflict.kind()).isEqualTo(ConflictKind.STALE_LEADER_WRITE);
        assertThat(conflict.winner().writerRegion()).isEqualTo(split.promoted());
        assertThat(conflict.winner().version()).isEqualTo(second.version());
        assertThat(conflict.loser().writerRegion()).isEqualTo(split.stale());
        assertThat(conflict.loser().version()).isEqualTo(user.version() + 1);
        assertThat(conflict.loser().shown().get("passwordHash")).isEqualTo(SecretAttributes.REDACTED);
        assertThat(conflicts.detectedCount()).isEqualTo(detectedBefore + 1);
    }

    /**
     * The old leader deletes a user the promoted leader changes afterwards. A delete left no writer
     * to compare, so replication simply let the later change through: no record, and the delete's
     * removal of the username claim left a profile no sign-in could find by name. The deleted
     * profile's tombstone carries the fence's stamps: the promoted leader's change (the higher
     * epoch) stands, the user keeps its name in every region, and the delete is recorded.
     */
    @Test
    void aUserDeletedByTheStaleLeaderAndChangedByThePromotedOneStaysWithItsChange() {
        User user = createAndReplicate("ida");
        Split split = partition();
        awaitAllQueued(split.promoted(), split.stale()); // the promotion's own writes, read first
        // Each write is read from its stream before the heal: replication orders them as made.
        written(split.stale(), split.promoted(), () -> {
            directory(split.stale()).delete(read(split.stale(), user), split.staleFence());
            return null;
        });
        assertThat(directory(split.stale()).findBySub(user.sub())).isEmpty();
        User changed = written(split.promoted(), split.stale(), () -> directory(split.promoted()).update(
                read(split.promoted(), user).withAttributes(Map.of("name", "changed at the promoted leader"), Instant.now()),
                split.promotedFence()));

        heal();
        ReplicationConflict conflict = conflictOn("USER#" + user.sub());
        await(() -> directory(EAST).findByUsername(user.username()).isPresent()
                && directory(WEST).findByUsername(user.username()).isPresent());

        for (String region : List.of(EAST, WEST)) {
            assertThat(attribute(region, user)).isEqualTo("changed at the promoted leader");
            assertThat(directory(region).findByUsername(user.username()).orElseThrow().sub()).isEqualTo(user.sub());
        }
        assertThat(conflict.kind()).isEqualTo(ConflictKind.DELETE_AGAINST_CHANGE);
        assertThat(conflict.winner().writerRegion()).isEqualTo(split.promoted());
        assertThat(conflict.winner().version()).isGreaterThanOrEqualTo(changed.version());
        assertThat(conflict.loser().writerRegion()).isEqualTo(split.stale());
        assertThat(conflict.loser().isTombstone()).isTrue();
        heal(); // the resolution's own writes replicated before the next split
    }

    /**
     * The reverse: the promoted leader deletes a user whose password the old leader changes
     * afterwards. Replication would have kept the later change (a resurrected user the
     * administrator deleted); the delete, of the higher epoch, stands in every region and the
     * change is kept in the record without its hash.
     */
    @Test
    void aUserDeletedByThePromotedLeaderAndChangedByTheStaleOneStaysDeleted() {
        User user = createAndReplicate("max");
        Split split = partition();
        awaitAllQueued(split.promoted(), split.stale());
        written(split.promoted(), split.stale(), () -> {
            directory(split.promoted()).delete(read(split.promoted(), user), split.promotedFence());
            return null;
        });
        String staleHash = "$argon2id$v=19$m=19456,t=2,p=1$c3RhbGVzYWx0$" + UUID.randomUUID();
        written(split.stale(), split.promoted(), () -> directory(split.stale()).update(
                read(split.stale(), user).withPassword(staleHash, "", Instant.now()), split.staleFence()));

        heal();
        ReplicationConflict conflict = conflictOn("USER#" + user.sub());
        await(() -> directory(EAST).findBySub(user.sub()).isEmpty() && directory(WEST).findBySub(user.sub()).isEmpty());

        for (String region : List.of(EAST, WEST)) {
            assertThat(directory(region).findByUsername(user.username())).isEmpty();
            assertThat(directory(region).listUsers(Optional.empty(), 60, Optional.empty()).users())
                    .noneMatch(listed -> listed.sub().equals(user.sub()));
        }
        assertThat(conflict.kind()).isEqualTo(ConflictKind.DELETE_AGAINST_CHANGE);
        assertThat(conflict.winner().writerRegion()).isEqualTo(split.promoted());
        assertThat(conflict.winner().isTombstone()).isTrue();
        assertThat(conflict.loser().writerRegion()).isEqualTo(split.stale());
        assertThat(conflict.loser().shown().get("passwordHash")).isEqualTo(SecretAttributes.REDACTED);
        for (LocalDynamoDb db : List.of(east, west)) {
            assertThat(db.client().scan(b -> b.tableName(tables.control())).items().toString()).doesNotContain(staleHash);
        }
        heal(); // the resolution's own writes replicated before the next split
    }

    @Test
    void theSameReplicatedWriteProcessedTwiceYieldsOneConflict() {
        String pk = "USER#" + UUID.randomUUID();
        Map<String, AttributeValue> held = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("PROFILE"),
                "version", AttributeValue.fromN("3"), "epoch", AttributeValue.fromN("7"),
                "writerRegion", AttributeValue.fromS(WEST), "passwordHash", AttributeValue.fromS("held-hash"));
        Map<String, AttributeValue> incoming = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("PROFILE"),
                "version", AttributeValue.fromN("3"), "epoch", AttributeValue.fromN("6"),
                "writerRegion", AttributeValue.fromS(EAST), "passwordHash", AttributeValue.fromS("incoming-hash"));
        long before = conflicts.detectedCount();

        conflicts.applied(WEST, tables.directory(), held, incoming);
        conflicts.applied(WEST, tables.directory(), held, incoming);

        assertThat(conflicts.detectedCount()).isEqualTo(before + 1);
        assertThat(conflicts.conflicts()).filteredOn(c -> c.pk().equals(pk)).hasSize(1);
    }

    @Test
    void writesOfOneLeaderReplicatingInOrderAreNoConflict() {
        long before = conflicts.detectedCount();
        User user = createAndReplicate("lee");
        LeaderRecord fence = leaders(leaderRegion()).current().orElseThrow();
        User read = read(fence.activeRegion(), user);
        for (int i = 0; i < 3; i++) {
            read = directory(fence.activeRegion()).update(read.withAttributes(Map.of("n", "" + i), Instant.now()), fence);
        }
        heal();
        assertThat(conflicts.detectedCount()).isEqualTo(before);
    }

    // ---- the partition ----------------------------------------------------------------------

    /** Who led before the split (and still thinks so) and who was promoted meanwhile, with their fences. */
    private record Split(String stale, LeaderRecord staleFence, String promoted, LeaderRecord promotedFence) {
    }

    /**
     * Stops replication both ways, then promotes the other region in its own copy of the leader
     * record, as its health check would after losing sight of the leader; the old leader's copy
     * still names itself.
     */
    private static Split partition() {
        String stale = leaderRegion();
        String promoted = stale.equals(EAST) ? WEST : EAST;
        replication.pause();
        var transitions = leaders(promoted);
        transitions.promote(transitions.state().orElseThrow(), promoted, "partition", Instant.now(), Optional.empty())
                .orElseThrow();
        return new Split(stale, leaders(stale).current().orElseThrow(), promoted, leaders(promoted).current().orElseThrow());
    }

    private static void heal() {
        replication.resume();
        assertThat(replication.awaitReplicated(HEAL)).isTrue();
    }

    private static String leaderRegion() {
        LeaderRecord east = leaders(EAST).current().orElseThrow();
        LeaderRecord west = leaders(WEST).current().orElseThrow();
        return (east.epoch() >= west.epoch() ? east : west).activeRegion();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static DynamoDbLeaderRecords leaders(String region) {
        return new DynamoDbLeaderRecords(db(region).client(), tables.control(), Clock.systemUTC());
    }

    private static DynamoDbUserDirectory directory(String region) {
        return new DynamoDbUserDirectory(db(region).client(), tables.directory(), tables.control(), region);
    }

    private static LocalDynamoDb db(String region) {
        return region.equals(EAST) ? east : west;
    }

    private static User newUser(String name) {
        Instant now = Instant.now();
        return new User(UUID.randomUUID().toString(), Username.of(name), UserStatus.CONFIRMED, true,
                Map.of("email", name + "@example.com"), "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Optional.empty(),
                now, now);
    }

    private static User createAndReplicate(String prefix) {
        String region = leaderRegion();
        User user = newUser(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        directory(region).create(user, leaders(region).current().orElseThrow());
        heal();
        return read(region, user);
    }

    private static User read(String region, User user) {
        return directory(region).findBySub(user.sub()).orElseThrow();
    }

    private static String attribute(String region, User user) {
        return read(region, user).attribute("name").orElse("");
    }

    private static ReplicationConflict conflictOn(String pk) {
        await(() -> conflicts.conflicts().stream().anyMatch(c -> c.pk().equals(pk) && c.status() == ConflictStatus.RESOLVED));
        List<ReplicationConflict> found = conflicts.conflicts().stream().filter(c -> c.pk().equals(pk)).toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static long conflictEvents() {
        return bridge.events().stream().map(LocalEvent::detailType)
                .filter(EventBridgeFailoverEvents.REPLICATION_CONFLICT::equals).count();
    }

    /**
     * Makes {@code write} in {@code from} during a split and waits until the replicator has read it
     * from the stream (its change queued for {@code to}), so a write made after it is stamped later.
     */
    private static <T> T written(String from, String to, java.util.function.Supplier<T> write) {
        int queued = replication.stats(from, to).pending();
        T result = write.get();
        awaitQueued(from, to, queued + 1);
        return result;
    }

    /**
     * Waits until the writes already made in {@code from} are all read: at least one held for
     * {@code to}, and none more in 10 polls in a row (a split's queues are never idle, so the
     * replicator polls every 20 ms).
     */
    private static void awaitAllQueued(String from, String to) {
        awaitQueued(from, to, 1);
        int unchanged = 0;
        int pending = replication.stats(from, to).pending();
        while (unchanged < 10) {
            pause(20);
            int now = replication.stats(from, to).pending();
            unchanged = now == pending ? unchanged + 1 : 0;
            pending = now;
        }
    }

    /** Waits until at least {@code changes} writes made in {@code from} are read and held for {@code to}. */
    private static void awaitQueued(String from, String to, int changes) {
        long deadline = System.nanoTime() + HEAL.toNanos();
        while (replication.stats(from, to).pending() < changes) {
            assertThat(System.nanoTime()).as("the write read from its stream").isLessThan(deadline);
            pause(20); // the replicator polls every 20 ms
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for what replication and resolution make true; fails with the condition unmet, never on time taken alone. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + HEAL.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                assertThat(condition.getAsBoolean()).as("condition met after the heal").isTrue();
            }
            replication.awaitReplicated(HEAL);
            try {
                Thread.sleep(20); // resolution writes follow detection; let them be written and replicated
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
