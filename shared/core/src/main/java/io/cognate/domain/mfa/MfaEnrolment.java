package io.cognate.domain.mfa;

import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.WriteFence;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Software-token enrolment: AssociateSoftwareToken, VerifySoftwareToken and
 * SetUserMFAPreference, for a signed-in user (access token) or, during the MFA_SETUP challenge,
 * for the user the challenge's session names. Each is a Directory write behind the write fence,
 * so a secondary refuses it until it is promoted; each writes the user's MFA settings whole in
 * one transaction, conditional on the version it read, so nothing is half-written and two steps
 * racing cannot both win.
 */
public final class MfaEnrolment {
    static final String VERIFY_FAILED = "Code mismatch and fail enable Software Token MFA";

    /** Read at each enrolment: the pool's settings may change it at run time. */
    private final Supplier<MfaConfiguration> configuration;
    private final IdentityService identity;
    private final UserDirectory directory;
    private final MfaSettingsStore settings;
    private final TotpSecrets secrets;
    private final ChallengeSessions sessions;
    private final UsedTotpCodes usedCodes;
    private final WriteFence fence;
    private final Clock clock;

    public MfaEnrolment(MfaConfiguration configuration, IdentityService identity, UserDirectory directory,
                        MfaSettingsStore settings, TotpSecrets secrets, ChallengeSessions sessions,
                        UsedTotpCodes usedCodes, WriteFence fence, Clock clock) {
        this(() -> configuration, identity, directory, settings, secrets, sessions, usedCodes, fence, clock);
    }

    /** With the pool's MFA configuration as it is at each request. */
    public MfaEnrolment(Supplier<MfaConfiguration> configuration, IdentityService identity, UserDirectory directory,
                        MfaSettingsStore settings, TotpSecrets secrets, ChallengeSessions sessions,
                        UsedTotpCodes usedCodes, WriteFence fence, Clock clock) {
        this.configuration = configuration;
        this.identity = identity;
        this.directory = directory;
        this.settings = settings;
        this.secrets = secrets;
        this.sessions = sessions;
        this.usedCodes = usedCodes;
        this.fence = fence;
        this.clock = clock;
    }

    /** AssociateSoftwareToken's answer: the secret for the user's app, and during MFA_SETUP the next session. */
    public record Association(String secretCode, Optional<String> session) {
        @Override
        public String toString() {
            return "Association[redacted]";
        }
    }

    /** VerifySoftwareToken's answer: during MFA_SETUP, the session that finishes the challenge. */
    public record Verification(Optional<String> session) {
        @Override
        public String toString() {
            return "Verification[redacted]";
        }
    }

    /** Who is enrolling: the signed-in user, or the user of an MFA_SETUP session. */
    private record Enrollee(User user, Optional<ChallengeSessions.Session> setup) {
        /** The next step's session: the same sign-in, so the same expiry (a session is never renewed). */
        Optional<String> next(ChallengeSessions sessions, Stage stage) {
            return setup.map(s -> sessions.next(stage, s));
        }
    }

    public Association associate(String accessToken, String session) {
        requireSoftwareTokens();
        Enrollee enrollee = enrollee(accessToken, session);
        String sub = enrollee.user().sub();
        return fence.run(leader -> {
            MfaSettings current = current(sub);
            requireSetupAllowed(enrollee, current);
            TotpSecrets.NewSecret secret = secrets.create(sub);
            write(sub, current.withPending(secret.sealed(), clock.instant()), current, leader);
            return new Association(secret.base32(), enrollee.next(sessions, Stage.MFA_SETUP));
        });
    }

    /**
     * Proves the associated secret with a code from the user's app; the secret becomes the
     * user's. During MFA_SETUP it is also switched on as preferred (the challenge asked for it).
     * A wrong, used or out-of-window code is Cognito's {@code EnableSoftwareTokenMFAException}.
     */
    public Verification verify(String accessToken, String session, String userCode) {
        requireSoftwareTokens();
        Enrollee enrollee = enrollee(accessToken, session);
        String sub = enrollee.user().sub();
        return fence.run(leader -> {
            MfaSettings current = current(sub);
            requireSetupAllowed(enrollee, current);
            String pending = current.pendingSecret().orElseThrow(() -> new CognitoException(
                    "SoftwareTokenMFANotFoundException", "No software token has been associated with this user."));
            Instant now = clock.instant();
            byte[] secret = secrets.open(sub, pending);
            OptionalLong step;
            try {
                step = Totp.matchingStep(secret, userCode, now);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            if (step.isEmpty() || !usedCodes.claim(sub, step.getAsLong(), MfaSignIn.forgetAfter(step.getAsLong()))) {
                throw new CognitoException("EnableSoftwareTokenMFAException", VERIFY_FAILED);
            }
            write(sub, current.verified(enrollee.setup().isPresent(), now), current, leader);
            return new Verification(enrollee.next(sessions, Stage.MFA_SETUP_VERIFIED));
        });
    }

    /**
     * SetUserMFAPreference's software-token part; a null member keeps what is stored. Turning
     * it on needs a verified software token. Other factors (SMS, e-mail, WebAuthn) are not
     * offered by this pool: asking to turn one on is refused, turning one off changes nothing.
     */
    public void setPreference(String accessToken, Boolean enabled, Boolean preferred, boolean otherFactorRequested) {
        checkPreference(enabled, otherFactorRequested);
        setPreferenceOf(identity.getUser(accessToken), enabled, preferred, otherFactorRequested);
    }

    /** The same for {@code user}, named by an administrator (AdminSetUserMFAPreference). */
    public void setPreferenceOf(User user, Boolean enabled, Boolean preferred, boolean otherFactorRequested) {
        checkPreference(enabled, otherFactorRequested);
        fence.run(leader -> {
            MfaSettings current = current(user.sub());
            boolean newEnabled = enabled != null ? enabled : current.enabled();
            boolean newPreferred = preferred != null ? preferred : current.preferred();
            if (newEnabled && current.secret().isEmpty()) {
                throw CognitoException.invalidParameter("User has not verified software token mfa");
            }
            write(user.sub(), current.withPreference(newEnabled, newPreferred, clock.instant()), current, leader);
            return null;
        });
    }

    private void checkPreference(Boolean enabled, boolean otherFactorRequested) {
        if (otherFactorRequested) {
            throw CognitoException.invalidParameter("Only software token MFA is supported by this user pool.");
        }
        if (Boolean.TRUE.equals(enabled)) {
            requireSoftwareTokens();
        }
    }

    /** What GetUser reports. */
    public MfaSettings settingsOf(String sub) {
        return current(sub);
    }

    private MfaSettings current(String sub) {
        return settings.find(sub).orElse(MfaSettings.none());
    }

    private void write(String sub, MfaSettings updated, MfaSettings read, LeaderRecord leader) {
        try {
            settings.put(sub, updated, read.version(), leader);
        } catch (MfaSettingsStore.Conflict conflict) {
            throw new CognitoException("ConcurrentModificationException",
                    "The user's MFA settings changed during the request; please try again.");
        }
    }

    private Enrollee enrollee(String accessToken, String session) {
        if (accessToken != null && session != null) {
            throw CognitoException.invalidParameter("Pass either AccessToken or Session, not both.");
        }
        if (accessToken != null) {
            return new Enrollee(identity.getUser(accessToken), Optional.empty());
        }
        if (session != null) {
            ChallengeSessions.Session opened = sessions.open(session, Stage.MFA_SETUP);
            // The user the password was checked for, unchanged since (a reset password ends the session).
            User user = directory.findBySub(opened.sub()).filter(User::enabled).filter(opened::madeFor)
                    .orElseThrow(() -> CognitoException.notAuthorized(ChallengeSessions.INVALID));
            return new Enrollee(user, Optional.of(opened));
        }
        throw CognitoException.invalidParameter("Either AccessToken or Session must be provided.");
    }

    /**
     * MFA_SETUP exists for a user without a second factor. Once a token is active, a setup session
     * (which only proves the password) may not replace it: that takes the signed-in user's access
     * token, which the second factor guards.
     */
    private static void requireSetupAllowed(Enrollee enrollee, MfaSettings current) {
        if (enrollee.setup().isPresent() && current.active()) {
            throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
        }
    }

    private void requireSoftwareTokens() {
        if (configuration.get() == MfaConfiguration.OFF) {
            throw new CognitoException("SoftwareTokenMFANotFoundException",
                    "Software token MFA is not enabled for this user pool.");
        }
    }
}
