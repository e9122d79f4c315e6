package io.cognate.testing;

import io.cognate.domain.srp.SrpGroup;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The client's half of an SRP password claim for the in-memory region's pool ({@code TestPool}):
 * A, and the PASSWORD_VERIFIER answer to a challenge. Shared by the tests of every flow that
 * asks for a password claim (USER_SRP_AUTH, CUSTOM_AUTH begun with SRP).
 */
public final class SrpClaimant {
    private final BigInteger a = new BigInteger(256, new SecureRandom()).add(BigInteger.ONE);
    private final BigInteger publicA = SrpGroup.G.modPow(a, SrpGroup.N);

    public String srpA() {
        return SrpGroup.hex(publicA);
    }

    public Map<String, String> claim(Map<String, String> challenge, String password, String timestamp) {
        String userId = challenge.get("USER_ID_FOR_SRP");
        BigInteger salt = new BigInteger(challenge.get("SALT"), 16);
        BigInteger serverB = new BigInteger(challenge.get("SRP_B"), 16);
        BigInteger x = SrpGroup.privateKey(salt, "TestPool", userId, password);
        BigInteger u = SrpGroup.scrambler(publicA, serverB);
        BigInteger base = serverB.subtract(SrpGroup.K.multiply(SrpGroup.G.modPow(x, SrpGroup.N))).mod(SrpGroup.N);
        BigInteger shared = base.modPow(a.add(u.multiply(x)), SrpGroup.N);
        byte[] key = SrpGroup.sessionKey(shared, u);
        byte[] signature = SrpGroup.hmac(key, "TestPool".getBytes(StandardCharsets.UTF_8),
                userId.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(challenge.get("SECRET_BLOCK")),
                timestamp.getBytes(StandardCharsets.UTF_8));
        Map<String, String> responses = new HashMap<>();
        responses.put("USERNAME", userId);
        responses.put("PASSWORD_CLAIM_SECRET_BLOCK", challenge.get("SECRET_BLOCK"));
        responses.put("PASSWORD_CLAIM_SIGNATURE", Base64.getEncoder().encodeToString(signature));
        responses.put("TIMESTAMP", timestamp);
        return responses;
    }
}
