package io.cognate.domain;

import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.sessions.SessionIds;
import io.cognate.domain.tokens.AccessTokenMessages;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.domain.tokens.VerifiedToken;
import io.cognate.domain.triggers.TokenGeneration;
import io.cognate.domain.triggers.Triggers;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.SessionStore;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The user-facing identity operations, in Cognito's terms. Reads are served by every region;
 * Directory writes go through {@link #fenced}, which lets the store commit them only while this
 * region holds the leader record.
 */
public final class IdentityService {
    static final Duration CONFIRMATION_CODE_TTL = Duration.ofHours(24);
    private static final String RESEND = "ResendConfirmationCode";
    /** Cognito's answer to ResendConfirmationCode in a pool that does not auto-verify e-mail. */
    static final String NO_AUTO_VERIFICATION = "Cannot resend codes. Auto verification not turned on.";
    public static final String TEMPORARY_PASSWORD_EXPIRED =
            "Temporary password has expired and must be reset by an administrator.";

    private final String region;
    private final UserDirectory directory;
    private final SessionStore sessions;
    private final CodeDelivery codeDelivery;
    private final PoolRules rules;
    private final PasswordRecords passwords;
    private final OneTimeCodes codes;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer tokenIssuer;
    private final TokenVerifier tokenVerifier;
    private final Clock clock;
    private final WriteFence fence;
    private final PasswordSignIn passwordSignIn;
    private final DecoyDestinations decoyDestinations;
    private final ClientSendBudget sendBudget;
    private final WithheldCodes withheldCodes;
    private final Triggers triggers;

    public IdentityService(String region, UserDirectory directory, SessionStore sessions, WriteFence fence,
                           CodeDelivery codeDelivery, PoolRules rules, PasswordRecords passwords,
                           OneTimeCodes codes, RefreshTokens refreshTokens, TokenIssuer tokenIssuer,
                           TokenVerifier tokenVerifier, Clock clock, PasswordSignIn passwordSignIn,
                           DecoyDestinations decoyDestinations, ClientSendBudget sendBudget, Triggers triggers) {
        this.region = region;
        this.directory = directory;
        this.sessions = sessions;
        this.codeDelivery = codeDelivery;
        this.rules = rules;
        this.passwords = passwords;
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.tokenIssuer = tokenIssuer;
        this.tokenVerifier = tokenVerifier;
        this.clock = clock;
        this.fence = fence;
        this.passwordSignIn = passwordSignIn;
        this.decoyDestinations = decoyDestinations;
        this.sendBudget = sendBudget;
        this.withheldCodes = new WithheldCodes(region, directory, codeDelivery, codes, triggers);
        this.triggers = triggers;
    }

    /** The pool's triggers, for the operations that share this service's users. */
    public Triggers triggers() {
        return triggers;
    }

    public record CodeDeliveryDetails(String destination, String deliveryMedium, String attributeName) {
        /** A code sent (or answered as sent) to this e-mail address, shown masked. */
        public static CodeDeliveryDetails email(String address) {
            return masked(UserAttributes.maskEmail(address));
        }

        /** The same for a destination masked already (a decoy). */
        public static CodeDeliveryDetails masked(String destination) {
            return new CodeDeliveryDetails(destination, "EMAIL", "email");
        }
    }

    public record SignUpResult(String userSub, boolean userConfirmed, CodeDeliveryDetails codeDelivery) {
    }

    public SignUpResult signUp(String clientId, String rawUsername, String password,
                               List<UserAttributes.Attribute> attributes) {
        return signUp(clientId, rawUsername, password, attributes, Map.of(), Map.of());
    }

    /**
     * SignUp with the request's {@code ValidationData} (PreSignUp's {@code validationData}) and
     * {@code ClientMetadata} (PreSignUp's and CustomMessage's {@code clientMetadata}).
     */
    public SignUpResult signUp(String clientId, String rawUsername, String password,
                               List<UserAttributes.Attribute> attributes, Map<String, String> validationData,
                               Map<String, String> clientMetadata) {
        AppClient client = requireClient(clientId);
        rules.checkSelfSignUp();
        Username username = Username.of(rawUsername);
        rules.checkPassword(password);
        // Only what the client may write (Cognito's WriteAttributes), like UpdateUserAttributes.
        Map<String, String> attrs = new LinkedHashMap<>(UserAttributes.fromClient(attributes, client));
        rules.checkSignUpAttributes(attrs);
        String email = attrs.get("email");
        if (email == null) {
            throw CognitoException.invalidParameter("Attributes did not conform to the schema: email: The attribute is required");
        }
        // PreSignUp sees the attributes as the caller gave them, before anything is written or
        // spent: a refusal leaves no trace.
        Triggers.SignUpDecision decision = triggers.preSignUp("PreSignUp_SignUp", clientId, username.value(),
                attrs, validationData, clientMetadata);
        boolean confirmed = decision.autoConfirmUser();
        attrs.put("email_verified", Boolean.toString(decision.autoVerifyEmail()));
        String sub = UUID.randomUUID().toString();
        if (confirmed) {
            // Confirmed by the trigger: no code to send, so none of the client's send budget spent.
            return fenced(leader -> {
                Instant now = clock.instant();
                PasswordRecords.Stored stored = passwords.make(sub, username, password);
                create(new User(sub, username, UserStatus.CONFIRMED, true, attrs, stored.hash(), Optional.empty(),
                        now, now, 0, stored.srpVerifier()), leader);
                return new SignUpResult(sub, true, null);
            });
        }
        // A pool that does not auto-verify e-mail sends no code: the user stays UNCONFIRMED
        // until AdminConfirmSignUp, and the answer has no CodeDeliveryDetails, as Cognito's.
        boolean sendsCode = rules.autoVerifiesEmail();
        String code = codes.newCode();
        Triggers.CodeMessage message = Triggers.POOL_TEMPLATE;
        if (sendsCode) {
            sendBudget.spend(clientId);
            var eventAttributes = new LinkedHashMap<String, String>();
            eventAttributes.put("sub", sub);
            eventAttributes.putAll(attrs);
            eventAttributes.put("cognito:user_status", UserStatus.UNCONFIRMED.name());
            message = triggers.codeMessage("SignUp", clientId, username.value(), eventAttributes, code,
                    clientMetadata);
        }
        Triggers.CodeMessage codeMessage = message;
        return fenced(leader -> {
            Instant now = clock.instant();
            PasswordRecords.Stored stored = passwords.make(sub, username, password);
            Optional<PendingCode> pending = sendsCode
                    ? Optional.of(PendingCode.first(OneTimeCodes.hash(code, sub), now.plus(CONFIRMATION_CODE_TTL), now))
                    : Optional.empty();
            User user = new User(sub, username, UserStatus.UNCONFIRMED, true, attrs, stored.hash(), pending,
                    now, now, 0, stored.srpVerifier());
            create(user, leader);
            return new SignUpResult(sub, false, sendsCode ? deliver(user, code, "SignUp", codeMessage) : null);
        });
    }

    private void create(User user, LeaderRecord leader) {
        try {
            directory.create(user, leader);
        } catch (UserDirectory.UsernameTaken e) {
            throw CognitoException.usernameExists();
        }
    }

    /**
     * Confirms a sign-up with its code. The PostConfirmation trigger runs once the confirmation is
     * committed; as in Cognito, its failure is the caller's answer though the user stays confirmed.
     */
    public void confirmSignUp(String clientId, String rawUsername, String code) {
        confirmSignUp(clientId, rawUsername, code, Map.of());
    }

    /** The same, the request's {@code ClientMetadata} passed on to PostConfirmation. */
    public void confirmSignUp(String clientId, String rawUsername, String code, Map<String, String> clientMetadata) {
        requireClient(clientId);
        Username username = Username.of(rawUsername);
        User confirmed = fenced(leader -> {
            // An unknown user looks like a wrong code, so the answer does not reveal who exists.
            User user = directory.findByUsername(username).orElseThrow(CognitoException::codeMismatch);
            if (user.status() != UserStatus.UNCONFIRMED) {
                // Only a sign-up is confirmed by code: a user in any other status has none to confirm.
                throw CognitoException.notAuthorized("User cannot be confirmed. Current status is " + user.status().name());
            }
            Instant now = clock.instant();
            // Counted like every code guess: at most five compared per hour, however many arrive at once.
            CodeGuesses.check(directory, user, user.sub(), code, now, leader);
            var attrs = new LinkedHashMap<>(user.attributes());
            attrs.put("email_verified", "true");
            return directory.update(user.withAttributes(attrs, now).withStatus(UserStatus.CONFIRMED, now), leader);
        });
        triggers.postConfirmation("PostConfirmation_ConfirmSignUp", clientId, confirmed, clientMetadata);
    }

    /**
     * Sends a new sign-up code to an unconfirmed user; anyone else is answered the same with no
     * code. A pool that does not auto-verify e-mail has no sign-up codes: every caller, known or
     * not, gets Cognito's {@code NotAuthorizedException} before any user is looked up.
     */
    public CodeDeliveryDetails resendConfirmationCode(String clientId, String rawUsername) {
        return resendConfirmationCode(clientId, rawUsername, Map.of());
    }

    /** The same, the request's {@code ClientMetadata} passed on to CustomMessage. */
    public CodeDeliveryDetails resendConfirmationCode(String clientId, String rawUsername,
                                                      Map<String, String> clientMetadata) {
        requireClient(clientId);
        Username username = Username.of(rawUsername);
        if (!rules.autoVerifiesEmail()) {
            throw CognitoException.notAuthorized(NO_AUTO_VERIFICATION);
        }
        sendBudget.spend(clientId);
        return fenced(leader -> {
            Instant now = clock.instant();
            Optional<User> found = directory.findByUsername(username);
            if (found.isEmpty()) {
                // Answer as if a code went out, so the response does not reveal who exists.
                return withheldCodes.withhold(username, RESEND, now, leader,
                        CodeDeliveryDetails.masked(decoyDestinations.forUsername(username)));
            }
            User user = found.get();
            CodeDeliveryDetails answer = CodeDeliveryDetails.email(user.attribute("email").orElse(""));
            if (user.status() != UserStatus.UNCONFIRMED) {
                // Nothing to confirm, and saying so would tell that the user exists: answer as
                // for anyone else, with the destination this user's answers always show.
                return withheldCodes.withhold(username, RESEND, now, leader, answer);
            }
            String code = codes.newCode();
            Optional<PendingCode> next = PendingCode.next(user.confirmationCode(), OneTimeCodes.hash(code, user.sub()),
                    now.plus(CONFIRMATION_CODE_TTL), now);
            if (next.isEmpty()) {
                // This hour's codes are sent. An error here would tell that the user exists (an
                // unknown one is answered as if a code went out): answer the same, send nothing.
                return withheldCodes.withhold(username, RESEND, now, leader, answer);
            }
            // Asked before the write, so a failing trigger leaves the pending code as it was.
            Triggers.CodeMessage message = triggers.codeMessage("ResendCode", clientId,
                    user.username().value(), Triggers.eventAttributes(user), code, clientMetadata);
            User updated = directory.update(user.withConfirmationCode(next.get(), now), leader);
            return deliver(updated, code, RESEND, message);
        });
    }

    /**
     * USER_PASSWORD_AUTH with the password alone. identity-api signs in through
     * {@code io.cognate.domain.mfa.MfaSignIn}, which adds the second factor where one is due.
     */
    public IssuedTokens passwordAuth(String clientId, String rawUsername, String password) {
        PasswordChecked checked = checkPassword(clientId, rawUsername, password);
        passwordSignIn.completed(checked.attempt());
        if (checked.user().status() == UserStatus.FORCE_CHANGE_PASSWORD) {
            // A temporary password starts no session: only NEW_PASSWORD_REQUIRED (MfaSignIn) follows it.
            throw CognitoException.notAuthorized("A new password is required: sign in through the NEW_PASSWORD_REQUIRED challenge.");
        }
        return startSession(checked.user(), checked.client());
    }

    /** A right password of a confirmed user, its attempt still counted (see {@link PasswordSignIn#verify}). */
    public record PasswordChecked(User user, AppClient client, SignInAttempts.Attempt attempt) {
    }

    /**
     * The first factor of USER_PASSWORD_AUTH: the client may use the flow, the password is right
     * and the user confirmed. The caller completes the attempt, or leaves it counted while a
     * second factor is asked for.
     */
    public PasswordChecked checkPassword(String clientId, String rawUsername, String password) {
        return checkPassword(clientId, rawUsername, password, Map.of());
    }

    /** The same, InitiateAuth's {@code ClientMetadata} being PreAuthentication's {@code validationData}, as in Cognito. */
    public PasswordChecked checkPassword(String clientId, String rawUsername, String password,
                                         Map<String, String> validationData) {
        AppClient client = requireClient(clientId);
        if (!client.allows(AppClient.ALLOW_USER_PASSWORD_AUTH)) {
            throw CognitoException.invalidParameter("USER_PASSWORD_AUTH flow not enabled for this client");
        }
        return checkPassword(client, rawUsername, password, validationData);
    }

    /** The same check for a client whose flow (USER_AUTH's PASSWORD factor) the caller has checked. */
    public PasswordChecked checkPassword(AppClient client, String rawUsername, String password) {
        return checkPassword(client, rawUsername, password, Map.of());
    }

    /** The same, with PreAuthentication's {@code validationData}. */
    public PasswordChecked checkPassword(AppClient client, String rawUsername, String password,
                                         Map<String, String> validationData) {
        if (rawUsername == null || rawUsername.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter USERNAME");
        }
        if (password == null || password.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter PASSWORD");
        }
        // Through the client: a user not here yet may be moved in on this sign-in (lazy migration).
        PasswordSignIn.Verified verified = passwordSignIn.verify(rawUsername, password, client.clientId(), validationData);
        preAuthentication(verified, client, validationData);
        requireMaySignIn(verified);
        return new PasswordChecked(withSrpVerifier(verified.user(), password), client, verified.attempt());
    }

    /**
     * The PreAuthentication trigger, for a user found whose password is right, before anything
     * about the user is answered. Cognito calls it before checking the password; here it comes
     * after, so its refusal (and the app's own bookkeeping in it) never tells a caller without the
     * password which usernames exist. A refusal ends the attempt, as a right password does.
     */
    public void preAuthentication(PasswordSignIn.Verified verified, AppClient client) {
        preAuthentication(verified, client, Map.of());
    }

    /** The same, with the {@code validationData} the caller gave (InitiateAuth's {@code ClientMetadata}). */
    public void preAuthentication(PasswordSignIn.Verified verified, AppClient client,
                                  Map<String, String> validationData) {
        try {
            triggers.preAuthentication(client.clientId(), verified.user(), validationData);
        } catch (CognitoException refused) {
            passwordSignIn.completed(verified.attempt());
            throw refused;
        }
    }

    /**
     * What a right password answers for a user whose status does not let them sign in with it:
     * {@code UserNotConfirmedException} before the sign-up code is confirmed,
     * {@code PasswordResetRequiredException} after an administrator reset the password, and
     * {@code NotAuthorizedException} for a temporary password past its expiry. Each is said only
     * after the right password, so it tells nothing to anyone who does not know it; the attempt is
     * then over. A valid temporary password passes: the sign-in goes on to NEW_PASSWORD_REQUIRED.
     */
    public void requireMaySignIn(PasswordSignIn.Verified verified) {
        User user = verified.user();
        CognitoException refusal = switch (user.status()) {
            case UNCONFIRMED -> CognitoException.userNotConfirmed();
            case RESET_REQUIRED -> CognitoException.passwordResetRequired();
            case FORCE_CHANGE_PASSWORD -> user.temporaryPasswordExpiredAt(clock.instant())
                    ? CognitoException.notAuthorized(TEMPORARY_PASSWORD_EXPIRED) : null;
            case CONFIRMED -> null;
            // A federated user signs in upstream only: it has no password (its stored hash is
            // empty), and the refusal is the wrong password's, so it says nothing more.
            case EXTERNAL_PROVIDER -> CognitoException.notAuthorized("Incorrect username or password.");
        };
        if (refusal != null) {
            passwordSignIn.completed(verified.attempt());
            throw refusal;
        }
    }

    /**
     * The user, with its password's stored forms current: a user who has no SRP verifier (signed
     * up before SRP sign-in existed, or moved in with a hash only) gets it here, and a user whose
     * hash is not the current Argon2id one (imported with a bcrypt, PBKDF2, scrypt or other hash)
     * gets both forms made again from the password ({@link PasswordRecords}), at a sign-in with the
     * right password, the only time the password is known. The write is fenced and conditional on
     * the version read. Where it cannot be made now (a region that does not lead, a change that
     * came first) the sign-in goes on without it: the old hash still checks the password, and a
     * later sign-in at the leading region makes the write.
     */
    private User withSrpVerifier(User user, String password) {
        if (!passwords.outdated(user)) {
            return user;
        }
        try {
            return fenced(leader -> {
                // Made once the region is known to lead: a replica would hash and seal for nothing.
                Instant now = clock.instant();
                User current = passwords.hashOutdated(user)
                        ? passwords.withNewPassword(user, password, now)
                        : user.withSrpVerifier(passwords.verifier(user.sub(), user.username(), password), now);
                try {
                    return directory.update(keepPending(current, user), leader);
                } catch (UserDirectory.ConcurrentUpdate changed) {
                    return user;
                }
            });
        } catch (CognitoException notNow) {
            return user;
        }
    }

    /** A rehash is the same password: what the user had pending (a code, a temporary password's expiry) stays. */
    private static User keepPending(User rehashed, User before) {
        return new User(rehashed.sub(), rehashed.username(), rehashed.status(), rehashed.enabled(), rehashed.attributes(),
                rehashed.passwordHash(), before.confirmationCode(), rehashed.createdAt(), rehashed.updatedAt(),
                rehashed.version(), rehashed.srpVerifier(), before.temporaryPasswordExpiresAt());
    }

    /** {@link #startSession(User, AppClient, List)} after the password alone. */
    public IssuedTokens startSession(User user, AppClient client) {
        return startSession(user, client, List.of(ChallengeResult.PASSWORD_SUCCESS));
    }

    /** {@link #startSession(User, AppClient, List, TokenGeneration, Map)} at the end of a sign-in, without client metadata. */
    public IssuedTokens startSession(User user, AppClient client, List<ChallengeResult> passed) {
        return startSession(user, client, passed, TokenGeneration.AUTHENTICATION, Map.of());
    }

    /**
     * Tokens of a new session for a user who has signed in after the challenges {@code passed},
     * and its refresh token's record; the sign-in is recorded in the user's event history.
     * {@code source} and {@code clientMetadata} are what PreTokenGeneration is told. Inside
     * {@link #authenticatingOnly} no tokens are issued: see there.
     */
    public IssuedTokens startSession(User user, AppClient client, List<ChallengeResult> passed, TokenGeneration source,
                                     Map<String, String> clientMetadata) {
        // Before the session is stored: a PostAuthentication failure is the caller's answer, and
        // leaves no session behind that nobody holds the tokens of.
        triggers.postAuthentication(client.clientId(), user, false, clientMetadata);
        Authenticated[] hosted = AUTHENTICATING_ONLY.get();
        if (hosted != null) {
            passwordSignIn.signedIn(user, passed);
            hosted[0] = new Authenticated(user.sub(), clock.instant());
            return IssuedTokens.NONE;
        }
        IssuedTokens tokens = newSession(user, client, source, clientMetadata);
        passwordSignIn.signedIn(user, passed);
        return tokens;
    }

    /** Who a sign-in inside {@link #authenticatingOnly} proved to be, and when. */
    public record Authenticated(String sub, Instant at) {
    }

    /** What {@link #authenticatingOnly} ran to: the last step, and who signed in if a step completed the sign-in. */
    public record Authenticating<T>(T step, Optional<Authenticated> authenticated) {
    }

    /** Set on the calling thread while {@link #authenticatingOnly} runs; its one slot holds who signed in. */
    private static final ThreadLocal<Authenticated[]> AUTHENTICATING_ONLY = new ThreadLocal<>();

    /**
     * Runs the steps of a hosted-page sign-in ({@code /login} and the pages after it) on the
     * calling thread. A step that completes the sign-in runs PostAuthentication and records the
     * sign-in as any sign-in does, but issues no tokens (its {@link IssuedTokens} is
     * {@link IssuedTokens#NONE}) and stores no refresh token: a hosted sign-in's tokens come from
     * the authorization code ({@link #startAuthorizedSession}, PreTokenGeneration's HostedAuth run
     * there), as Cognito's hosted UI gives them. Issuing them at the login as well ran
     * PreTokenGeneration twice and stored a refresh token nobody ever held.
     */
    public static <T> Authenticating<T> authenticatingOnly(Supplier<T> steps) {
        Authenticated[] hosted = new Authenticated[1];
        Authenticated[] outer = AUTHENTICATING_ONLY.get();
        AUTHENTICATING_ONLY.set(hosted);
        try {
            T step = steps.get();
            return new Authenticating<>(step, Optional.ofNullable(hosted[0]));
        } finally {
            if (outer == null) {
                AUTHENTICATING_ONLY.remove();
            } else {
                AUTHENTICATING_ONLY.set(outer);
            }
        }
    }

    private IssuedTokens newSession(User user, AppClient client, TokenGeneration source,
                                    Map<String, String> clientMetadata) {
        Instant now = clock.instant();
        String originJti = SessionIds.next(now);
        // The tokens first, PreTokenGeneration with them: if it fails, no refresh token is stored.
        IssuedTokens tokens = tokenIssuer.issue(user, client, now, originJti, (memberOf, scopes) ->
                triggers.preTokenGeneration(source, client.clientId(), user, memberOf, scopes, clientMetadata));
        String refreshToken = refreshTokens.newToken();
        sessions.saveRefreshToken(new RefreshTokenRecord(RefreshTokens.hash(refreshToken), user.sub(),
                client.clientId(), originJti, now, now, now.plus(client.refreshTokenValidity()), region));
        return tokens.withRefreshToken(refreshToken);
    }

    /**
     * Tokens for an authorization code redeemed at the OAuth token endpoint: the user proved who
     * they are at the hosted pages at {@code authTime} (their PostAuthentication ran there), and
     * granted {@code scopes}; the refresh token, when the client may refresh, keeps those scopes.
     */
    public IssuedTokens startAuthorizedSession(User user, AppClient client, Instant authTime, List<String> scopes,
                                               java.util.Optional<String> nonce) {
        Instant now = clock.instant();
        String originJti = SessionIds.next(now);
        IssuedTokens tokens = tokenIssuer.issue(user, client, authTime, originJti, (memberOf, granted) ->
                triggers.preTokenGeneration(TokenGeneration.HOSTED_AUTH, client.clientId(), user, memberOf, granted,
                        Map.of()), scopes, nonce);
        if (!client.allows(AppClient.ALLOW_REFRESH_TOKEN_AUTH)) {
            return tokens;
        }
        String refreshToken = refreshTokens.newToken();
        sessions.saveRefreshToken(new RefreshTokenRecord(RefreshTokens.hash(refreshToken), user.sub(),
                client.clientId(), originJti, authTime, now, now.plus(client.refreshTokenValidity()), region, scopes));
        return tokens.withRefreshToken(refreshToken);
    }

    /** The app client, or Cognito's {@code ResourceNotFoundException}. */
    public AppClient client(String clientId) {
        return requireClient(clientId);
    }

    public User getUser(String accessToken) {
        VerifiedToken token = verifyAccessToken(accessToken);
        return directory.findBySub(token.subject()).orElseThrow(CognitoException::userNotFound);
    }

    /** The user an access token was issued to, and the app client it was issued through. */
    public record SignedIn(User user, AppClient client) {
        /** The user's attributes this client may read ({@link AppClient#mayRead}), in stored order. */
        public Map<String, String> readableAttributes() {
            var readable = new LinkedHashMap<String, String>();
            user.attributes().forEach((name, value) -> {
                if (client.mayRead(name)) {
                    readable.put(name, value);
                }
            });
            return readable;
        }
    }

    /**
     * Like {@link #getUser}, with the token's app client, whose attribute permissions govern what
     * the caller may read and write. A token whose client no longer exists is refused.
     */
    public SignedIn signedIn(String accessToken) {
        VerifiedToken token = verifyAccessToken(accessToken);
        User user = directory.findBySub(token.subject()).orElseThrow(CognitoException::userNotFound);
        AppClient client = directory.findClient(token.clientId())
                .orElseThrow(() -> CognitoException.notAuthorized("Invalid Access Token"));
        return new SignedIn(user, client);
    }

    private VerifiedToken verifyAccessToken(String accessToken) {
        try {
            return tokenVerifier.verify(accessToken, TokenUse.ACCESS);
        } catch (TokenRejected rejected) {
            throw CognitoException.notAuthorized(AccessTokenMessages.of(rejected));
        }
    }

    private AppClient requireClient(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must not be null");
        }
        return directory.findClient(clientId)
                .orElseThrow(() -> CognitoException.resourceNotFound("User pool client " + clientId + " does not exist."));
    }

    private CodeDeliveryDetails deliver(User user, String code, String purpose, Triggers.CodeMessage message) {
        String email = user.attribute("email").orElseThrow();
        triggers.deliver(message, codeDelivery,
                new CodeDelivery.Request(user.username().value(), email, "EMAIL", code, purpose, region));
        return CodeDeliveryDetails.email(email);
    }

    /** Runs a Directory write behind the write fence (see {@link WriteFence}). */
    private <T> T fenced(Function<LeaderRecord, T> write) {
        return fence.run(write);
    }
}
