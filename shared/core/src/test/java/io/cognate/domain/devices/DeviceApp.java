package io.cognate.domain.devices;

import io.cognate.domain.srp.SrpGroup;
import io.cognate.domain.srp.PasswordClaims;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * An app's half of device sign-in, as Cognito's clients do it: a 40-byte random device password,
 * a 16-byte salt and the verifier ConfirmDevice uploads, then SRP_A and the device's claim. Built
 * on the server's own {@link SrpGroup}; the integration tests check the protocol against an
 * independent client.
 */
final class DeviceApp {
    private static final SecureRandom RANDOM = new SecureRandom();

    final String deviceKey;
    final String groupKey;
    final String password;
    final BigInteger salt;
    final BigInteger verifier;
    private BigInteger a;
    private BigInteger publicA;

    DeviceApp(NewDeviceMetadata metadata) {
        this.deviceKey = metadata.deviceKey();
        this.groupKey = metadata.deviceGroupKey();
        byte[] secret = new byte[40];
        RANDOM.nextBytes(secret);
        this.password = Base64.getEncoder().encodeToString(secret);
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        this.salt = new BigInteger(1, saltBytes);
        this.verifier = SrpGroup.G.modPow(SrpGroup.privateKey(salt, groupKey, deviceKey, password), SrpGroup.N);
    }

    String saltBase64() {
        return Base64.getEncoder().encodeToString(SrpGroup.bytes(salt));
    }

    String verifierBase64() {
        return Base64.getEncoder().encodeToString(SrpGroup.bytes(verifier));
    }

    /** DEVICE_SRP_AUTH's answer: a fresh SRP_A. */
    Map<String, String> srpAuth(String username) {
        a = new BigInteger(256, RANDOM).add(BigInteger.ONE);
        publicA = SrpGroup.G.modPow(a, SrpGroup.N);
        return Map.of("USERNAME", username, "DEVICE_KEY", deviceKey, "SRP_A", SrpGroup.hex(publicA));
    }

    /** DEVICE_PASSWORD_VERIFIER's answer to {@code challenge}, proving {@code devicePassword}. */
    Map<String, String> claim(Map<String, String> challenge, String devicePassword, Instant now) {
        BigInteger challengeSalt = new BigInteger(challenge.get("SALT"), 16);
        BigInteger serverB = new BigInteger(challenge.get("SRP_B"), 16);
        BigInteger x = SrpGroup.privateKey(challengeSalt, groupKey, deviceKey, devicePassword);
        BigInteger u = SrpGroup.scrambler(publicA, serverB);
        BigInteger base = serverB.subtract(SrpGroup.K.multiply(SrpGroup.G.modPow(x, SrpGroup.N))).mod(SrpGroup.N);
        BigInteger shared = base.modPow(a.add(u.multiply(x)), SrpGroup.N);
        byte[] key = SrpGroup.sessionKey(shared, u);
        String timestamp = PasswordClaims.TIMESTAMP.format(now);
        byte[] signature = SrpGroup.hmac(key, groupKey.getBytes(StandardCharsets.UTF_8),
                deviceKey.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(challenge.get("SECRET_BLOCK")),
                timestamp.getBytes(StandardCharsets.UTF_8));
        Map<String, String> responses = new HashMap<>();
        responses.put("USERNAME", challenge.get("USERNAME"));
        responses.put("DEVICE_KEY", deviceKey);
        responses.put("PASSWORD_CLAIM_SECRET_BLOCK", challenge.get("SECRET_BLOCK"));
        responses.put("PASSWORD_CLAIM_SIGNATURE", Base64.getEncoder().encodeToString(signature));
        responses.put("TIMESTAMP", timestamp);
        return responses;
    }
}
