package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.LeaderTransitions;
import io.cognate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link LeaderRecords} and {@link LeaderTransitions} does with one
 * region's copy of the leader record: the first record and its initialisation race, promotions
 * and fences conditional on the active region and epoch read, and the follow-up marks of a
 * promotion. A concrete subclass supplies a fresh, empty store for each test.
 */
public abstract class LeaderRecordsContract {
    protected static final String EAST = "us-east-1";
    protected static final String WEST = "eu-west-1";
    protected static final String SYDNEY = "ap-southeast-2";
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    /** A store with no leader record, whose {@link LeaderRecords#initialise} dates the record by {@code clock}. */
    protected abstract LeaderStore newLeaderStore(Clock clock);

    private final MutableClock clock = new MutableClock(START);
    private LeaderRecords records;
    private LeaderTransitions transitions;

    @BeforeEach
    void freshStore() {
        LeaderStore store = newLeaderStore(clock);
        records = store.records();
        transitions = store.transitions();
    }

    private LeaderState state() {
        return transitions.state().orElseThrow();
    }

    private LeaderState initialisedAtEast() {
        records.initialise(new LeaderRecord(EAST, 1));
        return state();
    }

    // ---- the first record ----------------------------------------------------------------------

    @Test
    void thereIsNoRecordUntilOneIsInitialised() {
        assertThat(records.current()).isEmpty();
        assertThat(transitions.state()).isEmpty();
    }

    @Test
    void theFirstRecordNamesItsLeaderWithNothingPending() {
        assertThat(records.initialise(new LeaderRecord(EAST, 1))).isEqualTo(new LeaderRecord(EAST, 1));

        assertThat(records.current()).contains(new LeaderRecord(EAST, 1));
        assertThat(state()).isEqualTo(new LeaderState(EAST, 1, "", "", START, Optional.empty(), Optional.empty(), 1, 1));
        assertThat(state().flipPending()).isFalse();
        assertThat(state().announcementPending()).isFalse();
    }

    @Test
    void aSecondInitialiseKeepsTheRecordInForceAndReturnsIt() {
        records.initialise(new LeaderRecord(EAST, 1));
        clock.advance(Duration.ofMinutes(1));

        assertThat(records.initialise(new LeaderRecord(WEST, 7))).isEqualTo(new LeaderRecord(EAST, 1));
        assertThat(records.current()).contains(new LeaderRecord(EAST, 1));
        assertThat(state().changedAt()).isEqualTo(START);
    }

    @Test
    void initialisesRacingEachOtherAllAnswerWithTheOneRecordThatWon() {
        List<Race.Outcome<LeaderRecord>> outcomes = Race.run(8,
                i -> () -> records.initialise(new LeaderRecord("region-" + i, i + 1)));

        LeaderRecord inForce = records.current().orElseThrow();
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value()).isEqualTo(inForce));
    }

    @Test
    void initialisingDoesNotChangeARecordThatTransitionsMovedOn() {
        LeaderState first = initialisedAtEast();
        transitions.promote(first, WEST, "east failed", START, Optional.empty()).orElseThrow();

        assertThat(records.initialise(new LeaderRecord(EAST, 1))).isEqualTo(new LeaderRecord(WEST, 2));
        assertThat(state().flipPending()).isTrue();
    }

    // ---- promotion -----------------------------------------------------------------------------

    @Test
    void aPromotionRaisesTheEpochOnceAndLeavesTheFlipAndTheAnnouncementPending() {
        LeaderState before = initialisedAtEast();
        Instant firstFailure = START.minusSeconds(30);
        Instant decided = START.plusSeconds(5);

        Optional<LeaderState> promoted = transitions.promote(before, WEST, "us-east-1 failed 3 probes", decided,
                Optional.of(firstFailure));

        LeaderState expected = new LeaderState(WEST, 2, EAST, "us-east-1 failed 3 probes", decided,
                Optional.of(firstFailure), Optional.empty(), 1, 1);
        assertThat(promoted).contains(expected);
        assertThat(state()).isEqualTo(expected);
        assertThat(state().flipPending()).isTrue();
        assertThat(state().announcementPending()).isTrue();
        assertThat(records.current()).contains(new LeaderRecord(WEST, 2));
    }

    @Test
    void aPromotionFromARecordThatMovedOnIsRefusedAndChangesNothing() {
        LeaderState before = initialisedAtEast();
        LeaderState promoted = transitions.promote(before, WEST, "first", START, Optional.empty()).orElseThrow();

        assertThat(transitions.promote(before, SYDNEY, "stale", START.plusSeconds(1), Optional.empty())).isEmpty();
        assertThat(state()).isEqualTo(promoted);
    }

    @Test
    void aPromotionExpectingAnotherLeaderAtTheSameEpochIsRefused() {
        LeaderState east = initialisedAtEast();
        LeaderState wrongLeader = new LeaderState(WEST, east.epoch(), "", "", START, Optional.empty(), Optional.empty(),
                east.epoch(), east.epoch());

        assertThat(transitions.promote(wrongLeader, SYDNEY, "wrong leader", START, Optional.empty())).isEmpty();
        assertThat(state()).isEqualTo(east);
    }

    @Test
    void aPromotionNeedsOnlyTheLeaderAndTheEpochItReadToBeUnchanged() {
        LeaderState east = initialisedAtEast();
        LeaderState west = transitions.promote(east, WEST, "east failed", START, Optional.empty()).orElseThrow();
        transitions.markFlipped(west.epoch());
        transitions.markAnnounced(west.epoch());
        assertThat(state()).isNotEqualTo(west);

        // The read still shows the flip and the announcement pending; only who leads at which epoch counts.
        assertThat(transitions.promote(west, EAST, "west failed", START.plusSeconds(60), Optional.empty()))
                .hasValueSatisfying(back -> assertThat(back.record()).isEqualTo(new LeaderRecord(EAST, 3)));
    }

    @Test
    void nothingIsPromotedWhereThereIsNoRecord() {
        LeaderState imagined = new LeaderState(EAST, 1, "", "", START, Optional.empty(), Optional.empty(), 1, 1);

        assertThat(transitions.promote(imagined, WEST, "no record", START, Optional.empty())).isEmpty();
        assertThat(transitions.state()).isEmpty();
        assertThat(records.current()).isEmpty();
    }

    @Test
    void aPromotionWithoutAFirstFailureClearsTheOneBefore() {
        LeaderState east = initialisedAtEast();
        LeaderState west = transitions.promote(east, WEST, "east failed", START, Optional.of(START.minusSeconds(20)))
                .orElseThrow();

        transitions.promote(west, EAST, "switched back by hand", START.plusSeconds(60), Optional.empty()).orElseThrow();

        assertThat(state().firstFailureAt()).isEmpty();
        assertThat(state().previousRegion()).isEqualTo(WEST);
    }

    @Test
    void promotionsRacingFromOneRecordRaiseTheEpochOnce() {
        LeaderState before = initialisedAtEast();
        List<String> regions = List.of(WEST, SYDNEY, "sa-east-1", "ca-central-1", "eu-central-1", "ap-northeast-1",
                "us-west-2", "eu-north-1");

        List<Race.Outcome<Optional<LeaderState>>> outcomes = Race.run(regions.size(), i -> () ->
                transitions.promote(before, regions.get(i), "us-east-1 failed 3 probes", START.plusSeconds(i),
                        Optional.of(START)));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
        List<LeaderState> winners = outcomes.stream().flatMap(outcome -> outcome.value().stream()).toList();
        assertThat(winners).singleElement().isEqualTo(state());
        assertThat(state().epoch()).isEqualTo(2);
        assertThat(state().previousRegion()).isEqualTo(EAST);
    }

    // ---- the steps after a promotion -----------------------------------------------------------

    @Test
    void theFlipAndTheAnnouncementAreMarkedDoneOneByOne() {
        LeaderState west = transitions.promote(initialisedAtEast(), WEST, "east failed", START, Optional.empty())
                .orElseThrow();

        transitions.markFlipped(west.epoch());
        assertThat(state().flipPending()).isFalse();
        assertThat(state().announcementPending()).isTrue();

        transitions.markAnnounced(west.epoch());
        assertThat(state().flipPending()).isFalse();
        assertThat(state().announcementPending()).isFalse();
        assertThat(state().record()).isEqualTo(west.record());
        assertThat(state().changedAt()).isEqualTo(west.changedAt());
    }

    @Test
    void marksForAnEpochThatIsNoLongerCurrentChangeNothing() {
        LeaderState east = initialisedAtEast();
        LeaderState west = transitions.promote(east, WEST, "east failed", START, Optional.empty()).orElseThrow();

        transitions.markFlipped(east.epoch());
        transitions.markAnnounced(east.epoch());
        transitions.markFlipped(west.epoch() + 1);
        transitions.markAnnounced(west.epoch() + 1);

        assertThat(state()).isEqualTo(west);
    }

    @Test
    void marksWithoutARecordCreateNone() {
        transitions.markFlipped(1);
        transitions.markAnnounced(1);

        assertThat(transitions.state()).isEmpty();
    }

    // ---- planned switchover --------------------------------------------------------------------

    @Test
    void aFenceNamesNoLeaderButTheTargetAtTheNextEpochWithNothingPending() {
        LeaderState east = initialisedAtEast();
        LeaderState west = transitions.promote(east, WEST, "east failed", START, Optional.of(START.minusSeconds(20)))
                .orElseThrow();
        Instant at = START.plusSeconds(90);

        Optional<LeaderState> fenced = transitions.fence(west, EAST, at);

        LeaderState expected = new LeaderState(LeaderState.NO_REGION, 3, WEST, "planned switchover to " + EAST, at,
                Optional.empty(), Optional.of(EAST), 3, 3);
        assertThat(fenced).contains(expected);
        assertThat(state()).isEqualTo(expected);
        assertThat(state().fenced()).isTrue();
        assertThat(state().roleOf(WEST)).isEqualTo("fenced");
        assertThat(records.current()).contains(new LeaderRecord(LeaderState.NO_REGION, 3));
    }

    @Test
    void aFencedRecordCannotBeFencedAgain() {
        LeaderState fenced = transitions.fence(initialisedAtEast(), WEST, START).orElseThrow();

        assertThat(transitions.fence(fenced, SYDNEY, START.plusSeconds(1))).isEmpty();
        assertThat(state()).isEqualTo(fenced);
    }

    @Test
    void aFenceFromARecordThatMovedOnIsRefused() {
        LeaderState east = initialisedAtEast();
        LeaderState west = transitions.promote(east, WEST, "east failed", START, Optional.empty()).orElseThrow();

        assertThat(transitions.fence(east, SYDNEY, START.plusSeconds(1))).isEmpty();
        assertThat(state()).isEqualTo(west);
    }

    @Test
    void promotingTheTargetOfAFenceNamesTheFencedRegionAsPreviousAndEndsTheHandover() {
        LeaderState fenced = transitions.fence(initialisedAtEast(), WEST, START).orElseThrow();

        LeaderState promoted = transitions.promote(fenced, WEST, "planned switchover from us-east-1",
                START.plusSeconds(3), Optional.empty()).orElseThrow();

        assertThat(promoted.previousRegion()).isEqualTo(EAST);
        assertThat(promoted.record()).isEqualTo(new LeaderRecord(WEST, 3));
        assertThat(state().handoverTo()).isEmpty();
        assertThat(state().flipPending()).isTrue();
        assertThat(state().announcementPending()).isTrue();
        assertThat(transitions.promote(fenced, EAST, "stale", START.plusSeconds(4), Optional.empty())).isEmpty();
    }

    @Test
    void aFenceAndPromotionsRacingFromOneRecordChangeItOnce() {
        LeaderState before = initialisedAtEast();

        List<Race.Outcome<Optional<LeaderState>>> outcomes = Race.run(8, i -> () -> i == 0
                ? transitions.fence(before, WEST, START)
                : transitions.promote(before, i % 2 == 0 ? WEST : SYDNEY, "racer " + i, START, Optional.empty()));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
        List<LeaderState> winners = outcomes.stream().flatMap(outcome -> outcome.value().stream()).toList();
        assertThat(winners).singleElement().isEqualTo(state());
        assertThat(state().epoch()).isEqualTo(2);
    }

    // ---- storage -------------------------------------------------------------------------------

    @Test
    void storedTimesAreWholeMilliseconds() {
        clock.set(START.plusNanos(1_234_567));
        records.initialise(new LeaderRecord(EAST, 1));
        assertThat(state().changedAt()).isEqualTo(START.plusMillis(1));

        Instant at = START.plusSeconds(1).plusNanos(999_999);
        transitions.promote(state(), WEST, "east failed", at, Optional.of(at)).orElseThrow();

        assertThat(state().changedAt()).isEqualTo(START.plusSeconds(1));
        assertThat(state().firstFailureAt()).contains(START.plusSeconds(1));
    }
}
