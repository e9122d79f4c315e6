package io.cognate.domain.events;

import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.events.UserAuthEvent.Feedback;
import io.cognate.domain.events.UserAuthEvent.FeedbackValue;
import io.cognate.ports.UserAuthEventLog;
import io.cognate.ports.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Users' authentication events as Cognito's threat protection serves them, without the risk
 * scoring: AdminListUserAuthEvents, AdminUpdateAuthEventFeedback, and UpdateAuthEventFeedback,
 * the user's own "this was (not) me" about an event, authenticated by the event's feedback token
 * (which the refused sign-in's notice carried, see {@link SignInHistory}).
 *
 * <p>UpdateAuthEventFeedback is anonymous, so it must neither tell who exists nor let anyone
 * write into a user's record. A wrong token, an event that does not exist and a username with no
 * user all get the same {@code NotAuthorizedException} after the same reads: the user's look-up,
 * one strongly consistent read of an event's exact key (a key that matches nothing where there
 * is no user or the event id is malformed), and one SHA-256 compared in constant time against a
 * stored hash or a stand-in. Only a right token writes. Tokens are 256 random bits, so no guess
 * budget is kept: each guess succeeds with probability 2^-256, however many are made.
 *
 * <p>The feedback write is conditional on the version of the event read (no feedback overwrites
 * another it did not see; the loser reads again and writes over the winner), and is allowed in
 * every region without the write fence: it changes only the feedback of an event whose other
 * members are the same everywhere, so if two regions took feedback on one event at once,
 * replication's last writer wins would keep one of the two whole, as if they had come one after
 * the other. The admin operations may say who exists ({@code UserNotFoundException}), as
 * Cognito's do.
 */
public final class AuthEventHistory {
    /** Cognito's MaxResults bound, and what 0 or no MaxResults means. */
    public static final int MAX_RESULTS = 60;
    public static final String ADMIN_PROVIDER = "Admin";
    public static final String USER_PROVIDER = "User";
    static final String FEEDBACK_REFUSED = "The feedback token is not valid for this user's event.";
    static final String BAD_NEXT_TOKEN = "Invalid NextToken.";
    /** Looked up where there is no user, or no well-formed event id: keys that match no stored item. */
    private static final String NO_SUB = "00000000-0000-0000-0000-000000000000";
    private static final String NO_EVENT = "00000000-0000-7000-8000-000000000000";
    /** Compared with where there is no stored hash: the SHA-256 of nothing any token can be. */
    private static final String NO_HASH = "0".repeat(64);
    private static final String NEXT_TOKEN_PREFIX = "v1:";
    private static final int WRITE_ATTEMPTS = 3;

    private final String userPoolId;
    private final UserDirectory directory;
    private final UserAuthEventLog log;
    private final Clock clock;

    public AuthEventHistory(String userPoolId, UserDirectory directory, UserAuthEventLog log, Clock clock) {
        this.userPoolId = userPoolId;
        this.directory = directory;
        this.log = log;
        this.clock = clock;
    }

    /** One page of AdminListUserAuthEvents: events newest first, and the token of the next page if any. */
    public record Listed(List<UserAuthEvent> events, Optional<String> nextToken) {
        public Listed {
            events = List.copyOf(events);
        }
    }

    /** AdminListUserAuthEvents. {@code maxResults} null or 0 means {@link #MAX_RESULTS}. */
    public Listed list(String requestedUserPoolId, String rawUsername, Integer maxResults, String nextToken) {
        requirePool(requestedUserPoolId);
        if (maxResults != null && (maxResults < 0 || maxResults > MAX_RESULTS)) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'maxResults' failed to "
                    + "satisfy constraint: Member must have value less than or equal to " + MAX_RESULTS);
        }
        int limit = maxResults == null || maxResults == 0 ? MAX_RESULTS : maxResults;
        Optional<String> after = nextToken == null ? Optional.empty() : Optional.of(position(nextToken));
        User user = directory.findByUsername(Username.of(rawUsername)).orElseThrow(CognitoException::userNotFound);
        UserAuthEventLog.Page page = log.page(user.sub(), limit, after);
        return new Listed(page.events(), page.last().map(AuthEventHistory::nextToken));
    }

    /** AdminUpdateAuthEventFeedback: an unknown user or event is said to be unknown. */
    public void adminFeedback(String requestedUserPoolId, String rawUsername, String eventId, String value) {
        requirePool(requestedUserPoolId);
        FeedbackValue feedback = feedbackValue(value);
        User user = directory.findByUsername(Username.of(rawUsername)).orElseThrow(CognitoException::userNotFound);
        UserAuthEvent event = find(user.sub(), eventId)
                .orElseThrow(() -> CognitoException.resourceNotFound("Auth event " + eventId + " does not exist."));
        write(user.sub(), event, feedback, ADMIN_PROVIDER, () -> CognitoException.resourceNotFound(
                "Auth event " + eventId + " does not exist."));
    }

    /** UpdateAuthEventFeedback: the same refusal for a wrong token, an unknown event and an unknown user. */
    public void userFeedback(String requestedUserPoolId, String rawUsername, String eventId, String token,
                             String value) {
        requirePool(requestedUserPoolId);
        FeedbackValue feedback = feedbackValue(value);
        Optional<User> user = directory.findByUsername(Username.of(rawUsername));
        String sub = user.map(User::sub).orElse(NO_SUB);
        Optional<UserAuthEvent> event = find(sub, eventId);
        boolean tokenHolds = FeedbackTokens.matches(token, event.map(UserAuthEvent::feedbackTokenHash).orElse(NO_HASH));
        if (!tokenHolds || user.isEmpty() || event.isEmpty()) {
            throw refused();
        }
        write(sub, event.get(), feedback, USER_PROVIDER, AuthEventHistory::refused);
    }

    /** The event, read by its exact key; a malformed id still costs the read, of a key nothing has. */
    private Optional<UserAuthEvent> find(String sub, String eventId) {
        boolean wellFormed = AuthEventIds.createdAt(eventId).isPresent();
        return log.find(sub, wellFormed ? eventId : NO_EVENT).filter(found -> found.eventId().equals(eventId));
    }

    /** Writes the feedback over the version read, reading again when another feedback came first. */
    private void write(String sub, UserAuthEvent read, FeedbackValue value, String provider,
                       java.util.function.Supplier<CognitoException> gone) {
        UserAuthEvent current = read;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            if (log.recordFeedback(sub, current.withFeedback(new Feedback(value, provider, clock.instant())))) {
                return;
            }
            current = log.find(sub, read.eventId()).orElseThrow(gone);
        }
        throw CognitoException.tooManyRequests();
    }

    private void requirePool(String requested) {
        if (!userPoolId.equals(requested)) {
            throw CognitoException.resourceNotFound("User pool " + requested + " does not exist.");
        }
    }

    private static FeedbackValue feedbackValue(String value) {
        // Cognito's SDKs send "Valid"/"Invalid"; its documentation writes them in lower case too.
        if ("valid".equalsIgnoreCase(value)) {
            return FeedbackValue.Valid;
        }
        if ("invalid".equalsIgnoreCase(value)) {
            return FeedbackValue.Invalid;
        }
        throw CognitoException.invalidParameter("1 validation error detected: Value at 'feedbackValue' failed to "
                + "satisfy constraint: Member must satisfy enum value set: [Invalid, Valid]");
    }

    private static CognitoException refused() {
        return CognitoException.notAuthorized(FEEDBACK_REFUSED);
    }

    /** The next page's token: the position (the last event id returned), base64url, versioned. */
    static String nextToken(String lastEventId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((NEXT_TOKEN_PREFIX + lastEventId).getBytes(StandardCharsets.UTF_8));
    }

    /** The event id a NextToken names; any token this class did not make is refused, never looked up. */
    static String position(String nextToken) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw CognitoException.invalidParameter(BAD_NEXT_TOKEN);
        }
        if (!decoded.startsWith(NEXT_TOKEN_PREFIX)
                || AuthEventIds.createdAt(decoded.substring(NEXT_TOKEN_PREFIX.length())).isEmpty()) {
            throw CognitoException.invalidParameter(BAD_NEXT_TOKEN);
        }
        return decoded.substring(NEXT_TOKEN_PREFIX.length());
    }
}
