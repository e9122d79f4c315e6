package io.cognate.domain.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One authentication event of a user (Cognito's {@code AuthEventType}, without the risk
 * scoring: every event's risk is {@code NoRisk}, no credentials are known to be compromised).
 * {@code feedbackTokenHash} is the SHA-256 of the event's feedback token ({@link FeedbackTokens});
 * the token itself is never stored. {@code version} starts at 1 and rises with each feedback, so
 * a feedback is written only over the version it read. {@code expiresAt} is when storage drops it.
 * Times are kept as stored: the event's and the feedback's to the millisecond, the expiry to the
 * second (DynamoDB's ttl).
 */
public record UserAuthEvent(String eventId, EventType type, Instant createdAt, EventResponse response,
                            List<ChallengeResult> challenges, Optional<String> ipAddress, String feedbackTokenHash,
                            Optional<Feedback> feedback, long version, Instant expiresAt) {
    public UserAuthEvent {
        challenges = List.copyOf(challenges);
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Cognito's {@code EventType}. */
    public enum EventType {
        SignIn, SignUp, ForgotPassword, PasswordChange, ResendCode
    }

    /** Cognito's {@code EventResponseType}. */
    public enum EventResponse {
        Pass, Fail, InProgress
    }

    /** Cognito's {@code ChallengeName}: what was asked of the user. */
    public enum ChallengeName {
        Password, Mfa
    }

    /** Cognito's {@code ChallengeResponseType}: a challenge asked and whether it was answered right. */
    public record ChallengeResult(ChallengeName name, boolean success) {
        public static final ChallengeResult PASSWORD_SUCCESS = new ChallengeResult(ChallengeName.Password, true);
        public static final ChallengeResult PASSWORD_FAILURE = new ChallengeResult(ChallengeName.Password, false);
        public static final ChallengeResult MFA_SUCCESS = new ChallengeResult(ChallengeName.Mfa, true);
        public static final ChallengeResult MFA_FAILURE = new ChallengeResult(ChallengeName.Mfa, false);

        /** Cognito's {@code ChallengeResponse}: {@code Success} or {@code Failure}. */
        public String response() {
            return success ? "Success" : "Failure";
        }
    }

    /** Cognito's {@code FeedbackValueType}. */
    public enum FeedbackValue {
        Valid, Invalid
    }

    /**
     * Cognito's {@code EventFeedbackType}. {@code provider} says who gave it: {@code Admin} for
     * AdminUpdateAuthEventFeedback, {@code User} for a user's UpdateAuthEventFeedback.
     */
    public record Feedback(FeedbackValue value, String provider, Instant date) {
        public Feedback {
            date = date.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** The same event with {@code given} as its feedback, one version later. */
    public UserAuthEvent withFeedback(Feedback given) {
        return new UserAuthEvent(eventId, type, createdAt, response, challenges, ipAddress, feedbackTokenHash,
                Optional.of(given), version + 1, expiresAt);
    }

    @Override
    public String toString() {
        // The token's hash is not a secret to guess from, but it has no business in a log either.
        return "UserAuthEvent[" + eventId + ", " + type + ", " + response + ", " + createdAt + "]";
    }
}
