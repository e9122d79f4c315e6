package io.cognate.domain.events;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.User;
import io.cognate.domain.events.UserAuthEvent.FeedbackValue;
import io.cognate.testing.InMemoryRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AdminListUserAuthEvents, AdminUpdateAuthEventFeedback and UpdateAuthEventFeedback over the
 * events sign-ins recorded: the user's feedback needs the token the notice carried, and a wrong
 * token, an unknown event and an unknown user are refused alike after the same reads.
 */
class AuthEventHistoryTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;

    private final InMemoryRegion region = InMemoryRegion.create();
    private final AuthEventHistory history = region.authEventHistory();
    private User alice;

    @BeforeEach
    void aliceSignsInWrongThenRight() {
        alice = region.signUpConfirmed("alice", "Correct-Horse-9", "alice@example.com");
        assertRefused(() -> region.signIn("alice", "Wrong-Horse-9"), "NotAuthorizedException");
        region.clock().advance(Duration.ofSeconds(1));
        region.signIn("alice", "Correct-Horse-9");
    }

    @Test
    void eventsAreListedNewestFirst() {
        AuthEventHistory.Listed listed = history.list(POOL, "Alice", null, null);

        assertThat(listed.events()).extracting(UserAuthEvent::response)
                .containsExactly(UserAuthEvent.EventResponse.Pass, UserAuthEvent.EventResponse.Fail);
        assertThat(listed.nextToken()).isEmpty();
    }

    @Test
    void pagesFollowTheNextTokenToTheEnd() {
        for (int i = 0; i < 4; i++) {
            region.clock().advance(Duration.ofSeconds(1));
            region.signIn("alice", "Correct-Horse-9");
        }
        List<UserAuthEvent> seen = new ArrayList<>();
        String next = null;
        do {
            AuthEventHistory.Listed page = history.list(POOL, "alice", 4, next);
            seen.addAll(page.events());
            next = page.nextToken().orElse(null);
        } while (next != null);

        assertThat(seen).containsExactlyElementsOf(region.authEventLog().of(alice.sub())).hasSize(6);
    }

    @Test
    void aForgedNextTokenIsRefusedAsAnInvalidParameter() {
        String notAnEvent = Base64.getUrlEncoder().encodeToString("v1:USER#x".getBytes(StandardCharsets.UTF_8));
        for (String forged : List.of("!!!", "djE6", notAnEvent, "eyJwayI6IlVTRVIjIn0")) {
            assertRefused(() -> history.list(POOL, "alice", null, forged), "InvalidParameterException")
                    .hasMessage(AuthEventHistory.BAD_NEXT_TOKEN);
        }
    }

    @Test
    void theAdminListSaysWhoDoesNotExistAndChecksThePoolAndTheLimit() {
        assertRefused(() -> history.list(POOL, "nobody", null, null), "UserNotFoundException");
        assertRefused(() -> history.list("eu-west-1_Elsewhere", "alice", null, null), "ResourceNotFoundException")
                .hasMessage("User pool eu-west-1_Elsewhere does not exist.");
        assertRefused(() -> history.list(POOL, "alice", 61, null), "InvalidParameterException");
        assertThat(history.list(POOL, "alice", 0, null).events()).hasSize(2);
        assertThat(history.list(POOL, "alice", 1, null).events()).hasSize(1);
    }

    @Test
    void theUsersFeedbackWithTheNoticesTokenIsRecorded() {
        String token = region.codeDelivery().lastTo("alice").orElseThrow().code();
        String eventId = token.substring(0, token.indexOf('.'));

        history.userFeedback(POOL, "alice", eventId, token, "Invalid");

        UserAuthEvent event = region.authEventLog().find(alice.sub(), eventId).orElseThrow();
        assertThat(event.feedback()).hasValueSatisfying(feedback -> {
            assertThat(feedback.value()).isEqualTo(FeedbackValue.Invalid);
            assertThat(feedback.provider()).isEqualTo(AuthEventHistory.USER_PROVIDER);
            assertThat(feedback.date()).isEqualTo(region.clock().instant());
        });
        history.userFeedback(POOL, "alice", eventId, token, "Valid");
        assertThat(history.list(POOL, "alice", null, null).events().get(1).feedback().orElseThrow().value())
                .isEqualTo(FeedbackValue.Valid);
    }

    @Test
    void aWrongTokenAnUnknownEventAndAnUnknownUserAreRefusedAlikeAfterTheSameReads() {
        String token = region.codeDelivery().lastTo("alice").orElseThrow().code();
        String eventId = token.substring(0, token.indexOf('.'));
        String otherEvent = region.authEventLog().of(alice.sub()).getFirst().eventId(); // the sign-in's, no notice
        String unknownEvent = new AuthEventIds(new java.security.SecureRandom()).next(InMemoryRegion.START);

        List<Runnable> attempts = List.of(
                () -> history.userFeedback(POOL, "alice", eventId, token + "x", "Invalid"),
                () -> history.userFeedback(POOL, "alice", eventId, eventId + ".AAAA", "Invalid"),
                () -> history.userFeedback(POOL, "alice", otherEvent, token, "Invalid"),
                () -> history.userFeedback(POOL, "alice", unknownEvent, token, "Invalid"),
                () -> history.userFeedback(POOL, "alice", "not-an-event", token, "Invalid"),
                () -> history.userFeedback(POOL, "nobody", eventId, token, "Invalid"));
        for (Runnable attempt : attempts) {
            int reads = region.authEventLog().reads();
            assertRefused(attempt::run, "NotAuthorizedException").hasMessage(AuthEventHistory.FEEDBACK_REFUSED);
            assertThat(region.authEventLog().reads() - reads).as("one event read, whatever was wrong").isEqualTo(1);
        }
        assertThat(region.authEventLog().of(alice.sub())).allSatisfy(event -> assertThat(event.feedback()).isEmpty());
    }

    @Test
    void theAdminsFeedbackIsRecordedAndSaysWhatIsUnknown() {
        String eventId = region.authEventLog().of(alice.sub()).getFirst().eventId();

        history.adminFeedback(POOL, "alice", eventId, "Valid");

        UserAuthEvent event = region.authEventLog().find(alice.sub(), eventId).orElseThrow();
        assertThat(event.feedback().orElseThrow().provider()).isEqualTo(AuthEventHistory.ADMIN_PROVIDER);
        assertThat(event.version()).isEqualTo(2);
        assertRefused(() -> history.adminFeedback(POOL, "nobody", eventId, "Valid"), "UserNotFoundException");
        assertRefused(() -> history.adminFeedback(POOL, "alice", "not-an-event", "Valid"), "ResourceNotFoundException");
        assertRefused(() -> history.adminFeedback(POOL, "alice", eventId, "Maybe"), "InvalidParameterException");
        assertRefused(() -> history.adminFeedback("eu-west-1_Elsewhere", "alice", eventId, "Valid"),
                "ResourceNotFoundException");
    }

    @Test
    void aFeedbackThatMeetsAnotherReadsAgainAndLandsOverIt() {
        String eventId = region.authEventLog().of(alice.sub()).getFirst().eventId();
        UserAuthEvent read = region.authEventLog().find(alice.sub(), eventId).orElseThrow();
        // Another feedback lands between this one's read and its write.
        region.authEventLog().recordFeedback(alice.sub(), read.withFeedback(
                new UserAuthEvent.Feedback(FeedbackValue.Invalid, "Admin", InMemoryRegion.START)));

        history.adminFeedback(POOL, "alice", eventId, "Valid");

        UserAuthEvent stored = region.authEventLog().find(alice.sub(), eventId).orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.feedback().orElseThrow().value()).isEqualTo(FeedbackValue.Valid);
    }
}
