package io.cognate.domain.devices;

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
import io.cognate.domain.srp.PasswordClaims;
import io.cognate.domain.srp.SrpGroup;
import io.cognate.domain.srp.SrpSignIn;
import io.cognate.ports.SecretEnvelopes;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.ports.UserDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
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
    private static final int BLOCK_FORMAT = 1;
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

    /** What the server keeps of one device exchange, sealed into the SECRET_BLOCK. */
    record Exchange(String account, String sub, long userVersion, String clientId, String deviceKey,
                    String groupKey, Instant expiresAt, BigInteger clientPublic, BigInteger secret,
                    BigInteger verifier) {
        @Override
        public String toString() {
            return "Exchange[redacted]";
        }
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
                        checked.client().clientId(), device.key()),
                Map.of("USERNAME", user.username().value())));
    }

    /** RespondToAuthChallenge DEVICE_SRP_AUTH: the DEVICE_PASSWORD_VERIFIER challenge, its state in SECRET_BLOCK. */
    public MfaSignIn.Challenge start(String clientId, String session, Map<String, String> responses) {
        AppClient client = identity.client(clientId);
        String username = required(responses, "USERNAME");
        String deviceKey = required(responses, "DEVICE_KEY");
        String srpA = required(responses, "SRP_A");
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
        BigInteger secret = newSecret();
        BigInteger serverPublic = SrpGroup.serverPublic(secret, device.verifier());
        Exchange exchange = new Exchange(opened.account(), user.sub(), user.version(), client.clientId(), device.key(),
                device.groupKey(), opened.expiresAt(), clientPublic, secret, device.verifier());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DEVICE_KEY", device.key());
        parameters.put("SALT", SrpGroup.hex(device.salt()));
        parameters.put("SECRET_BLOCK", seal(exchange));
        parameters.put("SRP_B", SrpGroup.hex(serverPublic));
        parameters.put("USERNAME", user.username().value());
        return new MfaSignIn.Challenge(DEVICE_PASSWORD_VERIFIER, null, parameters);
    }

    /** RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER: tokens, the second factor skipped. */
    public MfaSignIn.Tokens answer(String clientId, Map<String, String> responses) {
        AppClient client = identity.client(clientId);
        String username = required(responses, "USERNAME");
        String deviceKey = required(responses, "DEVICE_KEY");
        String secretBlock = required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        String signature = required(responses, "PASSWORD_CLAIM_SIGNATURE");
        String timestamp = required(responses, "TIMESTAMP");
        PasswordClaims.requireTimestamp(timestamp);
        byte[] blockBytes = PasswordClaims.blockBytes(secretBlock);
        Exchange exchange = open(blockBytes);
        if (!clock.instant().isBefore(exchange.expiresAt()) || !exchange.clientId().equals(client.clientId())
                || !Username.of(username).key().equals(exchange.account()) || !exchange.deviceKey().equals(deviceKey)) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
        // Counted before the proof is looked at, like a password: a locked account is refused here.
        SignInAttempts.Attempt attempt = attempts.begin(exchange.account());
        boolean matches = MessageDigest.isEqual(expectedSignature(exchange, blockBytes, timestamp), PasswordClaims.signature(signature));
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
        return new MfaSignIn.Tokens(identity.startSession(user.get(), client));
    }

    /** HMAC(K, groupKey ‖ deviceKey ‖ secret block ‖ timestamp), K from S = (A·v^u)^b. */
    private static byte[] expectedSignature(Exchange exchange, byte[] blockBytes, String timestamp) {
        BigInteger serverPublic = SrpGroup.serverPublic(exchange.secret(), exchange.verifier());
        BigInteger scrambler = SrpGroup.scrambler(exchange.clientPublic(), serverPublic);
        BigInteger shared = SrpGroup.serverSharedSecret(exchange.clientPublic(), exchange.verifier(), scrambler,
                exchange.secret());
        byte[] key = SrpGroup.sessionKey(shared, scrambler);
        return SrpGroup.hmac(key, exchange.groupKey().getBytes(StandardCharsets.UTF_8),
                exchange.deviceKey().getBytes(StandardCharsets.UTF_8), blockBytes,
                timestamp.getBytes(StandardCharsets.UTF_8));
    }

    private BigInteger newSecret() {
        BigInteger secret;
        do {
            secret = new BigInteger(SrpSignIn.SECRET_BITS, random);
        } while (secret.signum() == 0);
        return secret;
    }

    private String seal(Exchange exchange) {
        var bytes = new ByteArrayOutputStream(1024);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(BLOCK_FORMAT);
            out.writeUTF(exchange.account());
            out.writeUTF(exchange.sub());
            out.writeLong(exchange.userVersion());
            out.writeUTF(exchange.clientId());
            out.writeUTF(exchange.deviceKey());
            out.writeUTF(exchange.groupKey());
            out.writeLong(exchange.expiresAt().getEpochSecond());
            PasswordClaims.writeNumber(out, exchange.clientPublic());
            PasswordClaims.writeNumber(out, exchange.secret());
            PasswordClaims.writeNumber(out, exchange.verifier());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        String sealed = envelopes.seal(bytes.toByteArray(), context());
        return PasswordClaims.secretBlock(sealed);
    }

    private Exchange open(byte[] blockBytes) {
        try {
            byte[] plain = envelopes.open(PasswordClaims.sealed(blockBytes), context());
            try (var in = new DataInputStream(new ByteArrayInputStream(plain))) {
                if (in.readByte() != BLOCK_FORMAT) {
                    throw new IOException("unknown block format");
                }
                return new Exchange(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readUTF(),
                        in.readUTF(), Instant.ofEpochSecond(in.readLong()), PasswordClaims.readNumber(in), PasswordClaims.readNumber(in),
                        PasswordClaims.readNumber(in));
            }
        } catch (SecretEnvelopes.CannotOpen | IOException | IllegalArgumentException e) {
            throw CognitoException.notAuthorized(PasswordSignIn.INCORRECT_CREDENTIALS);
        }
    }





    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw CognitoException.invalidParameter("Missing required parameter " + name);
        }
        return value;
    }

    /** Its own purpose: a password exchange's block cannot be answered as a device's, nor the other way. */
    private Map<String, String> context() {
        return Map.of("purpose", "device-srp-secret-block", "userPoolId", userPoolId);
    }
}
