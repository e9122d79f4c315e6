package io.cognate.domain.events;

import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.events.UserAuthEvent.EventResponse;
import io.cognate.domain.events.UserAuthEvent.EventType;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.UserAuthEventLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records users' authentication events as sign-ins happen: each sign-in that ends with tokens,
 * each refused sign-in of a user who exists (a wrong password, a wrong or reused MFA code), and
 * password changes and resets. One PutItem per event, in any region (see {@link UserAuthEventLog}
 * for why no write fence is needed).
 *
 * <p>A refused sign-in also sends the user a notice carrying the event's feedback token (purpose
 * {@link #NOTICE_PURPOSE}; the token starts with the event id, see {@link FeedbackTokens}), as
 * Cognito's notification e-mail does, so that the user can answer "this was not me" with
 * UpdateAuthEventFeedback. Only refusals send one: a notice per successful sign-in would be mail
 * nobody wants (and Cognito, without risk scoring, would send none), and refusals are bounded by
 * the lockout, which refuses a locked account's attempts before they are recorded. A user without
 * a verified e-mail address gets the notice as a decoy (published, never delivered).
 *
 * <p>Nothing here may tell who exists or fail a sign-in. A refusal for a username with no user
 * makes the same two calls as a real user's, on a decoy item and a decoy notice (the
 * {@code WithheldCodes} pattern), so both answers cost one PutItem and one
 * event. A write that fails is counted ({@link AuthEvents#authEventNotRecorded}) and logged with
 * its kind and the exception's class only, and the sign-in goes on.
 */
public final class SignInHistory {
    /**
     * How long an event is kept: two years, the user event history Cognito's threat protection is
     * understood to keep (its API reference states no period; not confirmed against its guide).
     * Storage drops each event after that (the Directory's ttl). A longer history costs only
     * storage: reads page from the newest.
     */
    public static final Duration RETENTION = Duration.ofDays(730);
    /** The code-delivery purpose of a refused sign-in's notice; its code is the feedback token. */
    public static final String NOTICE_PURPOSE = "SignInRefused";
    /** A decoy item's life: nothing reads it, it only has to cost a write. */
    static final Duration DECOY_LIFETIME = Duration.ofHours(1);
    private static final String NO_DESTINATION = "-";
    private static final Logger LOG = LoggerFactory.getLogger(SignInHistory.class);

    private final UserAuthEventLog log;
    private final CodeDelivery delivery;
    private final String region;
    private final Clock clock;
    private final AuthEventIds ids;
    private final FeedbackTokens tokens;
    private final AuthEvents metrics;
    private final Supplier<Optional<String>> callerAddress;

    /**
     * @param callerAddress the IP address the current request came from, where known: it is read
     *                      on the thread that records, when it records
     */
    public SignInHistory(UserAuthEventLog log, CodeDelivery delivery, String region, Clock clock,
                         SecureRandom random, AuthEvents metrics, Supplier<Optional<String>> callerAddress) {
        this.log = log;
        this.delivery = delivery;
        this.region = region;
        this.clock = clock;
        this.ids = new AuthEventIds(random);
        this.tokens = new FeedbackTokens(random);
        this.metrics = metrics;
        this.callerAddress = callerAddress;
    }

    /** A history that records nothing, for wiring without one. */
    public static SignInHistory none() {
        return new SignInHistory(null, null, null, null, null, AuthEvents.none(), Optional::empty);
    }

    /** A sign-in ended with tokens after the challenges {@code passed}. */
    public void succeeded(User user, List<ChallengeResult> passed) {
        record(user, EventType.SignIn, EventResponse.Pass, passed);
    }

    /**
     * A sign-in was refused, for the user {@code found} if {@code username} names one: their event
     * and a notice, else a decoy of each.
     */
    public void refused(Username username, Optional<User> found, List<ChallengeResult> asked) {
        if (log == null) {
            return;
        }
        try {
            Issued issued = issue(EventType.SignIn, EventResponse.Fail, asked);
            if (found.isPresent()) {
                User user = found.get();
                log.append(user.sub(), issued.event());
                Optional<String> address = "true".equals(user.attributes().get("email_verified"))
                        ? user.attribute("email") : Optional.empty();
                var notice = new CodeDelivery.Request(user.username().value(), address.orElse(NO_DESTINATION), "EMAIL",
                        issued.token(), NOTICE_PURPOSE, region);
                if (address.isPresent()) {
                    delivery.send(notice);
                } else {
                    delivery.sendDecoy(notice);
                }
            } else {
                log.writeDecoy(username, decoy(issued.event()));
                delivery.sendDecoy(new CodeDelivery.Request(username.value(), NO_DESTINATION, "EMAIL", issued.token(),
                        NOTICE_PURPOSE, region));
            }
        } catch (RuntimeException e) {
            notRecorded(EventType.SignIn, e);
        }
    }

    /** Another event of {@code user}'s ({@code PasswordChange}, {@code ForgotPassword}), with no notice. */
    public void record(User user, EventType type, EventResponse response, List<ChallengeResult> challenges) {
        if (log == null) {
            return;
        }
        try {
            log.append(user.sub(), issue(type, response, challenges).event());
        } catch (RuntimeException e) {
            notRecorded(type, e);
        }
    }

    private record Issued(UserAuthEvent event, String token) {
    }

    private Issued issue(EventType type, EventResponse response, List<ChallengeResult> challenges) {
        Instant now = clock.instant();
        String eventId = ids.next(now);
        String token = tokens.issue(eventId);
        // The event's time is the one in its id, to the millisecond, so the two never disagree.
        Instant createdAt = AuthEventIds.createdAt(eventId).orElseThrow();
        Optional<String> address = callerAddress.get();
        return new Issued(new UserAuthEvent(eventId, type, createdAt, response, challenges, address,
                FeedbackTokens.hash(token), Optional.empty(), 1, now.plus(RETENTION)), token);
    }

    private UserAuthEvent decoy(UserAuthEvent event) {
        return new UserAuthEvent(event.eventId(), event.type(), event.createdAt(), event.response(), event.challenges(),
                event.ipAddress(), event.feedbackTokenHash(), Optional.empty(), 1, clock.instant().plus(DECOY_LIFETIME));
    }

    private void notRecorded(EventType type, RuntimeException e) {
        metrics.authEventNotRecorded();
        LOG.warn("auth event not recorded type={} cause={}", type, e.getClass().getName());
    }
}
