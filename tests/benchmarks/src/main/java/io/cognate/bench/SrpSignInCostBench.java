package io.cognate.bench;

import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import io.cognate.domain.srp.SrpGroup;
import io.cognate.domain.srp.SrpExchange;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's arithmetic of one SRP sign-in next to one Argon2id check (what a password
 * sign-in costs): the challenge (B = k·v + g^b, a fresh 256-bit b), the claim check
 * (u, S = (A·v^u)^b, HKDF, the HMAC) and, once per password, the verifier (v = g^x). Only the
 * CPU work: the Directory reads, KMS calls and lockout writes are those of the password flow
 * plus one Decrypt per step, and are measured with the local stack elsewhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class SrpSignInCostBench {
    private static final String PASSWORD = "Correct-Horse-9";

    private final SecureRandom random = new SecureRandom();
    private Argon2idPasswordHasher hasher;
    private String stored;
    private BigInteger salt;
    private BigInteger verifier;
    private BigInteger clientPublic;
    private BigInteger secret;
    private BigInteger serverPublic;

    @Setup
    public void setUp() {
        hasher = new Argon2idPasswordHasher(random);
        stored = hasher.hash(PASSWORD);
        salt = new BigInteger(128, random);
        verifier = SrpGroup.G.modPow(SrpGroup.privateKey(salt, "Pool", "alice", PASSWORD), SrpGroup.N);
        clientPublic = SrpGroup.G.modPow(new BigInteger(256, random), SrpGroup.N);
        secret = new BigInteger(SrpExchange.SECRET_BITS, random);
        serverPublic = SrpGroup.serverPublic(secret, verifier);
    }

    @Benchmark
    public boolean argon2idCheck() {
        return hasher.matches(PASSWORD, stored);
    }

    /** InitiateAuth's arithmetic: a new b and B. */
    @Benchmark
    public BigInteger srpChallenge() {
        return SrpGroup.serverPublic(new BigInteger(SrpExchange.SECRET_BITS, random), verifier);
    }

    /** RespondToAuthChallenge's arithmetic: B again (it is not kept), u, S, the key and the signature. */
    @Benchmark
    public byte[] srpClaimCheck() {
        BigInteger b = SrpGroup.serverPublic(secret, verifier);
        BigInteger u = SrpGroup.scrambler(clientPublic, b);
        byte[] key = SrpGroup.sessionKey(SrpGroup.serverSharedSecret(clientPublic, verifier, u, secret), u);
        return SrpGroup.hmac(key, "Pool".getBytes(StandardCharsets.UTF_8), "alice".getBytes(StandardCharsets.UTF_8),
                serverPublic.toByteArray());
    }

    /** What SignUp, ChangePassword and a reset add: x and v = g^x. */
    @Benchmark
    public BigInteger srpVerifier() {
        return SrpGroup.G.modPow(SrpGroup.privateKey(salt, "Pool", "alice", PASSWORD), SrpGroup.N);
    }
}
