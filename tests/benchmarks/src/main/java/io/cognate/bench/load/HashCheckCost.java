package io.cognate.bench.load;

import com.sun.management.ThreadMXBean;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One Argon2id check with the hasher identity-api uses, on the calling thread: the median of the
 * thread's own CPU time (and allocation) over {@link #MEASURED} checks after {@link #WARM_UP}.
 * In the load generator's JVM the stack's hasher has already been compiled by the run; against
 * another process the warm-up alone brings it there (docs/performance.md, sizing: password4j
 * reaches compiled speed after tens of checks).
 */
public final class HashCheckCost {
    static final int WARM_UP = 60;
    static final int MEASURED = 20;
    private static final String PASSWORD = "Correct-Horse-9";

    /** CPU ms and allocated MiB of one check (medians). */
    public record Cost(double cpuMs, double allocatedMiB) {
    }

    private HashCheckCost() {
    }

    public static Cost measure() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(new SecureRandom());
        String stored = hasher.hash(PASSWORD);
        for (int i = 0; i < WARM_UP; i++) {
            check(hasher, stored);
        }
        long me = Thread.currentThread().threadId();
        long[] cpu = new long[MEASURED];
        long[] allocated = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long allocated0 = threads.getThreadAllocatedBytes(me);
            check(hasher, stored);
            cpu[i] = threads.getCurrentThreadCpuTime() - cpu0;
            allocated[i] = threads.getThreadAllocatedBytes(me) - allocated0;
        }
        return new Cost(median(cpu) / 1e6, median(allocated) / (1024.0 * 1024.0));
    }

    private static void check(Argon2idPasswordHasher hasher, String stored) {
        if (!hasher.matches(PASSWORD, stored)) {
            throw new IllegalStateException("the stored hash did not match");
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
