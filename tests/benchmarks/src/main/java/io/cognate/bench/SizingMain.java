package io.cognate.bench;

import com.sun.management.ThreadMXBean;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * {@code ./cognate sizing}: what one Argon2id password check costs in CPU time and allocation, the
 * figure identity-api's memory setting rests on. CPU time is the thread's own, so other work on the
 * machine moves it far less than wall time. Lambda gives a function CPU in proportion to its memory,
 * one vCPU at 1,769 MB; the table projects the check's duration and GB-seconds at a few settings.
 */
public final class SizingMain {
    private static final int WARM_UP = 80; // password4j reaches compiled speed late, later still on a busy machine
    private static final int MEASURED = 40;
    private static final int ONE_VCPU_MB = 1769;

    private SizingMain() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());
        String stored = hasher.hash("Correct-Horse-9");
        for (int i = 0; i < WARM_UP; i++) {
            check(hasher, stored);
        }
        long[] cpu = new long[MEASURED];
        long[] wall = new long[MEASURED];
        long[] allocated = new long[MEASURED];
        long me = Thread.currentThread().threadId();
        for (int i = 0; i < MEASURED; i++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getThreadAllocatedBytes(me);
            long wall0 = System.nanoTime();
            check(hasher, stored);
            wall[i] = System.nanoTime() - wall0;
            cpu[i] = threads.getCurrentThreadCpuTime() - cpu0;
            allocated[i] = threads.getThreadAllocatedBytes(me) - alloc0;
        }
        double cpuMs = median(cpu) / 1e6;
        System.out.printf("Argon2id check (m=%d KiB, t=%d, p=%d), %d measured after %d warm-up:%n",
                Argon2idPasswordHasher.MEMORY_KIB, Argon2idPasswordHasher.ITERATIONS,
                Argon2idPasswordHasher.PARALLELISM, MEASURED, WARM_UP);
        System.out.printf("  thread CPU time  median %.1f ms (min %.1f, max %.1f)%n",
                cpuMs, min(cpu) / 1e6, max(cpu) / 1e6);
        System.out.printf("  wall time        median %.1f ms (min %.1f, max %.1f)%n",
                median(wall) / 1e6, min(wall) / 1e6, max(wall) / 1e6);
        System.out.printf("  allocated        median %.1f MiB%n", median(allocated) / (1024.0 * 1024.0));
        System.out.printf("%nProjected on Lambda (CPU share = memory / %d MB, at most one vCPU for one thread):%n", ONE_VCPU_MB);
        System.out.println("  memory MB   check ms   GB-s per check");
        for (int memory : new int[] {512, 1024, 1536, ONE_VCPU_MB, 2048}) {
            double share = Math.min(1.0, memory / (double) ONE_VCPU_MB);
            double ms = cpuMs / share;
            System.out.printf("  %9d   %8.1f   %.4f%n", memory, ms, memory / 1024.0 * ms / 1000.0);
        }
    }

    private static void check(Argon2idPasswordHasher hasher, String stored) {
        if (!hasher.matches("Correct-Horse-9", stored)) {
            throw new IllegalStateException("the stored hash did not match");
        }
    }

    private static long median(long[] values) {
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
