package io.cognate.domain.signin;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.srp.SrpSignIn;
import io.cognate.domain.triggers.Triggers;
import io.cognate.domain.triggers.Triggers.ChallengeResult;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * CUSTOM_AUTH: the pool's DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse
 * triggers decide the sign-in, round by round, as in Cognito. InitiateAuth calls Define with the
 * rounds so far (none, or {@code SRP_A} when the caller starts with SRP); Define answers tokens,
 * failure, or the next challenge: {@code CUSTOM_CHALLENGE}, whose content Create makes, or, right
 * after {@code SRP_A}, {@code PASSWORD_VERIFIER}. RespondToAuthChallenge's {@code ANSWER} goes to
 * Verify, its verdict joins the rounds, and Define is asked again.
 *
 * <p>The rounds, the pending challenge's metadata and its private parameters travel in the
 * {@code Session}, sealed under the multi-region data key ({@link ChallengeSessions}): whichever
 * region the answer reaches can go on, and the caller never sees the private parameters. Each
 * session answers once (its use is claimed where used TOTP steps are), lasts the client's
 * {@code AuthSessionValidity} per round, and a sign-in asks at most {@link #MAX_CHALLENGES}
 * challenges.
 *
 * <p>Each answer is an attempt on the same lockout count as passwords: a locked account is
 * refused before Verify runs, a wrong answer counts as a wrong password, and the count starts
 * again only when tokens are issued, so a right answer to an easy round buys no more guesses at a
 * hard one. A username with no user gets {@code UserNotFoundException}, unless the client has
 * {@code PreventUserExistenceErrors} ENABLED: then the triggers are asked with
 * {@code userNotFound=true}, the session and parameters look like a real user's, and no answer
 * signs anyone in.
 *
 * <p>When Define issues tokens, the rest is a proven first factor's: PreAuthentication (after the
 * challenges, as the password flows call it after the password, so its refusal tells nobody
 * without the answers who exists), the user's status, then the second factor if the user has one
 * or the pool asks for it ({@link MfaSignIn#afterPassword}), and PostAuthentication with the tokens.
 */
public final class CustomChallengeSignIn {
    public static final String CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE";
    public static final String ALLOW_CUSTOM_AUTH = "ALLOW_CUSTOM_AUTH";
    static final String SRP_A = "SRP_A";
    /**
     * The most challenges one sign-in asks (rounds in Define's session list, SRP_A and
     * PASSWORD_VERIFIER included). Cognito documents no number we could find; this one is ours,
     * large enough for SRP and a few custom rounds, small enough that a session stays well within
     * Cognito's 2,048 characters and that a Define which never decides ends.
     */
    public static final int MAX_CHALLENGES = 8;
    private static final String PREVENTION_ENABLED = "ENABLED";

    private final IdentityService identity;
    private final MfaSignIn mfa;
    private final SrpSignIn srp;
    private final PasswordSignIn passwordSignIn;
    private final SignInAttempts attempts;
    private final UserDirectory directory;
    private final ChallengeSessions sessions;
    private final UsedTotpCodes usedSessions;
    private final Triggers triggers;
    private final SecureRandom random;

    public CustomChallengeSignIn(IdentityService identity, MfaSignIn mfa, SrpSignIn srp, PasswordSignIn passwordSignIn,
                                 SignInAttempts attempts, UserDirectory directory, ChallengeSessions sessions,
                                 UsedTotpCodes usedSessions, SecureRandom random) {
        this.identity = identity;
        this.mfa = mfa;
        this.srp = srp;
        this.passwordSignIn = passwordSignIn;
        this.attempts = attempts;
        this.directory = directory;
        this.sessions = sessions;
        this.usedSessions = usedSessions;
        this.triggers = identity.triggers();
        this.random = random;
    }

    /**
     * Who a sign-in is for: the user the username named when it began, or, for a username with no
     * user, a sub nobody has (of the same length, so the session tells nothing).
     */
    private record Candidate(Optional<User> user, String sub, long userVersion, String account, String userName) {
        boolean userNotFound() {
            return user.isEmpty();
        }

        Map<String, String> eventAttributes() {
            return user.map(Triggers::eventAttributes).orElse(Map.of());
        }
    }

    /**
     * What a session carries besides its user: the rounds so far, the pending challenge's metadata
     * and private parameters, and a nonce, so that no two sessions are alike (their use is claimed
     * by their hash) however alike their rounds. Never printed: the private parameters are what
     * answers are checked against.
     */
    private record State(boolean userNotFound, List<ChallengeResult> rounds, String pendingMetadata,
                         Map<String, String> privateParameters, String nonce) {
        State {
            rounds = List.copyOf(rounds);
            privateParameters = Map.copyOf(privateParameters);
        }

        String encode() {
            var json = new LinkedHashMap<String, Object>();
            // 0 or 1, not false or true: a session for nobody must be as long as one for a user.
            json.put("n", userNotFound ? 1 : 0);
            var list = new ArrayList<Object>();
            for (ChallengeResult round : rounds) {
                var entry = new ArrayList<Object>();
                entry.add(round.challengeName());
                entry.add(round.challengeResult() ? 1 : 0);
                entry.add(round.challengeMetadata());
                list.add(entry);
            }
            json.put("r", list);
            json.put("m", pendingMetadata);
            json.put("p", new LinkedHashMap<>(privateParameters));
            json.put("i", nonce);
            return JSONObjectUtils.toJSONString(json);
        }

        static State decode(String detail) {
            try {
                Map<String, Object> json = JSONObjectUtils.parse(detail);
                var rounds = new ArrayList<ChallengeResult>();
                for (Object entry : JSONObjectUtils.getJSONArray(json, "r")) {
                    List<?> round = (List<?>) entry;
                    rounds.add(new ChallengeResult((String) round.get(0), ((Number) round.get(1)).intValue() == 1,
                            (String) round.get(2)));
                }
                var privateParameters = new LinkedHashMap<String, String>();
                JSONObjectUtils.getJSONObject(json, "p").forEach((name, value) -> privateParameters.put(name, (String) value));
                return new State(JSONObjectUtils.getInt(json, "n") == 1, rounds, JSONObjectUtils.getString(json, "m"),
                        privateParameters, JSONObjectUtils.getString(json, "i"));
            } catch (ParseException | ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
                throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
            }
        }

        @Override
        public String toString() {
            return "State[rounds=" + rounds.size() + "]";
        }
    }

    /**
     * InitiateAuth and AdminInitiateAuth CUSTOM_AUTH: {@code USERNAME}, and {@code CHALLENGE_NAME}
     * {@code SRP_A} with {@code SRP_A} to prove the password first.
     */
    public MfaSignIn.Step start(String clientId, Map<String, String> parameters, Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        if (!client.allows(ALLOW_CUSTOM_AUTH)) {
            throw CognitoException.invalidParameter("CUSTOM_AUTH flow not enabled for this client");
        }
        if (!triggers.customChallengesConfigured()) {
            throw CognitoException.invalidParameter("Custom auth lambda trigger is not configured for the user pool.");
        }
        String rawUsername = CognitoException.requiredParameter(parameters, "USERNAME");
        boolean srpFirst = SRP_A.equals(parameters.get("CHALLENGE_NAME"));
        String srpA = srpFirst ? CognitoException.requiredParameter(parameters, "SRP_A") : null;
        Username username = Username.of(rawUsername);
        // Nothing is created, and no trigger asked, for an account that may not try now.
        attempts.refuseIfLocked(username.key());
        Optional<User> found = directory.findByUsername(username);
        if (found.isEmpty() && !PREVENTION_ENABLED.equals(client.settings().preventUserExistenceErrors())) {
            throw CognitoException.userNotFound();
        }
        Candidate candidate = new Candidate(found, found.map(User::sub).orElseGet(this::unusedSub),
                found.map(User::version).orElse(1L), username.key(),
                found.map(u -> u.username().value()).orElse(rawUsername));
        List<ChallengeResult> rounds = srpFirst ? List.of(new ChallengeResult(SRP_A, true, null)) : List.of();
        return decide(client, candidate, rounds, clientMetadata, srpA, rawUsername, null);
    }

    /** RespondToAuthChallenge CUSTOM_CHALLENGE: {@code ANSWER} to the session's challenge. */
    public MfaSignIn.Step answer(String clientId, String session, Map<String, String> responses,
                                 Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        ChallengeSessions.Session opened = sessions.openFor(session, Stage.CUSTOM_CHALLENGE, client.clientId(),
                responses.get("USERNAME"));
        String answer = CognitoException.requiredParameter(responses, "ANSWER");
        State state = State.decode(opened.detail());
        // Counted before Verify is asked: a locked account never reaches the app's check.
        SignInAttempts.Attempt attempt = attempts.begin(opened.account());
        if (!usedSessions.claim(opened.sub(), MfaSignIn.sessionMark(session), opened.expiresAt())) {
            attempts.released(attempt);
            throw CognitoException.notAuthorized(MfaSignIn.USED_ONCE);
        }
        Candidate candidate = candidate(opened, state, responses.get("USERNAME"), attempt);
        boolean correct;
        try {
            correct = triggers.verifyAuthChallengeResponse(client.clientId(), candidate.userName(),
                    candidate.eventAttributes(), candidate.userNotFound(), state.privateParameters(), answer,
                    clientMetadata);
        } catch (CognitoException failed) {
            attempts.released(attempt);
            throw failed;
        }
        if (correct) {
            // Counted until tokens are issued: a right answer to one round starts nothing again.
            attempts.released(attempt);
        } else {
            attempts.failed(attempt);
            passwordSignIn.history().refused(Username.of(responses.get("USERNAME")), candidate.user(), List.of());
        }
        var rounds = new ArrayList<>(state.rounds());
        rounds.add(new ChallengeResult(CUSTOM_CHALLENGE, correct, state.pendingMetadata()));
        return decide(client, candidate, rounds, clientMetadata, null, null, responses.get("DEVICE_KEY"));
    }

    /**
     * RespondToAuthChallenge PASSWORD_VERIFIER with the session of a CUSTOM_AUTH sign-in begun with
     * SRP: the claim is checked as USER_SRP_AUTH's (counted, a wrong password refused), then Define
     * is asked again with {@code PASSWORD_VERIFIER} passed.
     */
    public MfaSignIn.Step answerPassword(String clientId, String session, Map<String, String> responses,
                                         Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        ChallengeSessions.Session opened = sessions.openFor(session, Stage.CUSTOM_PASSWORD_VERIFIER, client.clientId(),
                responses.get("USERNAME"));
        State state = State.decode(opened.detail());
        IdentityService.PasswordChecked checked = srp.answerForCustomChallenges(client, responses);
        if (!opened.madeFor(checked.user())) {
            // Changed (a new password, say) since the sign-in began.
            passwordSignIn.awaitingSecondFactor(checked.attempt());
            throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
        }
        if (!usedSessions.claim(opened.sub(), MfaSignIn.sessionMark(session), opened.expiresAt())) {
            passwordSignIn.awaitingSecondFactor(checked.attempt());
            throw CognitoException.notAuthorized(MfaSignIn.USED_ONCE);
        }
        // The password is proven; the count starts again only when tokens are issued.
        passwordSignIn.awaitingSecondFactor(checked.attempt());
        User user = checked.user();
        Candidate candidate = new Candidate(Optional.of(user), user.sub(), user.version(), opened.account(),
                user.username().value());
        var rounds = new ArrayList<>(state.rounds());
        rounds.add(new ChallengeResult(SrpSignIn.PASSWORD_VERIFIER, true, null));
        return decide(client, candidate, rounds, clientMetadata, null, null, responses.get("DEVICE_KEY"));
    }

    /**
     * The user a session was made for, still that user (same sub and version); for a session of a
     * username with no user, nobody, after the same read.
     */
    private Candidate candidate(ChallengeSessions.Session opened, State state, String typedUsername,
                                SignInAttempts.Attempt attempt) {
        Optional<User> user = directory.findBySub(opened.sub()).filter(opened::madeFor);
        if (!state.userNotFound() && user.isEmpty()) {
            // Deleted or changed (a new password, say) since the sign-in began.
            attempts.failed(attempt);
            throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
        }
        Optional<User> found = state.userNotFound() ? Optional.empty() : user;
        return new Candidate(found, opened.sub(), opened.userVersion(), opened.account(),
                found.map(u -> u.username().value()).orElse(typedUsername));
    }

    /** Asks Define what follows {@code rounds}, and does it. */
    private MfaSignIn.Step decide(AppClient client, Candidate candidate, List<ChallengeResult> rounds,
                                  Map<String, String> clientMetadata, String srpA, String rawUsername,
                                  String deviceKey) {
        Triggers.ChallengeDecision decision = triggers.defineAuthChallenge(client.clientId(), candidate.userName(),
                candidate.eventAttributes(), candidate.userNotFound(), rounds, clientMetadata);
        if (decision.failAuthentication()) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        if (decision.issueTokens()) {
            return signIn(client, candidate, deviceKey, clientMetadata);
        }
        if (rounds.size() >= MAX_CHALLENGES) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        String name = decision.challengeName();
        if (CUSTOM_CHALLENGE.equals(name)) {
            return customChallenge(client, candidate, rounds, clientMetadata);
        }
        if (SrpSignIn.PASSWORD_VERIFIER.equals(name) && srpA != null) {
            Map<String, String> parameters = srp.startForCustomChallenges(client, rawUsername, srpA);
            String session = seal(Stage.CUSTOM_PASSWORD_VERIFIER, client, candidate,
                    new State(candidate.userNotFound(), rounds, null, Map.of(), nonce()));
            return new MfaSignIn.Challenge(SrpSignIn.PASSWORD_VERIFIER, session, parameters);
        }
        // No outcome, or a challenge this pool cannot ask here (SMS_MFA, or PASSWORD_VERIFIER
        // without SRP_A to answer it with): Cognito cannot act on the answer either.
        throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output");
    }

    private MfaSignIn.Step customChallenge(AppClient client, Candidate candidate, List<ChallengeResult> rounds,
                                           Map<String, String> clientMetadata) {
        Triggers.CreatedChallenge created = triggers.createAuthChallenge(client.clientId(), candidate.userName(),
                candidate.eventAttributes(), candidate.userNotFound(), CUSTOM_CHALLENGE, rounds, clientMetadata);
        String session = seal(Stage.CUSTOM_CHALLENGE, client, candidate, new State(candidate.userNotFound(), rounds,
                created.challengeMetadata(), created.privateChallengeParameters(), nonce()));
        var parameters = new LinkedHashMap<>(created.publicChallengeParameters());
        parameters.put("USERNAME", candidate.account());
        return new MfaSignIn.Challenge(CUSTOM_CHALLENGE, session, parameters);
    }

    private String seal(Stage stage, AppClient client, Candidate candidate, State state) {
        String session = sessions.issue(stage, candidate.sub(), candidate.userVersion(), candidate.account(), client,
                state.encode());
        if (session.length() > ChallengeSessions.MAX_LENGTH) {
            // The session carries them to whichever region is answered: they must fit in it.
            throw new CognitoException("InvalidLambdaResponseException",
                    "CreateAuthChallenge failed: privateChallengeParameters and challengeMetadata are too large.");
        }
        return session;
    }

    /** Define issued tokens: what follows any proven first factor, for a user who exists. */
    private MfaSignIn.Step signIn(AppClient client, Candidate candidate, String deviceKey,
                                Map<String, String> clientMetadata) {
        if (candidate.user().isEmpty()) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        User user = candidate.user().get();
        if (!user.enabled()) {
            throw CognitoException.notAuthorized(PasswordSignIn.USER_DISABLED);
        }
        var verified = new PasswordSignIn.Verified(user, new SignInAttempts.Attempt(candidate.account(), 0));
        identity.preAuthentication(verified, client);
        identity.requireMaySignIn(verified);
        // RespondToAuthChallenge's ClientMetadata goes on to PostAuthentication and PreTokenGeneration, as Cognito sends it.
        return mfa.afterPassword(new IdentityService.PasswordChecked(user, client, verified.attempt()), deviceKey,
                clientMetadata);
    }

    private String nonce() {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /** A sub no user has, as long as a real one. */
    private String unusedSub() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
