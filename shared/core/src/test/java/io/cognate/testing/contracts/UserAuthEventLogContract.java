package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.Username;
import io.cognate.domain.events.AuthEventIds;
import io.cognate.domain.events.FeedbackTokens;
import io.cognate.domain.events.UserAuthEvent;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.events.UserAuthEvent.EventResponse;
import io.cognate.domain.events.UserAuthEvent.EventType;
import io.cognate.domain.events.UserAuthEvent.Feedback;
import io.cognate.domain.events.UserAuthEvent.FeedbackValue;
import io.cognate.ports.UserAuthEventLog;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserAuthEventLog} does: events stored whole and read back by their id alone,
 * each user's apart, paged newest first with a position that leads exactly to the rest, an
 * append never replacing a stored event, a decoy that no read returns, and a feedback written
 * only over the version read (of racing feedbacks from one version, exactly one lands). A
 * concrete subclass supplies fresh, empty storage for each test.
 */
public abstract class UserAuthEventLogContract {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123Z");

    protected abstract UserAuthEventLog newLog();

    private final AuthEventIds ids = new AuthEventIds(new SecureRandom());
    private UserAuthEventLog log;

    @BeforeEach
    void freshLog() {
        log = newLog();
    }

    @Test
    void anEventIsReadBackWholeByItsIdAlone() {
        UserAuthEvent event = new UserAuthEvent(ids.next(AT), EventType.SignIn, AT, EventResponse.Fail,
                List.of(ChallengeResult.PASSWORD_SUCCESS, ChallengeResult.MFA_FAILURE), Optional.of("203.0.113.9"),
                FeedbackTokens.hash("token"), Optional.empty(), 1, AT.plusSeconds(86_400));

        log.append("sub-alice", event);

        assertThat(log.find("sub-alice", event.eventId())).contains(event);
        assertThat(log.find("sub-bob", event.eventId())).as("another user's").isEmpty();
        assertThat(log.find("sub-alice", ids.next(AT))).as("another id").isEmpty();
        assertThat(log.find("sub-alice", "not-an-event-id")).isEmpty();
    }

    @Test
    void everyKindOfEventComesBackAsWritten() {
        List<UserAuthEvent> written = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (EventResponse response : EventResponse.values()) {
                Instant at = AT.plusMillis(written.size());
                written.add(new UserAuthEvent(ids.next(at), type, at, response, List.of(), Optional.empty(),
                        FeedbackTokens.hash(type + "" + response), Optional.empty(), 1, at.plusSeconds(60)));
            }
        }
        written.forEach(event -> log.append("sub-alice", event));

        assertThat(log.page("sub-alice", 60, Optional.empty()).events()).containsExactlyElementsOf(written.reversed());
    }

    @Test
    void anAppendNeverReplacesAStoredEvent() {
        UserAuthEvent event = event(AT);
        log.append("sub-alice", event);

        UserAuthEvent sameId = new UserAuthEvent(event.eventId(), EventType.PasswordChange, event.createdAt(),
                EventResponse.Pass, List.of(), Optional.empty(), FeedbackTokens.hash("other"), Optional.empty(), 1,
                event.expiresAt());
        assertThatThrownBy(() -> log.append("sub-alice", sameId)).isInstanceOf(RuntimeException.class);
        assertThat(log.find("sub-alice", event.eventId())).contains(event);
    }

    @Test
    void eventsArePagedNewestFirstAndThePositionLeadsExactlyToTheRest() {
        List<UserAuthEvent> written = IntStream.range(0, 7).mapToObj(i -> event(AT.plusSeconds(i))).toList();
        // Stored out of order: the order is the events' time, not the writes'.
        for (int i : new int[] {3, 0, 6, 1, 5, 2, 4}) {
            log.append("sub-alice", written.get(i));
        }
        log.append("sub-bob", event(AT.plusSeconds(3)));

        List<UserAuthEvent> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        int pages = 0;
        do {
            UserAuthEventLog.Page page = log.page("sub-alice", 3, after);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(3).isNotEmpty();
            seen.addAll(page.events());
            after = page.last();
            pages++;
        } while (after.isPresent());

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(written.reversed());
    }

    @Test
    void aFullLastPageHasNoPositionAfterIt() {
        log.append("sub-alice", event(AT));
        log.append("sub-alice", event(AT.plusSeconds(1)));

        UserAuthEventLog.Page page = log.page("sub-alice", 2, Optional.empty());

        assertThat(page.events()).hasSize(2);
        assertThat(page.last()).isEmpty();
        assertThat(log.page("sub-nobody", 60, Optional.empty())).isEqualTo(new UserAuthEventLog.Page(List.of(),
                Optional.empty()));
    }

    @Test
    void eventsAtTheSameMillisecondAreAllKept() {
        List<UserAuthEvent> sameTime = IntStream.range(0, 5).mapToObj(i -> event(AT)).toList();
        sameTime.forEach(event -> log.append("sub-alice", event));

        assertThat(log.page("sub-alice", 60, Optional.empty()).events()).containsExactlyInAnyOrderElementsOf(sameTime);
    }

    @Test
    void aDecoyIsNeverRead() {
        UserAuthEvent event = event(AT);

        log.writeDecoy(Username.of("nobody"), event);

        assertThat(log.find("nobody", event.eventId())).isEmpty();
        assertThat(log.page("nobody", 60, Optional.empty()).events()).isEmpty();
    }

    @Test
    void feedbackIsWrittenOverTheVersionReadOnly() {
        UserAuthEvent event = event(AT);
        log.append("sub-alice", event);
        Feedback invalid = new Feedback(FeedbackValue.Invalid, "User", AT.plusSeconds(60));
        Feedback valid = new Feedback(FeedbackValue.Valid, "Admin", AT.plusSeconds(61));

        assertThat(log.recordFeedback("sub-alice", event.withFeedback(invalid))).isTrue();
        UserAuthEvent first = log.find("sub-alice", event.eventId()).orElseThrow();
        assertThat(first.feedback()).contains(invalid);
        assertThat(first.version()).isEqualTo(2);

        assertThat(log.recordFeedback("sub-alice", event.withFeedback(valid))).as("from the version before").isFalse();
        assertThat(log.find("sub-alice", event.eventId())).contains(first);

        assertThat(log.recordFeedback("sub-alice", first.withFeedback(valid))).isTrue();
        assertThat(log.find("sub-alice", event.eventId()).orElseThrow().feedback()).contains(valid);
    }

    @Test
    void feedbackOnAnEventThatIsNotStoredWritesNothing() {
        UserAuthEvent event = event(AT);

        assertThat(log.recordFeedback("sub-alice", event.withFeedback(new Feedback(FeedbackValue.Valid, "Admin", AT))))
                .isFalse();
        assertThat(log.find("sub-alice", event.eventId())).isEmpty();
    }

    @Test
    void racingFeedbacksFromOneVersionLetExactlyOneThrough() {
        UserAuthEvent event = event(AT);
        log.append("sub-alice", event);
        List<UserAuthEvent> attempts = IntStream.range(0, 8)
                .mapToObj(i -> event.withFeedback(new Feedback(i % 2 == 0 ? FeedbackValue.Valid : FeedbackValue.Invalid,
                        "User", AT.plusSeconds(i))))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(attempts.size(), i -> () -> log.recordFeedback("sub-alice",
                attempts.get(i)));

        assertThat(outcomes).as("a feedback that loses is refused, not an error")
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isNull());
        List<Integer> winners = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).succeeded() && outcomes.get(i).value()).boxed().toList();
        assertThat(winners).hasSize(1);
        assertThat(log.find("sub-alice", event.eventId())).contains(attempts.get(winners.getFirst()));
    }

    private UserAuthEvent event(Instant at) {
        String id = ids.next(at);
        return new UserAuthEvent(id, EventType.SignIn, AuthEventIds.createdAt(id).orElseThrow(), EventResponse.Pass,
                List.of(ChallengeResult.PASSWORD_SUCCESS), Optional.empty(), FeedbackTokens.hash("token-" + id),
                Optional.empty(), 1, at.plusSeconds(3600));
    }
}
