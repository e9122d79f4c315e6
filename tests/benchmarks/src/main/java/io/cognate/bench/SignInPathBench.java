package io.cognate.bench;

import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import io.cognate.domain.PasswordHasher;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.ports.TokenSigner;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.LocalRsaSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole USER_PASSWORD_AUTH sign-in through the domain (MfaSignIn, as identity-api signs in:
 * app client, lockout counter and verdict, user look-up, password check, pool MFA setting OPTIONAL
 * so the user's MFA settings are read, lockout reset, groups, ID and access tokens, refresh-token
 * record, sign-in event) on the in-memory stores of {@link InMemoryRegion}, so the cost of the
 * functions' own code can be rechecked without the local stack.
 *
 * <p>{@code hasher}: {@code argon2id} is the hasher every deployment uses; {@code none} compares the
 * password with a constant-time equality instead, so the difference between the two is the hash
 * and {@code none} is the domain's own overhead. {@code signer}: {@code rsa} signs the tokens in
 * this process (RSA-2048, as a verifier-side test would); {@code remote} hands back a fixed
 * signature, as when KMS signs and the private-key work is not the function's CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SignInPathBench {
    static final String PASSWORD = "Bench-Password-9";

    @Param({"argon2id", "none"})
    public String hasher;

    @Param({"remote", "rsa"})
    public String signer;

    private MfaSignIn signIn;

    @Setup
    public void setUp() {
        InMemoryRegion region = region(hasher, signer);
        region.signUpConfirmed("bench-user", PASSWORD, "bench-user@example.com");
        signIn = region.mfaSignIn();
    }

    /** A region on the in-memory stores with the chosen hasher and token signer. */
    static InMemoryRegion region(String hasher, String signer) {
        return InMemoryRegion.builder()
                .mfa(MfaConfiguration.OPTIONAL)
                .passwordHasher(switch (hasher) {
                    case "argon2id" -> new Argon2idPasswordHasher(new SecureRandom());
                    case "none" -> new NoHashPasswordHasher();
                    default -> throw new IllegalArgumentException("hasher: argon2id or none, not " + hasher);
                })
                .signer(switch (signer) {
                    case "rsa" -> LocalRsaSigner.withNewKey();
                    case "remote" -> new FixedSignatureSigner(LocalRsaSigner.withNewKey());
                    default -> throw new IllegalArgumentException("signer: remote or rsa, not " + signer);
                })
                .build();
    }

    @Benchmark
    public MfaSignIn.Step passwordSignIn() {
        return signIn.passwordAuth(InMemoryRegion.CLIENT_ID, "bench-user", PASSWORD);
    }

    /**
     * NOT A PASSWORD HASH: the password kept as it is and compared in constant time, so a
     * benchmark can take the hash out of the sign-in path and see what is left.
     */
    static final class NoHashPasswordHasher implements PasswordHasher {
        private static final String PREFIX = "$none$";

        @Override
        public String hash(String password) {
            return PREFIX + password;
        }

        @Override
        public boolean matches(String password, String storedHash) {
            return storedHash != null && password != null && MessageDigest.isEqual(
                    (PREFIX + password).getBytes(StandardCharsets.UTF_8), storedHash.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void burnEquivalentWork(String password) {
            matches(password, PREFIX + "not-the-password");
        }
    }

    /**
     * A signer whose signature costs this process nothing, as KMS {@code Sign} costs the function
     * only the call (measured on the local stack, not here); the public key is a real one.
     */
    record FixedSignatureSigner(LocalRsaSigner keys) implements TokenSigner {
        private static final byte[] SIGNATURE = new byte[256];

        @Override
        public RSAPublicKey publicKey() {
            return keys.publicKey();
        }

        @Override
        public byte[] signRs256(byte[] signingInput) {
            return SIGNATURE.clone();
        }
    }
}
