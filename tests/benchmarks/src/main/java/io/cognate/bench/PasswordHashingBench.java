package io.cognate.bench;

import com.password4j.Argon2Function;
import com.password4j.Password;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
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
 * Argon2id at OWASP parameters: the cost of every sign-in and sign-up, with Cognate's own Argon2
 * and, on the same stored hash, password4j (used before) and Bouncy Castle for comparison. Run
 * with {@code -prof gc} to see the allocation per check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
public class PasswordHashingBench {
    private static final String PASSWORD = "Correct-Horse-9";

    private Argon2idPasswordHasher hasher;
    private String stored;
    private byte[] salt;
    private byte[] expected;

    @Setup
    public void setUp() {
        hasher = new Argon2idPasswordHasher(new SecureRandom());
        stored = hasher.hash(PASSWORD);
        String[] parts = stored.split("\\$");
        salt = Base64.getDecoder().decode(parts[4]);
        expected = Base64.getDecoder().decode(parts[5]);
    }

    @Benchmark
    public boolean verifyPassword() {
        return hasher.matches(PASSWORD, stored);
    }

    @Benchmark
    public boolean verifyPasswordPassword4j() {
        return Password.check(PASSWORD, stored).with(Argon2Function.getInstanceFromHash(stored));
    }

    @Benchmark
    public boolean verifyPasswordBouncyCastle() {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(Argon2idPasswordHasher.MEMORY_KIB).withIterations(Argon2idPasswordHasher.ITERATIONS)
                .withParallelism(Argon2idPasswordHasher.PARALLELISM).withSalt(salt).build());
        byte[] out = new byte[expected.length];
        generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
        return MessageDigest.isEqual(expected, out);
    }
}
