package io.cognate.bench;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.sun.management.ThreadMXBean;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * {@code ./cognate sizing}: what one Argon2id password check costs in CPU time and allocation, the
 * figure identity-api's memory setting rests on, for Cognate's hasher and, in the same run and on
 * the same hash, password4j (used before), Bouncy Castle's Argon2BytesGenerator and the reference
 * C implementation (Debian's libargon2, which {@code ./cognate sizing} fetches into
 * {@code .cognate/tools}; called through the foreign-function API, JDK 22+). The checks are
 * interleaved, one of each per round, so load on the machine falls on all of them alike. CPU time
 * is the thread's own, so other work on the machine moves it far less than wall time. Lambda gives
 * a function CPU in proportion to its memory, one vCPU at 1,769 MB; the last table projects the
 * check's duration and GB-seconds at a few settings.
 */
public final class SizingMain {
    private static final int WARM_UP = 80; // password4j reaches compiled speed late, later still on a busy machine
    private static final int MEASURED = 40;
    private static final int ONE_VCPU_MB = 1769;
    private static final String PASSWORD = "Correct-Horse-9";
    private static final double MIB = 1024.0 * 1024.0;

    private SizingMain() {
    }

    private record Candidate(String name, BooleanSupplier check, long[] cpu, long[] wall, long[] allocated) {
        Candidate(String name, BooleanSupplier check) {
            this(name, check, new long[MEASURED], new long[MEASURED], new long[MEASURED]);
        }
    }

    public static void main(String[] args) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        String loadBefore = loadAverage();
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());
        String stored = hasher.hash(PASSWORD);
        String[] parts = stored.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Base64.getDecoder().decode(parts[5]);
        byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);
        int memory = Argon2idPasswordHasher.MEMORY_KIB;
        int iterations = Argon2idPasswordHasher.ITERATIONS;
        int parallelism = Argon2idPasswordHasher.PARALLELISM;

        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate("Cognate (own Argon2)", () -> hasher.matches(PASSWORD, stored)));
        candidates.add(new Candidate("password4j 1.8.4", () -> Password.check(PASSWORD, stored)
                .with(Argon2Function.getInstanceFromHash(stored))));
        candidates.add(new Candidate("Bouncy Castle 1.87", () -> {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory)
                    .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
            byte[] out = new byte[expected.length];
            generator.generateBytes(password, out);
            return MessageDigest.isEqual(expected, out);
        }));
        Optional<Argon2Reference> reference = reference();
        reference.ifPresent(c -> candidates.add(new Candidate("C reference (libargon2)",
                () -> MessageDigest.isEqual(expected,
                        c.argon2idHashRaw(iterations, memory, parallelism, password, salt, expected.length)))));

        for (int i = 0; i < WARM_UP; i++) {
            for (Candidate candidate : candidates) {
                check(candidate);
            }
        }
        long me = Thread.currentThread().threadId();
        for (int i = 0; i < MEASURED; i++) {
            for (Candidate candidate : candidates) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getThreadAllocatedBytes(me);
                long wall0 = System.nanoTime();
                check(candidate);
                candidate.wall[i] = System.nanoTime() - wall0;
                candidate.cpu[i] = threads.getCurrentThreadCpuTime() - cpu0;
                candidate.allocated[i] = threads.getThreadAllocatedBytes(me) - alloc0;
            }
        }
        String loadAfter = loadAverage();

        System.out.printf("Argon2id check (m=%d KiB, t=%d, p=%d), %d measured after %d warm-up, interleaved;%n",
                memory, iterations, parallelism, MEASURED, WARM_UP);
        System.out.printf("load average (1, 5, 15 min) before: %s, after: %s%n%n", loadBefore, loadAfter);
        Candidate c = candidates.get(candidates.size() - 1);
        double referenceCpu = reference.isPresent() ? median(c.cpu) : Double.NaN;
        System.out.println("  hasher                     CPU median     min     max   wall median   allocated/check   CPU vs C");
        for (Candidate candidate : candidates) {
            double cpu = median(candidate.cpu);
            System.out.printf("  %-25s %8.1f ms %7.1f %7.1f   %8.1f ms   %10.3f MiB    %s%n", candidate.name,
                    cpu / 1e6, min(candidate.cpu) / 1e6, max(candidate.cpu) / 1e6, median(candidate.wall) / 1e6,
                    median(candidate.allocated) / MIB,
                    reference.isPresent() ? String.format("%.2f", cpu / referenceCpu) : "n/a");
        }
        System.out.println("  (allocated: the Java heap only; libargon2 mallocs its 19 MiB outside it on every call)");
        double ownAllocated = median(candidates.get(0).allocated) / MIB;
        double limit = 1.5 * memory / 1024.0;
        System.out.printf("%nCognate's allocation per check: %.3f MiB, limit 1.5 x memory cost = %.1f MiB: %s%n",
                ownAllocated, limit, ownAllocated <= limit ? "within" : "OVER");
        if (reference.isPresent()) {
            double ratio = median(candidates.get(0).cpu) / referenceCpu;
            System.out.printf("Cognate's CPU per check against the C reference: %.2f (%s)%n", ratio,
                    ratio <= 1.0 ? "no worse" : "slower");
            System.out.println("C reference: " + reference.get().source());
        }

        double cpuMs = median(candidates.get(0).cpu) / 1e6;
        System.out.printf("%nProjected on Lambda for Cognate's hasher (CPU share = memory / %d MB, at most one vCPU for one thread):%n", ONE_VCPU_MB);
        System.out.println("  memory MB   check ms   GB-s per check");
        for (int memoryMb : new int[] {512, 1024, 1536, ONE_VCPU_MB, 2048}) {
            double share = Math.min(1.0, memoryMb / (double) ONE_VCPU_MB);
            double ms = cpuMs / share;
            System.out.printf("  %9d   %8.1f   %.4f%n", memoryMb, ms, memoryMb / 1024.0 * ms / 1000.0);
        }
    }

    /**
     * The C reference, if {@code ./cognate sizing} fetched it (Debian's libargon2-1, unpacked under
     * .cognate/tools/argon2) and this JDK has the foreign-function API; else empty, with the reason.
     */
    private static Optional<Argon2Reference> reference() throws IOException {
        Path tools = Path.of(System.getProperty("cognate.root", "."), ".cognate", "tools", "argon2");
        Optional<Path> library = Optional.empty();
        if (Files.isDirectory(tools)) {
            try (Stream<Path> files = Files.walk(tools)) {
                library = files.filter(p -> p.getFileName().toString().equals("libargon2.so.1")).findFirst();
            }
        }
        if (library.isEmpty()) {
            System.out.println("C reference: no libargon2.so.1 under " + tools + " (./cognate sizing fetches it with apt-get download); skipped");
            return Optional.empty();
        }
        if (Runtime.version().feature() < 22) {
            System.out.println("C reference: the foreign-function API is final only from JDK 22; this is JDK "
                    + Runtime.version().feature() + "; skipped");
            return Optional.empty();
        }
        try {
            return Optional.of((Argon2Reference) Class.forName("io.cognate.bench.Argon2ReferenceLibrary")
                    .getConstructor(Path.class).newInstance(library.get()));
        } catch (ReflectiveOperationException | LinkageError missing) {
            System.out.println("C reference: could not load " + library.get() + ": " + missing + "; skipped");
            return Optional.empty();
        }
    }

    private static void check(Candidate candidate) {
        if (!candidate.check.getAsBoolean()) {
            throw new IllegalStateException(candidate.name + ": the stored hash did not match");
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
