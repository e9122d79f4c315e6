package io.cognate.domain.signin;

import io.cognate.domain.AppClient;
import io.cognate.domain.ClientSendBudget;
import io.cognate.domain.CognitoException;
import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.IdentityService;
import io.cognate.domain.OneTimeCodes;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.User;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.domain.srp.SrpSignIn;
import io.cognate.domain.triggers.TokenGeneration;
import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.SendBudgets;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Cognito's choice-based sign-in, {@code USER_AUTH}: the user names a first factor
 * ({@code PREFERRED_CHALLENGE}) or picks one from {@code AvailableChallenges}
 * ({@code SELECT_CHALLENGE}): {@code PASSWORD}, {@code PASSWORD_SRP}, {@code EMAIL_OTP} (a code
 * sent to the user's verified address) or {@code WEB_AUTHN} (a passkey).
 *
 * <p>Nothing here tells who exists. {@code AvailableChallenges} is the pool's list, the same for
 * everyone. An e-mail code for an unknown user, or a user without a verified address, is answered
 * like a real one (a decoy destination, a decoy event, a session) and no code works. A passkey
 * challenge lists no credentials (the authenticator offers the ones it holds for the relying
 * party), so it is the same for a user with passkeys, one without and nobody. Every answer to a
 * code or passkey challenge is checked through {@link PasswordSignIn}: the same lockout count
 * and the same refusal as a wrong password. Every step works in every region: state travels in
 * the sealed session, codes go out through the region's event bus, and nothing writes the
 * Directory.
 *
 * <p>The passwordless factors sign in without a second factor, as in Cognito; a pool whose MFA
 * is ON offers only the password factors, since passwordless sign-in could not satisfy it.
 */
public final class ChoiceSignIn {
    public static final String SELECT_CHALLENGE = "SELECT_CHALLENGE";
    public static final String PASSWORD = "PASSWORD";
    public static final String PASSWORD_SRP = "PASSWORD_SRP";
    public static final String EMAIL_OTP = "EMAIL_OTP";
    public static final String WEB_AUTHN = "WEB_AUTHN";
    /** Codes sent per user per hour by each region, like the other codes' limit (PendingCode). */
    static final int CODES_PER_USER_PER_HOUR = 5;
    private static final long HOUR_SECONDS = Duration.ofHours(1).toSeconds();

    private final IdentityService identity;
    private final MfaSignIn mfa;
    private final SrpSignIn srp;
    private final PasswordSignIn passwordSignIn;
    private final UserDirectory directory;
    private final ChallengeSessions sessions;
    private final UsedTotpCodes usedSessions;
    private final Delivery delivery;
    private final PasskeyAssertions passkeys;
    /** Read at each request: the pool's settings may change it at run time. */
    private final Supplier<MfaConfiguration> configuration;
    private final SecureRandom random;
    private final Clock clock;

    /** How e-mail codes go out, and how many may. */
    public record Delivery(String region, CodeDelivery codes, ClientSendBudget clientBudget, SendBudgets userBudgets,
                           OneTimeCodes oneTimeCodes, DecoyDestinations decoys) {
    }

    public ChoiceSignIn(IdentityService identity, MfaSignIn mfa, SrpSignIn srp, PasswordSignIn passwordSignIn,
                        UserDirectory directory, ChallengeSessions sessions, UsedTotpCodes usedSessions,
                        Delivery delivery, PasskeyAssertions passkeys, MfaConfiguration configuration,
                        SecureRandom random, Clock clock) {
        this(identity, mfa, srp, passwordSignIn, directory, sessions, usedSessions, delivery, passkeys,
                () -> configuration, random, clock);
    }

    /** With the pool's MFA configuration as it is at each request. */
    public ChoiceSignIn(IdentityService identity, MfaSignIn mfa, SrpSignIn srp, PasswordSignIn passwordSignIn,
                        UserDirectory directory, ChallengeSessions sessions, UsedTotpCodes usedSessions,
                        Delivery delivery, PasskeyAssertions passkeys, Supplier<MfaConfiguration> configuration,
                        SecureRandom random, Clock clock) {
        this.identity = identity;
        this.mfa = mfa;
        this.srp = srp;
        this.passwordSignIn = passwordSignIn;
        this.directory = directory;
        this.sessions = sessions;
        this.usedSessions = usedSessions;
        this.delivery = delivery;
        this.passkeys = passkeys;
        this.configuration = configuration;
        this.random = random;
        this.clock = clock;
    }

    /** The first factors this pool offers, in Cognito's order: the same for every user. */
    public List<String> firstFactors() {
        return configuration.get() == MfaConfiguration.ON
                ? List.of(PASSWORD, PASSWORD_SRP)
                : List.of(PASSWORD, PASSWORD_SRP, EMAIL_OTP, WEB_AUTHN);
    }

    /**
     * GetUserAuthFactors' {@code ConfiguredUserAuthFactors}: the first factors this user could
     * sign in with now. Only the user's own access token asks, so it may say what they have.
     */
    public List<String> configuredFactors(User user) {
        var factors = new java.util.ArrayList<String>();
        factors.add(PASSWORD);
        boolean verifiedEmail = "true".equals(user.attributes().get("email_verified"));
        if (verifiedEmail && firstFactors().contains(EMAIL_OTP)) {
            factors.add(EMAIL_OTP);
        }
        if (firstFactors().contains(WEB_AUTHN) && passkeys.hasPasskeys(user.sub())) {
            factors.add(WEB_AUTHN);
        }
        return List.copyOf(factors);
    }

    /** InitiateAuth USER_AUTH. */
    public MfaSignIn.Step start(String clientId, Map<String, String> parameters) {
        return start(clientId, parameters, Map.of());
    }

    /**
     * The same, with InitiateAuth's {@code ClientMetadata}: PreAuthentication's {@code validationData}
     * where the PASSWORD factor is answered at once, as in Cognito, and no other trigger's.
     */
    public MfaSignIn.Step start(String clientId, Map<String, String> parameters, Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        if (!client.allows(AppClient.ALLOW_USER_AUTH)) {
            throw CognitoException.invalidParameter("USER_AUTH flow not enabled for this client");
        }
        String rawUsername = CognitoException.requiredParameter(parameters, "USERNAME");
        Username username = Username.of(rawUsername);
        String preferred = parameters.get("PREFERRED_CHALLENGE");
        if (preferred == null || preferred.isEmpty()) {
            Optional<User> found = directory.findByUsername(username);
            String session = sessions.issue(Stage.SELECT_CHALLENGE, subOf(found), versionOf(found), username.key(),
                    client, "");
            return new MfaSignIn.Challenge(SELECT_CHALLENGE, session, Map.of("USERNAME", answeredName(username)),
                    firstFactors());
        }
        return factor(client, preferred, rawUsername, parameters, Optional.empty(), clientMetadata, Map.of());
    }

    /** RespondToAuthChallenge for SELECT_CHALLENGE, EMAIL_OTP and WEB_AUTHN. */
    public MfaSignIn.Step respond(String clientId, String challengeName, String session, Map<String, String> responses) {
        return respond(clientId, challengeName, session, responses, Map.of());
    }

    /** The same, with RespondToAuthChallenge's {@code ClientMetadata} for PostAuthentication and PreTokenGeneration. */
    public MfaSignIn.Step respond(String clientId, String challengeName, String session, Map<String, String> responses,
                                  Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        return switch (challengeName) {
            case SELECT_CHALLENGE -> {
                ChallengeSessions.Session opened = openFor(client, session, Stage.SELECT_CHALLENGE, responses);
                yield factor(client, CognitoException.requiredParameter(responses, "ANSWER"), responses.get("USERNAME"),
                        responses, Optional.of(opened), Map.of(), clientMetadata);
            }
            case EMAIL_OTP -> answerCode(client, session, responses, clientMetadata);
            case WEB_AUTHN -> answerPasskey(client, session, responses, clientMetadata);
            default -> throw CognitoException.invalidParameter("Challenge " + challengeName
                    + " is not supported by this user pool.");
        };
    }

    /**
     * Starts {@code factor}, named up front or picked from SELECT_CHALLENGE; {@code validationData}
     * for PreAuthentication, {@code clientMetadata} for the triggers of tokens issued now.
     */
    private MfaSignIn.Step factor(AppClient client, String factor, String rawUsername, Map<String, String> parameters,
                                  Optional<ChallengeSessions.Session> selected, Map<String, String> validationData,
                                  Map<String, String> clientMetadata) {
        if (!firstFactors().contains(factor)) {
            throw CognitoException.invalidParameter("The challenge " + factor + " is not available for this user pool.");
        }
        return switch (factor) {
            case PASSWORD -> mfa.afterPassword(identity.checkPassword(client, rawUsername,
                    CognitoException.requiredParameter(parameters, "PASSWORD"), validationData),
                    parameters.get("DEVICE_KEY"), clientMetadata);
            case PASSWORD_SRP -> new MfaSignIn.Challenge(SrpSignIn.PASSWORD_VERIFIER, null,
                    srp.start(client, rawUsername, parameters.get("SRP_A")));
            case EMAIL_OTP -> sendCode(client, Username.of(rawUsername), selected);
            case WEB_AUTHN -> askPasskey(client, Username.of(rawUsername), selected);
            default -> throw new IllegalStateException("unlisted factor " + factor);
        };
    }

    private MfaSignIn.Step sendCode(AppClient client, Username username, Optional<ChallengeSessions.Session> selected) {
        // Spent before the user is looked up: its LimitExceededException tells nobody who exists.
        delivery.clientBudget().spend(client.clientId());
        Optional<User> found = directory.findByUsername(username);
        Optional<User> reachable = found.filter(u -> u.status() == UserStatus.CONFIRMED && u.enabled())
                .filter(u -> "true".equals(u.attributes().get("email_verified")) && u.attribute("email").isPresent());
        String destination = reachable.map(u -> UserAttributes.maskEmail(u.attribute("email").orElseThrow()))
                .orElseGet(() -> found.flatMap(u -> u.attribute("email")).map(UserAttributes::maskEmail)
                        .orElseGet(() -> delivery.decoys().forUsername(username)));
        String code = delivery.oneTimeCodes().newSignInCode();
        boolean withinLimit = delivery.userBudgets().take(userBudget(username), CODES_PER_USER_PER_HOUR, forgetAfter());
        var request = new CodeDelivery.Request(found.map(u -> u.username().value()).orElse(username.value()),
                reachable.flatMap(u -> u.attribute("email")).orElse(destination), "EMAIL", code, EMAIL_OTP,
                delivery.region());
        Triggers triggers = identity.triggers();
        if (reachable.isPresent() && withinLimit) {
            // CustomMessage_Authentication or, with a custom e-mail sender, CustomEmailSender_Authentication.
            triggers.deliver(triggers.codeMessage("Authentication", client.clientId(), request.username(),
                    Triggers.eventAttributes(reachable.get()), code), delivery.codes(), request);
        } else {
            // Same event, where no sender listens, and the sender's KMS work when one is set: the
            // answer costs what a sent code costs.
            triggers.encryptWithheldCode(code);
            delivery.codes().sendDecoy(request);
        }
        String sub = subOf(found);
        String detail = OneTimeCodes.hash(code, codeSalt(sub));
        String session = selected.map(from -> sessions.next(Stage.EMAIL_OTP, from, detail))
                .orElseGet(() -> sessions.issue(Stage.EMAIL_OTP, sub, versionOf(found), username.key(),
                        client, detail));
        return new MfaSignIn.Challenge(EMAIL_OTP, session, Map.of(
                "CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL",
                "CODE_DELIVERY_DESTINATION", destination,
                "USERNAME", answeredName(username)));
    }

    private MfaSignIn.Step askPasskey(AppClient client, Username username, Optional<ChallengeSessions.Session> selected) {
        Optional<User> found = directory.findByUsername(username);
        PasskeyAssertions.Assertion assertion = found.map(passkeys::start).orElseGet(this::decoyAssertion);
        String detail = Base64.getUrlEncoder().withoutPadding().encodeToString(assertion.challenge());
        String session = selected.map(from -> sessions.next(Stage.WEB_AUTHN, from, detail))
                .orElseGet(() -> sessions.issue(Stage.WEB_AUTHN, subOf(found), versionOf(found), username.key(),
                        client, detail));
        return new MfaSignIn.Challenge(WEB_AUTHN, session, Map.of(
                "CREDENTIAL_REQUEST_OPTIONS", assertion.requestOptionsJson(),
                "USERNAME", answeredName(username)));
    }

    /**
     * The options a username with no user gets: a fresh challenge and no credentials, the same
     * options every user gets (the request options list no credentials), made by the same code.
     */
    private PasskeyAssertions.Assertion decoyAssertion() {
        User nobody = new User(unusedSub(), Username.of("nobody"), UserStatus.CONFIRMED, false, Map.of(), "",
                Optional.empty(), Instant.EPOCH, Instant.EPOCH);
        return passkeys.start(nobody);
    }

    private MfaSignIn.Step answerCode(AppClient client, String session, Map<String, String> responses,
                                      Map<String, String> clientMetadata) {
        ChallengeSessions.Session opened = openFor(client, session, Stage.EMAIL_OTP, responses);
        String code = CognitoException.requiredParameter(responses, "EMAIL_OTP_CODE");
        return completePasswordless(client, session, opened, responses, clientMetadata, found ->
                OneTimeCodes.matches(code, codeSalt(opened.sub()), opened.detail()));
    }

    private MfaSignIn.Step answerPasskey(AppClient client, String session, Map<String, String> responses,
                                         Map<String, String> clientMetadata) {
        ChallengeSessions.Session opened = openFor(client, session, Stage.WEB_AUTHN, responses);
        String credential = CognitoException.requiredParameter(responses, "CREDENTIAL");
        byte[] challenge = Base64.getUrlDecoder().decode(opened.detail());
        return completePasswordless(client, session, opened, responses, clientMetadata, found ->
                found.map(user -> passkeys.verify(user, challenge, credential)).orElse(false));
    }

    /** The answer's proof, given the user the session was made for (if they still are that user). */
    private interface PasswordlessProof {
        boolean holdsFor(Optional<User> user);
    }

    /**
     * Checks a code or passkey answer through the sign-in's lockout count, then signs in once:
     * the session's use is claimed like a used TOTP step, so a replayed answer mints nothing.
     */
    private MfaSignIn.Step completePasswordless(AppClient client, String session, ChallengeSessions.Session opened,
                                                Map<String, String> responses, Map<String, String> clientMetadata,
                                                PasswordlessProof proof) {
        // A code or a passkey: neither is one of the challenges Cognito's events name (Password, Mfa).
        PasswordSignIn.Verified verified = passwordSignIn.verify(Username.of(responses.get("USERNAME")), found ->
                proof.holdsFor(found.filter(opened::madeFor)) && found.filter(opened::madeFor).isPresent(), List.of());
        User user = verified.user();
        // Only a right code or passkey answer of a known user reaches the trigger, as a right password does.
        identity.preAuthentication(verified, client);
        identity.requireMaySignIn(verified);
        if (!usedSessions.claim(user.sub(), MfaSignIn.sessionMark(session), opened.expiresAt())) {
            passwordSignIn.awaitingSecondFactor(verified.attempt());
            throw CognitoException.notAuthorized(MfaSignIn.USED_ONCE);
        }
        passwordSignIn.completed(verified.attempt());
        return new MfaSignIn.Tokens(identity.startSession(user, client, List.of(), TokenGeneration.AUTHENTICATION,
                clientMetadata));
    }

    private ChallengeSessions.Session openFor(AppClient client, String session, Stage stage,
                                              Map<String, String> responses) {
        return sessions.openFor(session, stage, client.clientId(), responses.get("USERNAME"));
    }

    private String userBudget(Username username) {
        return "EMAIL_OTP#" + username.key() + "#" + clock.instant().getEpochSecond() / HOUR_SECONDS;
    }

    private Instant forgetAfter() {
        return Instant.ofEpochSecond((clock.instant().getEpochSecond() / HOUR_SECONDS + 2) * HOUR_SECONDS);
    }

    /** The code's hash is salted with the sub the session names, so it is bound to that user. */
    private static String codeSalt(String sub) {
        return "EMAIL_OTP:" + sub;
    }

    private String subOf(Optional<User> found) {
        return found.map(User::sub).orElseGet(this::unusedSub);
    }

    /** A decoy's version is 1, a stored user's first, so it reads like any other. */
    private static long versionOf(Optional<User> found) {
        return found.map(User::version).orElse(1L);
    }

    /**
     * The username every answer names: case-folded, for real and unknown users alike (the stored
     * spelling would tell that the user exists whenever it was typed in another case).
     */
    private static String answeredName(Username typed) {
        return typed.key();
    }

    /** A sub no user has, as long as a real one, so a session's length tells nothing. */
    private String unusedSub() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
