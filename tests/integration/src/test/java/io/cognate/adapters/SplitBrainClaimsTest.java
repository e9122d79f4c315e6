package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.StrongClaims;
import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.domain.failover.LeaderState;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two regions split by a partition, both believing they lead, take the same sign-ups at the same
 * moment. Each region has its own table set and nothing replicates between them (the partition);
 * in strong mode both also reach the one Claims table, the local stand-in for the MRSC table
 * ({@link StrongConsistencyTable}: one serialized copy).
 *
 * <p>Outcome in each mode, as the tests hold it:
 * <ul>
 *   <li>EVENTUAL: both regions acknowledge the same username, two owners; the conflict is left for
 *       detection after the partition heals (the epoch and writer region on each item).</li>
 *   <li>STRONG: exactly one region wins each username, the other answers UsernameExists; 0 conflicts.
 *       The leader record cannot be raised by two regions at once, and a region that lost the lead
 *       is fenced on its next read, before any replication reaches it.</li>
 * </ul>
 */
class SplitBrainClaimsTest {
    private static final String A = "us-east-1";
    private static final String B = "eu-west-1";
    private static final int NAMES = 24;
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private TableNames tablesA;
    private TableNames tablesB;
    private StrongConsistencyTable claims;

    @BeforeEach
    void partitionedRegions() {
        tablesA = ContractDynamoDb.freshTables();
        tablesB = ContractDynamoDb.freshTables();
        claims = StrongConsistencyTable.create(ContractDynamoDb.sdkClient(), "c" + UUID.randomUUID().toString().substring(0, 8) + "-claims");
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void eventualModeTwoLeadersBothAcknowledgeTheSameUsername() throws Exception {
        var directoryA = directory(tablesA, A, StrongClaims.none());
        var directoryB = directory(tablesB, B, StrongClaims.none());
        LeaderRecord fenceA = leadsAlone(tablesA, new LeaderRecord(A, 1));
        LeaderRecord fenceB = leadsAlone(tablesB, new LeaderRecord(B, 2));

        Outcome outcome = signUpsRacing(directoryA, fenceA, directoryB, fenceB);

        // The limit strong mode removes: every name acknowledged twice, once per region.
        assertThat(outcome.acknowledgedA).isEqualTo(NAMES);
        assertThat(outcome.acknowledgedB).isEqualTo(NAMES);
        assertThat(outcome.conflicts(directoryA, directoryB)).isEqualTo(NAMES);
    }

    @Test
    void strongModeTwoLeadersExactlyOneWinsEachUsername() throws Exception {
        var directoryA = directory(tablesA, A, strongClaims(A, Clock.systemUTC()));
        var directoryB = directory(tablesB, B, strongClaims(B, Clock.systemUTC()));
        // Each region's Control copy names itself: the window in which a region that just lost the
        // lead still commits against its own stale copy.
        LeaderRecord fenceA = leadsAlone(tablesA, new LeaderRecord(A, 1));
        LeaderRecord fenceB = leadsAlone(tablesB, new LeaderRecord(B, 2));

        Outcome outcome = signUpsRacing(directoryA, fenceA, directoryB, fenceB);

        assertThat(outcome.acknowledgedA + outcome.acknowledgedB).isEqualTo(NAMES);
        assertThat(outcome.taken).isEqualTo(NAMES);
        assertThat(outcome.conflicts(directoryA, directoryB)).isZero();
        // The claim names the winner, whichever region it was.
        var view = strongClaims(A, Clock.systemUTC());
        for (int i = 0; i < NAMES; i++) {
            String name = name(i);
            Optional<User> winner = directoryA.findByUsername(Username.of(name))
                    .or(() -> directoryB.findByUsername(Username.of(name)));
            assertThat(view.owner(Username.of(name).key())).contains(winner.orElseThrow().sub());
        }
    }

    @Test
    void strongModeTheLeaderRecordCannotBeRaisedByTwoRegionsAtOnce() throws Exception {
        var leadersA = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tablesA.control(), claims.name(), Clock.systemUTC());
        var leadersB = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tablesB.control(), claims.name(), Clock.systemUTC());
        leadersA.initialise(new LeaderRecord(A, 1));
        LeaderState read = leadersB.state().orElseThrow();
        assertThat(leadersA.state()).contains(read);

        // Both regions decide to take over from the record they read, at the same moment.
        var latch = new CountDownLatch(1);
        Future<Optional<LeaderState>> raisedA = threads.submit(() -> {
            latch.await();
            return leadersA.promote(read, A, "probe failures", NOW, Optional.empty());
        });
        Future<Optional<LeaderState>> raisedB = threads.submit(() -> {
            latch.await();
            return leadersB.promote(read, B, "probe failures", NOW, Optional.empty());
        });
        latch.countDown();

        List<Optional<LeaderState>> results = List.of(raisedA.get(), raisedB.get());
        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        LeaderState winner = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
        // Both regions read the one winner at epoch 2, whatever their Control copies say.
        assertThat(leadersA.current()).contains(new LeaderRecord(winner.activeRegion(), 2));
        assertThat(leadersB.current()).contains(new LeaderRecord(winner.activeRegion(), 2));
    }

    @Test
    void eventualModeTwoPartitionedRegionsBothRaiseTheirCopy() {
        var leadersA = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tablesA.control(), Clock.systemUTC());
        var leadersB = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tablesB.control(), Clock.systemUTC());
        leadersA.initialise(new LeaderRecord(A, 1));
        leadersB.initialise(new LeaderRecord(A, 1));
        LeaderState read = leadersA.state().orElseThrow();

        // The double leader that conflict detection after heal has to resolve (the higher epoch wins).
        assertThat(leadersA.promote(read, A, "kept leading", NOW, Optional.empty())).isPresent();
        assertThat(leadersB.promote(read, B, "probe failures", NOW, Optional.empty())).isPresent();
    }

    @Test
    void strongModeARegionThatLostTheLeadIsFencedOnItsNextRead() {
        var leadersA = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tablesA.control(), claims.name(), Clock.systemUTC());
        var leadersB = DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tablesB.control(), claims.name(), Clock.systemUTC());
        LeaderRecord fenceA = leadersA.initialise(new LeaderRecord(A, 1));
        var directoryA = directory(tablesA, A, strongClaims(A, Clock.systemUTC()));
        directoryA.create(user("sub-before", "before"), fenceA);

        leadersB.promote(leadersB.state().orElseThrow(), B, "probe failures", NOW, Optional.empty()).orElseThrow();

        // Nothing replicates to A (the partition), yet its next write is refused...
        var fence = new WriteFence(A, leadersA);
        assertThatThrownBy(() -> fence.run(leader -> {
            directoryA.create(user("sub-after", "after"), leader);
            return null;
        })).isInstanceOf(CognitoException.class);
        // ...and so is a write already holding the old fence: the read updated A's Control copy.
        assertThatThrownBy(() -> directoryA.create(user("sub-late", "late"), fenceA))
                .isInstanceOf(UserDirectory.FencedOut.class);
        assertThat(directoryA.findByUsername(Username.of("after"))).isEmpty();
        assertThat(directoryA.findByUsername(Username.of("late"))).isEmpty();
        // And the fenced write left no claim behind: B can sign the name up.
        var directoryB = directory(tablesB, B, strongClaims(B, Clock.systemUTC()));
        directoryB.create(user("sub-late-b", "late"), leadersB.current().orElseThrow());
        assertThat(directoryB.findByUsername(Username.of("late"))).map(User::sub).contains("sub-late-b");
    }

    @Test
    void aClaimLeftByADeadRequestIsTakenOverOnlyWhenOldAndOwnerless() {
        // A request that claimed and died before its Directory transaction: a claim, no user.
        strongClaims(A, Clock.fixed(NOW.minus(Duration.ofMinutes(20)), ZoneOffset.UTC))
                .claim(Username.of("orphan").key(), "sub-dead", sub -> false);
        strongClaims(A, Clock.fixed(NOW.minus(Duration.ofMinutes(1)), ZoneOffset.UTC))
                .claim(Username.of("young").key(), "sub-dying", sub -> false);
        LeaderRecord fenceB = leadsAlone(tablesB, new LeaderRecord(B, 2));
        var directoryB = directory(tablesB, B, strongClaims(B, Clock.fixed(NOW, ZoneOffset.UTC)));

        directoryB.create(user("sub-new", "orphan"), fenceB);
        assertThat(directoryB.findByUsername(Username.of("orphan"))).map(User::sub).contains("sub-new");
        // A claim younger than any request can run may still be committing: it holds.
        assertThatThrownBy(() -> directoryB.create(user("sub-new-2", "young"), fenceB))
                .isInstanceOf(UserDirectory.UsernameTaken.class);
    }

    @Test
    void aClaimWhoseUserExistsIsNeverTakenOver() {
        LeaderRecord fenceA = leadsAlone(tablesA, new LeaderRecord(A, 1));
        var old = Clock.fixed(NOW.minus(Duration.ofDays(30)), ZoneOffset.UTC);
        var directoryA = directory(tablesA, A, strongClaims(A, old));
        directoryA.create(user("sub-owner", "owner"), fenceA);
        // B is partitioned from A's Directory, but sees the user once replicated: model that with A's Directory.
        LeaderRecord fenceB = leadsAlone(tablesB, new LeaderRecord(B, 2));
        var directoryB = new DynamoDbUserDirectory(ContractDynamoDb.client(), tablesB.directory(), tablesB.control(), B,
                StrongClaims.in(ContractDynamoDb.client(), claims.name(), B, Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThatThrownBy(() -> directoryB.create(user("sub-thief", "owner"), fenceB))
                .isInstanceOf(UserDirectory.UsernameTaken.class);
        assertThat(strongClaims(A, old).owner(Username.of("owner").key())).contains("sub-owner");
    }

    @Test
    void deletingAUserReleasesItsClaim() {
        LeaderRecord fenceA = leadsAlone(tablesA, new LeaderRecord(A, 1));
        var directoryA = directory(tablesA, A, strongClaims(A, Clock.systemUTC()));
        User first = user("sub-first", "reused");
        directoryA.create(first, fenceA);
        directoryA.delete(directoryA.findBySub("sub-first").orElseThrow(), fenceA);

        directoryA.create(user("sub-second", "reused"), fenceA);
        assertThat(strongClaims(A, Clock.systemUTC()).owner(Username.of("reused").key())).contains("sub-second");
    }

    private record Outcome(int acknowledgedA, int acknowledgedB, int taken) {
        /** Names with an owner in both regions' Directories: what the partition heals into. */
        int conflicts(UserDirectory a, UserDirectory b) {
            int both = 0;
            for (int i = 0; i < NAMES; i++) {
                if (a.findByUsername(Username.of(name(i))).isPresent() && b.findByUsername(Username.of(name(i))).isPresent()) {
                    both++;
                }
            }
            return both;
        }
    }

    /** For each name, one sign-up at A and one at B released at the same instant. */
    private Outcome signUpsRacing(UserDirectory a, LeaderRecord fenceA, UserDirectory b, LeaderRecord fenceB)
            throws Exception {
        int acknowledgedA = 0;
        int acknowledgedB = 0;
        int taken = 0;
        for (int i = 0; i < NAMES; i++) {
            String name = name(i);
            var latch = new CountDownLatch(1);
            List<Future<Boolean>> racing = new ArrayList<>();
            racing.add(threads.submit(signUp(latch, a, user("sub-a-" + i, name), fenceA)));
            racing.add(threads.submit(signUp(latch, b, user("sub-b-" + i, name), fenceB)));
            latch.countDown();
            boolean wonA = racing.get(0).get();
            boolean wonB = racing.get(1).get();
            acknowledgedA += wonA ? 1 : 0;
            acknowledgedB += wonB ? 1 : 0;
            taken += (wonA ? 0 : 1) + (wonB ? 0 : 1);
        }
        return new Outcome(acknowledgedA, acknowledgedB, taken);
    }

    private static Callable<Boolean> signUp(CountDownLatch latch, UserDirectory directory, User user, LeaderRecord fence) {
        return () -> {
            latch.await();
            try {
                directory.create(user, fence);
                return true;
            } catch (UserDirectory.UsernameTaken taken) {
                return false;
            }
        };
    }

    private StrongClaims strongClaims(String region, Clock clock) {
        return StrongClaims.in(ContractDynamoDb.client(), claims.name(), region, clock);
    }

    private static DynamoDbUserDirectory directory(TableNames tables, String region, StrongClaims strongClaims) {
        return new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), region, strongClaims);
    }

    /** This region's Control copy names {@code leader}, whatever any other region's says. */
    private static LeaderRecord leadsAlone(TableNames tables, LeaderRecord leader) {
        return new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC()).initialise(leader);
    }

    private static String name(int i) {
        return "racer" + i;
    }

    private static User user(String sub, String username) {
        return new User(sub, Username.of(username), UserStatus.UNCONFIRMED, true,
                Map.of("email", username + "@example.com"), "hash-of-" + sub, Optional.empty(), NOW, NOW);
    }
}
