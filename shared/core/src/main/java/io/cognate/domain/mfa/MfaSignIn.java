package io.cognate.domain.mfa;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.devices.DeviceSignIn;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.devices.NewDeviceMetadata;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.domain.signin.NewPasswordChallenge;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.triggers.TokenGeneration;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * USER_PASSWORD_AUTH with the pool's second factor, and RespondToAuthChallenge. A right
 * password of a user with software-token MFA on answers the {@code SOFTWARE_TOKEN_MFA}
 * challenge with a {@link ChallengeSessions sealed session}; with the pool's MFA ON, a user
 * without it answers {@code MFA_SETUP}. Nothing here writes the Directory, so every region
 * serves it: the user's sealed secret replicated with the user, and the data key is
 * multi-region.
 *
 * <p>The password's attempt stays counted while the code is asked for, and each code is
 * counted as an attempt of its own: only a right code starts the count again, so a stolen
 * password buys no more guesses at the code than at the password.
 *
 * <p>With device tracking ({@link DeviceSignIn}), a {@code DEVICE_KEY} naming one of the user's
 * remembered devices is asked to prove the device instead of the code, and tokens handed to a
 * sign-in that came from no known device carry a new device key ({@code NewDeviceMetadata}).
 */
public final class MfaSignIn {
    private static final List<ChallengeResult> WITH_MFA = List.of(ChallengeResult.PASSWORD_SUCCESS,
            ChallengeResult.MFA_SUCCESS);
    public static final String USED_ONCE = "Invalid session for the user, session can only be used once.";
    static final String CODE_MISMATCH = "Invalid code received for user";
    static final String CODE_USED = "Your software token has already been used once.";

    /** What InitiateAuth answers: tokens, or a challenge to answer first. */
    public sealed interface Step permits Tokens, Challenge {
    }

    /** Tokens, and the key of a new device where the sign-in came from none the user has. */
    public record Tokens(IssuedTokens tokens, Optional<NewDeviceMetadata> newDevice) implements Step {
        public Tokens(IssuedTokens tokens) {
            this(tokens, Optional.empty());
        }
    }

    /**
     * A challenge to answer. {@code session} is null where the challenge carries its state itself
     * (PASSWORD_VERIFIER's SECRET_BLOCK); {@code availableChallenges} is USER_AUTH's list of
     * first factors to choose from, empty otherwise.
     */
    public record Challenge(String name, String session, Map<String, String> parameters,
                            java.util.List<String> availableChallenges) implements Step {
        public Challenge {
            availableChallenges = java.util.List.copyOf(availableChallenges);
        }

        public Challenge(String name, String session, Map<String, String> parameters) {
            this(name, session, parameters, java.util.List.of());
        }

        @Override
        public String toString() {
            return "Challenge[" + name + "]";
        }
    }

    /** Read at each sign-in: the pool's settings may change it at run time. */
    private final Supplier<MfaConfiguration> configuration;
    private final IdentityService identity;
    private final PasswordSignIn passwordSignIn;
    private final SignInAttempts attempts;
    private final UserDirectory directory;
    private final MfaSettingsStore settings;
    private final TotpSecrets secrets;
    private final ChallengeSessions sessions;
    private final UsedTotpCodes usedCodes;
    private final Clock clock;
    private final Optional<DeviceSignIn> devices;

    /** Without device tracking. */
    public MfaSignIn(MfaConfiguration configuration, IdentityService identity, PasswordSignIn passwordSignIn,
                     SignInAttempts attempts, UserDirectory directory, MfaSettingsStore settings, TotpSecrets secrets,
                     ChallengeSessions sessions, UsedTotpCodes usedCodes, Clock clock) {
        this(configuration, identity, passwordSignIn, attempts, directory, settings, secrets, sessions, usedCodes, clock,
                Optional.empty());
    }

    public MfaSignIn(MfaConfiguration configuration, IdentityService identity, PasswordSignIn passwordSignIn,
                     SignInAttempts attempts, UserDirectory directory, MfaSettingsStore settings, TotpSecrets secrets,
                     ChallengeSessions sessions, UsedTotpCodes usedCodes, Clock clock, Optional<DeviceSignIn> devices) {
        this(() -> configuration, identity, passwordSignIn, attempts, directory, settings, secrets, sessions, usedCodes,
                clock, devices);
    }

    /** With the pool's MFA configuration as it is at each sign-in. */
    public MfaSignIn(Supplier<MfaConfiguration> configuration, IdentityService identity, PasswordSignIn passwordSignIn,
                     SignInAttempts attempts, UserDirectory directory, MfaSettingsStore settings, TotpSecrets secrets,
                     ChallengeSessions sessions, UsedTotpCodes usedCodes, Clock clock, Optional<DeviceSignIn> devices) {
        this.devices = devices;
        this.configuration = configuration;
        this.identity = identity;
        this.passwordSignIn = passwordSignIn;
        this.attempts = attempts;
        this.directory = directory;
        this.settings = settings;
        this.secrets = secrets;
        this.sessions = sessions;
        this.usedCodes = usedCodes;
        this.clock = clock;
    }

    public Step passwordAuth(String clientId, String rawUsername, String password) {
        return passwordAuth(clientId, rawUsername, password, null);
    }

    /** USER_PASSWORD_AUTH from the device {@code deviceKey} names (null: none). */
    public Step passwordAuth(String clientId, String rawUsername, String password, String deviceKey) {
        return passwordAuth(clientId, rawUsername, password, deviceKey, Map.of());
    }

    /** The same, with InitiateAuth's {@code ClientMetadata}, which PreAuthentication receives as {@code validationData}. */
    public Step passwordAuth(String clientId, String rawUsername, String password, String deviceKey,
                             Map<String, String> clientMetadata) {
        return afterPassword(identity.checkPassword(clientId, rawUsername, password, clientMetadata), deviceKey);
    }

    /**
     * AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH (and its legacy name ADMIN_NO_SRP_AUTH), from the
     * device {@code deviceKey} names (null: none): USER_PASSWORD_AUTH's check, lockout and
     * challenges, for a client that allows the admin flow.
     */
    public Step adminPasswordAuth(String clientId, String rawUsername, String password, String deviceKey) {
        return adminPasswordAuth(clientId, rawUsername, password, deviceKey, Map.of());
    }

    /** The same, with AdminInitiateAuth's {@code ClientMetadata} (PreAuthentication's {@code validationData}). */
    public Step adminPasswordAuth(String clientId, String rawUsername, String password, String deviceKey,
                                  Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        if (!client.allows(AppClient.ALLOW_ADMIN_USER_PASSWORD_AUTH)) {
            throw CognitoException.invalidParameter("ADMIN_USER_PASSWORD_AUTH flow not enabled for this client");
        }
        return afterPassword(identity.checkPassword(client, rawUsername, password, clientMetadata), deviceKey);
    }

    /**
     * What follows NEW_PASSWORD_REQUIRED once the new password is stored: the second factor, if
     * the pool asks for one, or tokens. The password's attempt is still counted under
     * {@code account}; it ends here as after any right password.
     */
    public Step afterNewPassword(User user, AppClient client, String account, String deviceKey) {
        return afterNewPassword(user, client, account, deviceKey, Map.of());
    }

    /** The same, with RespondToAuthChallenge's {@code ClientMetadata} for the triggers the tokens call. */
    public Step afterNewPassword(User user, AppClient client, String account, String deviceKey,
                                 Map<String, String> clientMetadata) {
        return afterPassword(new IdentityService.PasswordChecked(user, client, new SignInAttempts.Attempt(account, 0)),
                deviceKey, TokenGeneration.NEW_PASSWORD_CHALLENGE, clientMetadata);
    }

    /** {@link #afterPassword(IdentityService.PasswordChecked, String)} from no known device. */
    public Step afterPassword(IdentityService.PasswordChecked checked) {
        return afterPassword(checked, null);
    }

    /**
     * What follows a proven password, however it was proven (USER_PASSWORD_AUTH, or an SRP
     * password claim): tokens, the second factor's challenge, or, where {@code deviceKey} names a
     * remembered device of this user, the device's challenge in its place. A user who must still
     * set up a second factor (MFA_SETUP) does so whatever device they are on.
     */
    public Step afterPassword(IdentityService.PasswordChecked checked, String deviceKey) {
        return afterPassword(checked, deviceKey, Map.of());
    }

    /**
     * The same, with RespondToAuthChallenge's {@code ClientMetadata} (an SRP claim's answer), which
     * PostAuthentication and PreTokenGeneration receive if tokens come now.
     */
    public Step afterPassword(IdentityService.PasswordChecked checked, String deviceKey,
                              Map<String, String> clientMetadata) {
        return afterPassword(checked, deviceKey, TokenGeneration.AUTHENTICATION, clientMetadata);
    }

    /** The same, the tokens (if they come now) issued for {@code source}, as PreTokenGeneration is told. */
    private Step afterPassword(IdentityService.PasswordChecked checked, String deviceKey, TokenGeneration source,
                               Map<String, String> clientMetadata) {
        User user = checked.user();
        if (user.status() == UserStatus.FORCE_CHANGE_PASSWORD) {
            // A temporary password proves only that the invitation arrived: a password of the
            // user's own comes first (NewPasswordChallenge), then whatever else the pool asks.
            return challenge(checked, Stage.NEW_PASSWORD_REQUIRED, NewPasswordChallenge.parameters(user));
        }
        MfaConfiguration configuration = this.configuration.get();
        MfaSettings mfa = configuration == MfaConfiguration.OFF ? MfaSettings.none()
                : settings.find(user.sub()).orElse(MfaSettings.none());
        // A user who chose TOTP and has no secret here (moved in from a pool that cannot hand its
        // secret over) sets it up again, whether or not the pool requires MFA.
        boolean setupDue = configuration != MfaConfiguration.OFF && !mfa.active()
                && (configuration == MfaConfiguration.ON || mfa.enabled() && mfa.secret().isEmpty());
        if (!setupDue && devices.isPresent()) {
            Optional<Challenge> device = devices.get().challenge(checked, deviceKey);
            if (device.isPresent()) {
                passwordSignIn.awaitingSecondFactor(checked.attempt());
                return device.get();
            }
        }
        if (configuration != MfaConfiguration.OFF) {
            if (mfa.active()) {
                return challenge(checked, Stage.SOFTWARE_TOKEN_MFA, Map.of("USER_ID_FOR_SRP", user.username().value()));
            }
            if (setupDue) {
                return challenge(checked, Stage.MFA_SETUP, Map.of("USER_ID_FOR_SRP", user.username().value(),
                        "MFAS_CAN_SETUP", "[\"" + MfaSettings.SOFTWARE_TOKEN_MFA + "\"]"));
            }
        }
        passwordSignIn.completed(checked.attempt());
        return tokens(user, checked.client(), deviceKey, List.of(ChallengeResult.PASSWORD_SUCCESS), source,
                clientMetadata);
    }

    /**
     * A new session's tokens, with a new device key where the sign-in came from no device of the
     * user's; {@code source} and {@code clientMetadata} are what the triggers are told.
     */
    private Tokens tokens(User user, AppClient client, String deviceKey, List<ChallengeResult> passed,
                          TokenGeneration source, Map<String, String> clientMetadata) {
        IssuedTokens issued = identity.startSession(user, client, passed, source, clientMetadata);
        return new Tokens(issued, devices.flatMap(d -> d.devices().newDeviceFor(user, deviceKey)));
    }

    private Challenge challenge(IdentityService.PasswordChecked checked, Stage stage, Map<String, String> parameters) {
        String session = sessions.issue(stage, checked.user(), checked.attempt().account(), checked.client());
        passwordSignIn.awaitingSecondFactor(checked.attempt());
        return new Challenge(stage.name(), session, parameters);
    }

    /** RespondToAuthChallenge: the answer to a challenge this pool asked. */
    public IssuedTokens respond(String clientId, String challengeName, String session, Map<String, String> responses) {
        return answer(clientId, challengeName, session, responses).tokens();
    }

    /** The same, with the new device key the tokens come with, if any ({@code DEVICE_KEY} names the device answering). */
    public Tokens answer(String clientId, String challengeName, String session, Map<String, String> responses) {
        return answer(clientId, challengeName, session, responses, Map.of());
    }

    /** The same, with RespondToAuthChallenge's {@code ClientMetadata} for PostAuthentication and PreTokenGeneration. */
    public Tokens answer(String clientId, String challengeName, String session, Map<String, String> responses,
                         Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        return switch (challengeName) {
            case "SOFTWARE_TOKEN_MFA" -> answerCode(client, session, responses, clientMetadata);
            case "MFA_SETUP" -> finishSetup(client, session, responses, clientMetadata);
            default -> throw CognitoException.invalidParameter("Challenge " + challengeName
                    + " is not supported by this user pool.");
        };
    }

    private Tokens answerCode(AppClient client, String session, Map<String, String> responses,
                              Map<String, String> clientMetadata) {
        ChallengeSessions.Session opened = openFor(client, session, Stage.SOFTWARE_TOKEN_MFA, responses);
        String code = responses.get("SOFTWARE_TOKEN_MFA_CODE");
        if (code == null || code.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter SOFTWARE_TOKEN_MFA_CODE");
        }
        SignInAttempts.Attempt attempt = attempts.begin(opened.account());
        User user = directory.findBySub(opened.sub()).filter(User::enabled).filter(opened::madeFor).orElse(null);
        MfaSettings mfa = user == null ? null : settings.find(user.sub()).filter(MfaSettings::active).orElse(null);
        if (mfa == null) {
            // Deleted, disabled, changed (a new password) or unenrolled since the password was checked.
            attempts.failed(attempt);
            throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
        }
        Instant now = clock.instant();
        byte[] secret = secrets.open(user.sub(), mfa.secret().orElseThrow());
        OptionalLong step;
        try {
            step = Totp.matchingStep(secret, code, now);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        if (step.isEmpty()) {
            attempts.failed(attempt);
            passwordSignIn.secondFactorRefused(user);
            throw new CognitoException("CodeMismatchException", CODE_MISMATCH);
        }
        if (!usedCodes.claim(user.sub(), step.getAsLong(), forgetAfter(step.getAsLong()))) {
            attempts.failed(attempt);
            passwordSignIn.secondFactorRefused(user);
            throw new CognitoException("ExpiredCodeException", CODE_USED);
        }
        passwordSignIn.completed(attempt);
        return tokens(user, client, responses.get("DEVICE_KEY"), WITH_MFA, TokenGeneration.AUTHENTICATION,
                clientMetadata);
    }

    private Tokens finishSetup(AppClient client, String session, Map<String, String> responses,
                               Map<String, String> clientMetadata) {
        ChallengeSessions.Session opened = openFor(client, session, Stage.MFA_SETUP_VERIFIED, responses);
        User user = directory.findBySub(opened.sub()).filter(User::enabled).filter(opened::madeFor)
                .orElseThrow(() -> CognitoException.notAuthorized(ChallengeSessions.INVALID));
        if (!settings.find(user.sub()).map(MfaSettings::active).orElse(false)) {
            throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
        }
        // This session asks for nothing more, so it must work once: its use is claimed where used
        // TOTP steps are (replicated, conditional), under a negative number no step can have.
        if (!usedCodes.claim(user.sub(), sessionMark(session), opened.expiresAt())) {
            throw CognitoException.notAuthorized(USED_ONCE);
        }
        passwordSignIn.completed(new SignInAttempts.Attempt(opened.account(), 0));
        return tokens(user, client, responses.get("DEVICE_KEY"), WITH_MFA, TokenGeneration.AUTHENTICATION,
                clientMetadata);
    }

    private ChallengeSessions.Session openFor(AppClient client, String session, Stage stage, Map<String, String> responses) {
        return sessions.openFor(session, stage, client.clientId(), responses.get("USERNAME"));
    }

    /** A negative number naming one session: the first 63 bits of its SHA-256. */
    public static long sessionMark(String session) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong() | Long.MIN_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A used step need be remembered only while its code could still be accepted. */
    static Instant forgetAfter(long step) {
        return Instant.ofEpochSecond((step + 1 + Totp.ALLOWED_DRIFT_STEPS) * Totp.STEP_SECONDS).plusSeconds(Totp.STEP_SECONDS);
    }
}
