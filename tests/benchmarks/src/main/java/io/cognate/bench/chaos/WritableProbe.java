package io.cognate.bench.chaos;

import java.util.function.LongSupplier;

/**
 * The time to writable: from a fault's injection, a write through the front door every
 * {@link #INTERVAL_MS} ms until the pool acknowledges one. The write is
 * {@link ChaosWorkload#probeWrite}, an attribute of a user made before the faults began, not a
 * sign-up: the sign-up rate limit refused the probe from about 500 s into a ten-minute run, which
 * read as "not writable" while the pool took every other write.
 */
final class WritableProbe {
    /** How often the probe tries a write while the pool refuses: a fifth of a second bounds the error. */
    static final long INTERVAL_MS = 200;

    private final ChaosWorkload workload;
    private final String username;
    private final LongSupplier elapsedMs;
    private final Thread thread;
    private volatile Long writableAt;

    /** Starts probing at once, writing {@code username} (a user made before the faults began). */
    WritableProbe(ChaosWorkload workload, String username, LongSupplier elapsedMs) {
        this.workload = workload;
        this.username = username;
        this.elapsedMs = elapsedMs;
        this.thread = Thread.ofPlatform().daemon().name("chaos-probe").start(this::run);
    }

    private void run() {
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            long attemptStart = System.nanoTime();
            // Each try its own value: a refused one that landed after all is then told from the one taken.
            if (workload.probeWrite(username, "probe " + elapsedMs.getAsLong() + " #" + attempt)) {
                writableAt = elapsedMs.getAsLong();
                return;
            }
            long spent = (System.nanoTime() - attemptStart) / 1_000_000;
            try {
                Thread.sleep(Math.max(0, INTERVAL_MS - spent));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** When a write was first acknowledged (milliseconds after the run began), or null while none was. */
    Long writableAt() {
        return writableAt;
    }

    /** Waits at most {@code boundMs} for an acknowledged write, then stops probing. */
    Long await(long boundMs) throws InterruptedException {
        thread.join(boundMs);
        thread.interrupt();
        return writableAt;
    }
}
