package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbHeartbeats;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.Heartbeat;
import io.cognate.domain.failover.LeaderState;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leader transitions and heartbeats in the Control table, on DynamoDB Local through the real SDK client. */
class LeaderTransitionsWireTest {
    private static LocalDynamoDb db;

    @BeforeAll
    static void start() {
        db = LocalDynamoDb.start("eu-west-1");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static TableNames freshTables() {
        TableNames names = TableNames.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8));
        new CognateTables(names).createIfMissing(db.client());
        return names;
    }

    @Test
    void promotionRaisesTheEpochOnceWhenInvocationsRace() throws Exception {
        TableNames tables = freshTables();
        var leaders = new DynamoDbLeaderRecords(db.client(), tables.control(), Clock.systemUTC());
        leaders.initialise(new LeaderRecord("us-east-1", 1));
        LeaderState before = leaders.state().orElseThrow();
        assertThat(before.flipPending()).isFalse();
        assertThat(before.announcementPending()).isFalse();

        Instant firstFailure = Instant.parse("2026-11-24T12:00:00Z");
        List<Callable<Optional<LeaderState>>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(() -> leaders.promote(before, "eu-west-1", "us-east-1 failed 3 probes", Instant.now(),
                    Optional.of(firstFailure)));
        }
        List<Optional<LeaderState>> outcomes = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (Future<Optional<LeaderState>> outcome : pool.invokeAll(racers)) {
                outcomes.add(outcome.get());
            }
        }
        assertThat(outcomes.stream().filter(Optional::isPresent).count()).isEqualTo(1);
        LeaderState after = leaders.state().orElseThrow();
        assertThat(after.activeRegion()).isEqualTo("eu-west-1");
        assertThat(after.epoch()).isEqualTo(2);
        assertThat(after.previousRegion()).isEqualTo("us-east-1");
        assertThat(after.firstFailureAt()).contains(firstFailure);
        assertThat(after.flipPending()).isTrue();
        assertThat(after.announcementPending()).isTrue();
        assertThat(leaders.current()).contains(new LeaderRecord("eu-west-1", 2));

        leaders.markFlipped(1); // a stale epoch changes nothing
        assertThat(leaders.state().orElseThrow().flipPending()).isTrue();
        leaders.markFlipped(2);
        leaders.markAnnounced(2);
        assertThat(leaders.state().orElseThrow().flipPending()).isFalse();
        assertThat(leaders.state().orElseThrow().announcementPending()).isFalse();
    }

    @Test
    void aFenceStopsWritesUntilTheTargetIsPromoted() {
        TableNames tables = freshTables();
        var leaders = new DynamoDbLeaderRecords(db.client(), tables.control(), Clock.systemUTC());
        var east = new DynamoDbUserDirectory(db.client(), tables.directory(), tables.control(), "us-east-1");
        var west = new DynamoDbUserDirectory(db.client(), tables.directory(), tables.control(), "eu-west-1");
        LeaderRecord first = leaders.initialise(new LeaderRecord("us-east-1", 1));
        east.putClient(client("a"), first);

        LeaderState fenced = leaders.fence(leaders.state().orElseThrow(), "eu-west-1", Instant.now()).orElseThrow();
        assertThat(fenced.fenced()).isTrue();
        assertThat(fenced.roleOf("us-east-1")).isEqualTo("fenced");
        assertThat(leaders.state().orElseThrow().handoverTo()).contains("eu-west-1");
        assertThat(leaders.fence(leaders.state().orElseThrow(), "eu-west-1", Instant.now()))
                .as("fencing a fenced record is refused: it no longer names a leader").isEmpty();
        LeaderState twiceFenced = leaders.state().orElseThrow();
        assertThatThrownBy(() -> east.putClient(client("b"), first)).isInstanceOf(UserDirectory.FencedOut.class);
        assertThatThrownBy(() -> east.putClient(client("b"), twiceFenced.record())).isInstanceOf(UserDirectory.FencedOut.class);

        LeaderState promoted = leaders.promote(twiceFenced, "eu-west-1", "planned switchover", Instant.now(), Optional.empty())
                .orElseThrow();
        assertThat(promoted.previousRegion()).isEqualTo("us-east-1");
        assertThat(leaders.state().orElseThrow().handoverTo()).isEmpty();
        west.putClient(client("c"), promoted.record());
        assertThat(west.findClient("c")).isPresent();
        assertThat(leaders.promote(twiceFenced, "us-east-1", "stale", Instant.now(), Optional.empty())).isEmpty();
    }

    @Test
    void heartbeatsRoundTrip() {
        TableNames tables = freshTables();
        var heartbeats = new DynamoDbHeartbeats(db.client(), tables.control());
        assertThat(heartbeats.of("eu-west-1")).isEmpty();
        Instant at = Instant.parse("2026-11-24T12:00:10.123Z");
        var beat = new Heartbeat("eu-west-1", at, "secondary", 3, true, "us-east-1", 2, Optional.of(at.minusSeconds(10)));
        heartbeats.beat(beat);
        assertThat(heartbeats.of("eu-west-1")).contains(beat);
        var recovered = new Heartbeat("eu-west-1", at.plusSeconds(10), "secondary", 3, true, "us-east-1", 0, Optional.empty());
        heartbeats.beat(recovered);
        assertThat(heartbeats.of("eu-west-1")).contains(recovered);
    }

    private static AppClient client(String id) {
        return new AppClient(id, id, Set.of(), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1));
    }
}
