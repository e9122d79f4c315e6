package io.cognate.bench;

import io.cognate.adapters.passwords.Argon2idPasswordHasher;
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

/** Argon2id at OWASP parameters: the cost of every sign-in and sign-up. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
public class PasswordHashingBench {
    private Argon2idPasswordHasher hasher;
    private String stored;

    @Setup
    public void setUp() {
        hasher = new Argon2idPasswordHasher(new SecureRandom());
        stored = hasher.hash("Correct-Horse-9");
    }

    @Benchmark
    public boolean verifyPassword() {
        return hasher.matches("Correct-Horse-9", stored);
    }
}
