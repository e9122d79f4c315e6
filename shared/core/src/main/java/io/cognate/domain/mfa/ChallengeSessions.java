package io.cognate.domain.mfa;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code Session} of a sign-in that awaits a challenge answer. It is the challenge's state
 * sealed under the multi-region data key (AES-GCM, so it cannot be altered or forged), not a
 * key into regional memory: whichever region the answer reaches can open it, with nothing to
 * replicate first. It names the user, the app client, the challenge and its expiry, the app
 * client's {@code AuthSessionValidity} (3 minutes by default, as Cognito's) after the sign-in
 * began, and the version
 * of the user it was made for. The steps of one sign-in pass the same expiry on
 * ({@link #next}), so a session cannot be renewed by answering with it; and a session whose
 * user has changed since (a new password, say) is refused by the step that reads the user.
 */
public final class ChallengeSessions {
    public static final Duration VALIDITY = Duration.ofMinutes(3);
    public static final String INVALID = "Invalid session for the user.";
    static final String EXPIRED = "Invalid session for the user, session is expired.";
    /** Cognito's SessionType limit: no session of ours is longer. */
    public static final int MAX_LENGTH = 2048;
    /** Marks the layout with a detail line; sessions sealed before it have no mark. */
    private static final String FORMAT_2 = "2|";

    /** What a session stands for. */
    public enum Stage {
        /** The password was right; the user must answer SOFTWARE_TOKEN_MFA. */
        SOFTWARE_TOKEN_MFA,
        /** The password was right; the user must set up a software token (MFA_SETUP). */
        MFA_SETUP,
        /** The token set up during MFA_SETUP was verified; RespondToAuthChallenge MFA_SETUP finishes. */
        MFA_SETUP_VERIFIED,
        /** USER_AUTH: the user picks a first factor from AvailableChallenges. */
        SELECT_CHALLENGE,
        /** USER_AUTH: a code went to the user's e-mail; the detail is its hash. */
        EMAIL_OTP,
        /** USER_AUTH: a passkey must sign; the detail is the WebAuthn challenge. */
        WEB_AUTHN,
        /** The password was right; a remembered device must prove itself (DEVICE_SRP_AUTH); the detail is its key. */
        DEVICE_SRP_AUTH,
        /** The temporary password was right; the user must choose a password (NEW_PASSWORD_REQUIRED). */
        NEW_PASSWORD_REQUIRED,
        /** CUSTOM_AUTH: the user must answer a CUSTOM_CHALLENGE; the detail is the sign-in's challenge state. */
        CUSTOM_CHALLENGE,
        /** CUSTOM_AUTH begun with SRP: the password claim comes first; the detail is the challenge state. */
        CUSTOM_PASSWORD_VERIFIER
    }

    /**
     * A session's content. {@code detail} is what its stage must remember for the answer (a
     * code's hash, a WebAuthn challenge), empty for the others.
     */
    public record Session(Stage stage, String sub, String account, String clientId, Instant expiresAt,
                          long userVersion, String detail) {
        public Session(Stage stage, String sub, String account, String clientId, Instant expiresAt, long userVersion) {
            this(stage, sub, account, clientId, expiresAt, userVersion, "");
        }

        /** Whether {@code user} is still the user, at the version, this session was made for. */
        public boolean madeFor(io.cognate.domain.User user) {
            return user.sub().equals(sub) && user.version() == userVersion;
        }
    }

    private final String userPoolId;
    private final SecretEnvelopes envelopes;
    private final Clock clock;

    public ChallengeSessions(String userPoolId, SecretEnvelopes envelopes, Clock clock) {
        this.userPoolId = userPoolId;
        this.envelopes = envelopes;
        this.clock = clock;
    }

    /** A new session for {@code stage} of a sign-in whose password was just checked, valid for {@link #VALIDITY}. */
    public String issue(Stage stage, io.cognate.domain.User user, String account, String clientId) {
        return seal(stage, user.sub(), clientId, clock.instant().plus(VALIDITY), user.version(), account, "");
    }

    /** The same for a sign-in through {@code client}, valid for the client's {@code AuthSessionValidity}. */
    public String issue(Stage stage, io.cognate.domain.User user, String account, AppClient client) {
        return seal(stage, user.sub(), client.clientId(), clock.instant().plus(validityFor(client)), user.version(),
                account, "");
    }

    /** {@link #issue(Stage, String, long, String, String, String)} valid for the client's {@code AuthSessionValidity}. */
    public String issue(Stage stage, String sub, long userVersion, String account, AppClient client, String detail) {
        return seal(stage, sub, client.clientId(), clock.instant().plus(validityFor(client)), userVersion, account,
                detail);
    }

    /**
     * How long a session of {@code client}'s sign-ins lasts: its {@code AuthSessionValidity}, 3 to
     * 15 minutes (Cognito's bounds, which the app-client API enforces), and 3 for a client stored
     * without it. Every step of the sign-in keeps the first step's expiry ({@link #next}).
     */
    static Duration validityFor(AppClient client) {
        int minutes = client.settings().authSessionValidityMinutes();
        // Outside the bounds only for an item written some other way: the default, never a session that never ends.
        return minutes < 3 || minutes > 15 ? VALIDITY : Duration.ofMinutes(minutes);
    }

    /**
     * A new session for a sign-in that has proven nothing yet (USER_AUTH). {@code sub} and
     * {@code userVersion} name the user the username had when the session was made; for a username
     * with no user they name nobody, at the same length, so the session tells nothing either.
     */
    public String issue(Stage stage, String sub, long userVersion, String account, String clientId, String detail) {
        return seal(stage, sub, clientId, clock.instant().plus(VALIDITY), userVersion, account, detail);
    }

    /** The session for the next step of the same sign-in: same user, client and expiry. */
    public String next(Stage stage, Session from) {
        return next(stage, from, "");
    }

    /** The same, remembering {@code detail} for the next step. */
    public String next(Stage stage, Session from, String detail) {
        return seal(stage, from.sub(), from.clientId(), from.expiresAt(), from.userVersion(), from.account(), detail);
    }

    private String seal(Stage stage, String sub, String clientId, Instant expiresAt, long userVersion, String account,
                        String detail) {
        // The account comes last: a username may hold any character, a line break too.
        String text = String.join("\n", FORMAT_2 + stage.name(), sub, clientId,
                Long.toString(expiresAt.getEpochSecond()), Long.toString(userVersion), detail, account);
        return envelopes.seal(text.getBytes(StandardCharsets.UTF_8), context());
    }

    /**
     * The answer's session, checked the way every challenge answer needs it: a USERNAME and a
     * Session must be there ({@code InvalidParameterException}), and the session must be one of
     * ours, unexpired, at {@code stage}, made for {@code clientId}, and {@code username} must be
     * its user's ({@code NotAuthorizedException}), so no answer can borrow another's session.
     */
    public Session openFor(String session, Stage stage, String clientId, String username) {
        if (username == null || username.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter USERNAME");
        }
        if (session == null || session.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter Session");
        }
        Session opened = open(session, stage);
        if (!opened.clientId().equals(clientId)
                || !io.cognate.domain.Username.of(username).key().equals(opened.account())) {
            throw CognitoException.notAuthorized(INVALID);
        }
        return opened;
    }

    /** The session's content; {@code NotAuthorizedException} if it is not one of ours, expired or not at {@code stage}. */
    public Session open(String session, Stage stage) {
        if (session == null || session.isEmpty() || session.length() > MAX_LENGTH) {
            throw CognitoException.notAuthorized(INVALID);
        }
        String text;
        try {
            text = new String(envelopes.open(session, context()), StandardCharsets.UTF_8);
        } catch (SecretEnvelopes.CannotOpen e) {
            throw CognitoException.notAuthorized(INVALID);
        }
        // Sessions sealed before details existed (no format mark) have six parts and no detail.
        boolean withDetail = text.startsWith(FORMAT_2);
        String[] parts = (withDetail ? text.substring(FORMAT_2.length()) : text).split("\n", withDetail ? 7 : 6);
        if (parts.length != (withDetail ? 7 : 6)) {
            throw CognitoException.notAuthorized(INVALID);
        }
        Session opened;
        try {
            opened = new Session(Stage.valueOf(parts[0]), parts[1], parts[withDetail ? 6 : 5], parts[2],
                    Instant.ofEpochSecond(Long.parseLong(parts[3])), Long.parseLong(parts[4]),
                    withDetail ? parts[5] : "");
        } catch (IllegalArgumentException e) {
            throw CognitoException.notAuthorized(INVALID);
        }
        if (!clock.instant().isBefore(opened.expiresAt())) {
            throw CognitoException.notAuthorized(EXPIRED);
        }
        if (opened.stage() != stage) {
            throw CognitoException.notAuthorized(INVALID);
        }
        return opened;
    }

    private Map<String, String> context() {
        return Map.of("purpose", "challenge-session", "userPoolId", userPoolId);
    }
}
