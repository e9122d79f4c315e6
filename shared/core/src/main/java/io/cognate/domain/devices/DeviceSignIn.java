package io.cognate.domain.devices;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.ChallengeSessions.Stage;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.srp.PasswordClaims;
import io.cognate.domain.srp.SrpExchange;
import io.cognate.domain.srp.SrpGroup;
import io.cognate.domain.triggers.TokenGeneration;
import io.cognate.ports.SecretEnvelopes;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in from a remembered device: once the password is proven, a {@code DEVICE_KEY} naming one
 * of the user's remembered devices is answered with {@code DEVICE_SRP_AUTH} instead of the second
 * factor. The app answers with {@code SRP_A}, gets {@code DEVICE_PASSWORD_VERIFIER} ({@code SALT},
 * {@code SRP_B}, {@code SECRET_BLOCK}), and proves the device password with a
 * {@code PASSWORD_CLAIM_SIGNATURE} over the device group key, the device key, the secret block
 * and {@code TIMESTAMP}: SRP as for the user's password ({@link SrpGroup}), with the group key as
 * pool name and the device key as user id.
 *
 * <p>Nothing is written to the Directory, so every region serves it: the session and the secret
 * block are sealed under the multi-region data key, bound to the app client, the user (sub and
 * version) and the device, and expire with the sign-in's session. The password's attempt stays
 * counted until the device proof is right, and each proof is an attempt of its own: a wrong one
 * counts towards the lockout like a wrong password, so device proofs cannot be guessed at will.
 */
public final class DeviceSignIn {
    public static final String DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH";
    public static final String DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER";
    /** A sealed block is about 2,200 characters; anything much longer is not one of ours. */

    private final String userPoolId;
    private final DeviceService devices;
    private final IdentityService identity;
    private final PasswordSignIn passwordSignIn;
    private final SignInAttempts attempts;
    private final UserDirectory directory;
    private final ChallengeSessions sessions;
    private final SecretEnvelopes envelopes;
    private final UsedTotpCodes usedBlocks;
    private final SecureRandom random;
    private final Clock clock;

    public DeviceSignIn(String userPoolId, DeviceService devices, IdentityService identity,
                        PasswordSignIn passwordSignIn, SignInAttempts attempts, UserDirectory directory,
                        ChallengeSessions sessions, SecretEnvelopes envelopes, UsedTotpCodes usedBlocks,
                        SecureRandom random, Clock clock) {
        this.userPoolId = userPoolId;
        this.devices = devices;
        this.identity = identity;
        this.passwordSignIn = passwordSignIn;
        this.attempts = attempts;
        this.directory = directory;
        this.sessions = sessions;
        this.envelopes = envelopes;
        this.usedBlocks = usedBlocks;
        this.random = random;
        this.clock = clock;
    }

    public DeviceService devices() {
        return devices;
    }

    /**
     * After the password: the DEVICE_SRP_AUTH challenge, when {@code deviceKey} names a remembered
     * device of this user and remembered devices replace MFA; empty otherwise (an unknown,
     * forgotten or not remembered device, or another user's, takes the normal path).
     */
    public Optional<MfaSignIn.Challenge> challenge(IdentityService.PasswordChecked checked, String deviceKey) {
        User user = checked.user();
        return devices.rememberedDevice(user, deviceKey).map(device -> new MfaSignIn.Challenge(DEVICE_SRP_AUTH,
                sessions.issue(Stage.DEVICE_SRP_AUTH, user.sub(), user.version(), checked.attempt().account(),
                        checked.client(), device.key()),
                Map.of("USERNAME", user.username().value())));
    }

    /** RespondToAuthChallenge DEVICE_SRP_AUTH: the DEVICE_PASSWORD_VERIFIER challenge, its state in SECRET_BLOCK. */
    public MfaSignIn.Challenge start(String clientId, String session, Map<String, String> responses) {
        AppClient client = identity.client(clientId);
        String username = CognitoException.requiredParameter(responses, "USERNAME");
        String deviceKey = CognitoException.requiredParameter(responses, "DEVICE_KEY");
        String srpA = CognitoException.requiredParameter(responses, "SRP_A");
        BigInteger clientPublic;
        try {
            clientPublic = SrpGroup.parseHex(srpA);
        } catch (NumberFormatException e) {
            throw CognitoException.invalidParameter("SRP_A is not a hexadecimal number.");
        }
        // A ≡ 0 (mod N) would make the shared secret 0 whatever the device password (RFC 5054, 2.5.4).
        if (clientPublic.mod(SrpGroup.N).signum() == 0) {
            throw CognitoException.invalidParameter("SRP_A is not valid.");
        }
        ChallengeSessions.Session opened = sessions.openFor(session, Stage.DEVICE_SRP_AUTH, client.clientId(), username);
        if (!opened.detail().equals(deviceKey)) {
            throw CognitoException.notAuthorized(ChallengeSessions.INVALID);
        }
        User user = directory.findBySub(opened.sub()).filter(User::enabled).filter(opened::madeFor)
                .orElseThrow(() -> CognitoException.notAuthorized(ChallengeSessions.INVALID));
        // Forgotten, or no longer remembered, since the password was checked: this sign-in starts again.
        Device device = devices.rememberedDevice(user, deviceKey)
                .orElseThrow(() -> CognitoException.notAuthorized(ChallengeSessions.INVALID));
        // The device's claim names its group key where a password's names the pool, and its key
        // where a password's names the user.
        SrpExchange exchange = new SrpExchange(opened.account(), user.sub(), user.version(), client.clientId(),
                device.groupKey(), device.key(), opened.expiresAt(), clientPublic, SrpExchange.newSecret(random),
                device.verifier());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DEVICE_KEY", device.key());
        parameters.put("SALT", SrpGroup.hex(device.salt()));
        parameters.put("SECRET_BLOCK", exchange.seal(envelopes, context()));
        parameters.put("SRP_B", SrpGroup.hex(exchange.serverPublic()));
        parameters.put("USERNAME", user.username().value());
        return new MfaSignIn.Challenge(DEVICE_PASSWORD_VERIFIER, null, parameters);
    }

    /** RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER: tokens, the second factor skipped. */
    public MfaSignIn.Tokens answer(String clientId, Map<String, String> responses) {
        return answer(clientId, responses, Map.of());
    }

    /** The same, with RespondToAuthChallenge's {@code ClientMetadata} for PostAuthentication and PreTokenGeneration. */
    public MfaSignIn.Tokens answer(String clientId, Map<String, String> responses, Map<String, String> clientMetadata) {
        AppClient client = identity.client(clientId);
        String username = CognitoException.requiredParameter(responses, "USERNAME");
        String deviceKey = CognitoException.requiredParameter(responses, "DEVICE_KEY");
        String secretBlock = CognitoException.requiredParameter(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        String signature = CognitoException.requiredParameter(responses, "PASSWORD_CLAIM_SIGNATURE");
        String timestamp = CognitoException.requiredParameter(responses, "TIMESTAMP");
        PasswordClaims.requireTimestamp(timestamp);
        byte[] blockBytes = PasswordClaims.blockBytes(secretBlock);
        SrpExchange exchange = SrpExchange.open(envelopes, blockBytes, context());
        if (!clock.instant().isBefore(exchange.expiresAt()) || !exchange.clientId().equals(client.clientId())
                || !Username.of(username).key().equals(exchange.account()) || !exchange.userId().equals(deviceKey)) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        // Counted before the proof is looked at, like a password: a locked account is refused here.
        SignInAttempts.Attempt attempt = attempts.begin(exchange.account());
        boolean matches = MessageDigest.isEqual(exchange.expectedSignature(blockBytes, timestamp), PasswordClaims.signature(signature));
        Optional<User> user = directory.findBySub(exchange.sub()).filter(User::enabled)
                .filter(u -> u.version() == exchange.userVersion());
        // The device must still be remembered, with the verifier the exchange was made with.
        boolean deviceHolds = user.flatMap(u -> devices.rememberedDevice(u, deviceKey))
                .filter(device -> device.verifier().equals(exchange.verifier())).isPresent();
        if (!matches || !deviceHolds) {
            attempts.failed(attempt);
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        // One proof signs in once: its block is claimed where used TOTP steps are (replicated, conditional).
        if (!usedBlocks.claim(exchange.sub(), MfaSignIn.sessionMark(secretBlock), exchange.expiresAt())) {
            passwordSignIn.awaitingSecondFactor(attempt);
            throw CognitoException.notAuthorized(MfaSignIn.USED_ONCE);
        }
        passwordSignIn.completed(attempt);
        devices.recordSignIn(user.get(), deviceKey);
        return new MfaSignIn.Tokens(identity.startSession(user.get(), client,
                List.of(ChallengeResult.PASSWORD_SUCCESS), TokenGeneration.AUTHENTICATE_DEVICE, clientMetadata));
    }










    /** Its own purpose: a password exchange's block cannot be answered as a device's, nor the other way. */
    private Map<String, String> context() {
        return Map.of("purpose", "device-srp-secret-block", "userPoolId", userPoolId);
    }
}
