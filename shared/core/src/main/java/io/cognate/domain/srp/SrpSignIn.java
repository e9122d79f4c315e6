package io.cognate.domain.srp;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.ports.SecretEnvelopes;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * USER_SRP_AUTH: InitiateAuth with {@code SRP_A} answers the {@code PASSWORD_VERIFIER} challenge
 * ({@code SALT}, {@code SRP_B}, {@code SECRET_BLOCK}, {@code USER_ID_FOR_SRP}), and the client's
 * {@code PASSWORD_CLAIM_SIGNATURE} over {@code PASSWORD_CLAIM_SECRET_BLOCK} and {@code TIMESTAMP}
 * proves the password without sending it.
 *
 * <p>The server's half of the exchange (b, A, v) travels in the {@code SECRET_BLOCK}, sealed
 * under the multi-region data key like a challenge session, so the answer may reach any region.
 * The claim is checked through {@link PasswordSignIn}: the same lockout count, the same
 * {@code NotAuthorizedException} for a wrong password, an unknown user or a disabled account, and
 * the same {@code UserNotConfirmedException} after a right one. A username with no user (or a
 * user with no verifier yet) gets a challenge built on a {@link SrpVerifiers#decoy decoy
 * verifier}, made with the same reads, Decrypt and exponentiations, which no password answers.
 */
public final class SrpSignIn {
    public static final String PASSWORD_VERIFIER = "PASSWORD_VERIFIER";

    private final String userPoolId;
    private final IdentityService identity;
    private final PasswordSignIn passwordSignIn;
    private final UserDirectory directory;
    private final SrpVerifiers verifiers;
    private final SecretEnvelopes envelopes;
    private final UsedTotpCodes usedBlocks;
    private final SecureRandom random;
    private final Clock clock;

    public SrpSignIn(String userPoolId, IdentityService identity, PasswordSignIn passwordSignIn, UserDirectory directory,
                     SrpVerifiers verifiers, SecretEnvelopes envelopes, UsedTotpCodes usedBlocks, SecureRandom random,
                     Clock clock) {
        this.userPoolId = userPoolId;
        this.identity = identity;
        this.passwordSignIn = passwordSignIn;
        this.directory = directory;
        this.verifiers = verifiers;
        this.envelopes = envelopes;
        this.usedBlocks = usedBlocks;
        this.random = random;
        this.clock = clock;
    }

    /** InitiateAuth USER_SRP_AUTH: the PASSWORD_VERIFIER challenge's parameters. */
    public Map<String, String> start(String clientId, String rawUsername, String srpA) {
        AppClient client = identity.client(clientId);
        if (!client.allows(AppClient.ALLOW_USER_SRP_AUTH)) {
            throw CognitoException.invalidParameter("USER_SRP_AUTH flow not enabled for this client");
        }
        return start(client, rawUsername, srpA);
    }

    /** The same for a client whose flow (USER_AUTH's PASSWORD_SRP factor) the caller has checked. */
    public Map<String, String> start(AppClient client, String rawUsername, String srpA) {
        return start(client, rawUsername, srpA, context());
    }

    /**
     * The PASSWORD_VERIFIER challenge of a CUSTOM_AUTH sign-in begun with SRP. Its block is sealed
     * for that flow alone: answered as a plain USER_SRP_AUTH claim it opens nowhere, so a client
     * allowed only CUSTOM_AUTH cannot trade it for tokens without the custom challenges.
     */
    public Map<String, String> startForCustomChallenges(AppClient client, String rawUsername, String srpA) {
        return start(client, rawUsername, srpA, customChallengeContext());
    }

    private Map<String, String> start(AppClient client, String rawUsername, String srpA, Map<String, String> context) {
        requireParameter("USERNAME", rawUsername);
        requireParameter("SRP_A", srpA);
        BigInteger clientPublic;
        try {
            clientPublic = SrpGroup.parseHex(srpA);
        } catch (NumberFormatException e) {
            throw CognitoException.invalidParameter("SRP_A is not a hexadecimal number.");
        }
        // A ≡ 0 (mod N) would make the shared secret 0 whatever the password (RFC 5054, 2.5.4).
        if (clientPublic.mod(SrpGroup.N).signum() == 0) {
            throw CognitoException.invalidParameter("SRP_A is not valid.");
        }
        Username username = Username.of(rawUsername);
        Optional<User> found = directory.findByUsername(username).filter(User::hasSrpVerifier);
        SrpVerifiers.Verifier verifier = found.map(this::open).orElseGet(() -> verifiers.decoy(username));
        // The case-folded username, for real and unknown users alike: the stored spelling would
        // tell that the user exists whenever the caller typed it in another case.
        String userId = username.key();
        // A decoy names a sub no user has, as long as a real one, so the block's length tells nothing.
        SrpExchange exchange = new SrpExchange(username.key(), found.map(User::sub).orElseGet(this::unusedSub),
                found.map(User::version).orElse(1L), client.clientId(), verifiers.poolName(), userId,
                clock.instant().plus(ChallengeSessions.VALIDITY), clientPublic, SrpExchange.newSecret(random),
                verifier.verifier());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("SALT", SrpGroup.hex(verifier.salt()));
        parameters.put("SECRET_BLOCK", exchange.seal(envelopes, context));
        parameters.put("SRP_B", SrpGroup.hex(exchange.serverPublic()));
        parameters.put("USERNAME", userId);
        parameters.put("USER_ID_FOR_SRP", userId);
        return parameters;
    }

    /**
     * RespondToAuthChallenge PASSWORD_VERIFIER: the user whose password the claim proves, its
     * attempt still counted (the caller completes it or asks for a second factor).
     */
    public IdentityService.PasswordChecked answer(String clientId, Map<String, String> responses) {
        return answer(identity.client(clientId), responses, context());
    }

    /** The password claim of a CUSTOM_AUTH sign-in, against a block {@link #startForCustomChallenges} made. */
    public IdentityService.PasswordChecked answerForCustomChallenges(AppClient client, Map<String, String> responses) {
        return answer(client, responses, customChallengeContext());
    }

    private IdentityService.PasswordChecked answer(AppClient client, Map<String, String> responses,
                                                   Map<String, String> context) {
        String username = requireParameter("USERNAME", responses.get("USERNAME"));
        String secretBlock = requireParameter("PASSWORD_CLAIM_SECRET_BLOCK", responses.get("PASSWORD_CLAIM_SECRET_BLOCK"));
        String signature = requireParameter("PASSWORD_CLAIM_SIGNATURE", responses.get("PASSWORD_CLAIM_SIGNATURE"));
        String timestamp = requireParameter("TIMESTAMP", responses.get("TIMESTAMP"));
        PasswordClaims.requireTimestamp(timestamp);
        byte[] blockBytes = PasswordClaims.blockBytes(secretBlock);
        SrpExchange exchange = SrpExchange.open(envelopes, blockBytes, context);
        if (!clock.instant().isBefore(exchange.expiresAt())) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        if (!exchange.clientId().equals(client.clientId()) || !Username.of(username).key().equals(exchange.account())) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        byte[] claimed = PasswordClaims.signature(signature);
        PasswordSignIn.Verified verified = passwordSignIn.verify(Username.of(username), found -> {
            // Computed whoever the user is: a decoy exchange costs what a real one does.
            byte[] expected = exchange.expectedSignature(blockBytes, timestamp);
            boolean matches = MessageDigest.isEqual(expected, claimed);
            return matches && found.filter(u -> u.sub().equals(exchange.sub()) && u.version() == exchange.userVersion())
                    .isPresent();
        });
        // As for USER_PASSWORD_AUTH: only a right proof of a known user reaches the trigger.
        identity.preAuthentication(verified, client);
        identity.requireMaySignIn(verified);
        // A claim proves the password once: its block's use is claimed where used TOTP steps are
        // (conditional, replicated, writable in every region), so a captured claim replays nothing.
        if (!usedBlocks.claim(verified.user().sub(), MfaSignIn.sessionMark(secretBlock), exchange.expiresAt())) {
            passwordSignIn.awaitingSecondFactor(verified.attempt());
            throw CognitoException.notAuthorized(MfaSignIn.USED_ONCE);
        }
        return new IdentityService.PasswordChecked(verified.user(), client, verified.attempt());
    }


    private SrpVerifiers.Verifier open(User user) {
        try {
            return verifiers.open(user.sub(), user.srpVerifier());
        } catch (SecretEnvelopes.CannotOpen e) {
            // A verifier that is not this user's (copied from another record) proves nothing.
            return verifiers.decoy(user.username());
        }
    }

    private String unusedSub() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }








    private static String requireParameter(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter " + name);
        }
        return value;
    }

    private Map<String, String> context() {
        return Map.of("purpose", "srp-secret-block", "userPoolId", userPoolId);
    }

    private Map<String, String> customChallengeContext() {
        return Map.of("purpose", "srp-secret-block-custom-auth", "userPoolId", userPoolId);
    }
}
