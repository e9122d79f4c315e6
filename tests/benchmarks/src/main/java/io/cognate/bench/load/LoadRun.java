package io.cognate.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One load run: {@code concurrency} workers repeat the scenario's operation back to back, first
 * for the warm-up, then for the measured window. The stack's usage counters are read at each end
 * of the window; an operation counts in the window when it completes inside it (one that began
 * before balances one cut off at the end). Then one Argon2id check is measured on this thread,
 * with nothing else running.
 */
public final class LoadRun {

    /** What to run. */
    public record Settings(Scenario scenario, int concurrency, Duration measured, Duration warmUp) {
        public Settings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1");
            }
            if (measured.isNegative() || measured.isZero()) {
                throw new IllegalArgumentException("--seconds must be at least 1");
            }
            if (warmUp.isNegative()) {
                throw new IllegalArgumentException("--warmup-seconds must not be negative");
            }
        }
    }

    private final LoadTarget target;
    private final Settings settings;
    private final ProgressLine progress;
    private final Latencies latencies = new Latencies();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong warmUpOperations = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean stopping;
    private volatile long started;

    public LoadRun(LoadTarget target, Settings settings, ProgressLine progress) {
        this.target = target;
        this.settings = settings;
        this.progress = progress;
    }

    public LoadReport run() throws Exception {
        progress.note("preparing " + settings.scenario().label() + " (users made before the window)");
        Scenario.Operation operation = settings.scenario().prepare(target, settings.concurrency());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            int worker = i;
            workers.add(Thread.ofPlatform().name("load-worker-" + i).start(() -> work(worker, operation)));
        }
        started = System.nanoTime();
        Thread ticker = Thread.ofPlatform().daemon().name("load-progress").start(this::tick);
        Optional<JsonNode> before;
        Optional<JsonNode> after;
        try {
            Thread.sleep(settings.warmUp());
            before = target.usage();
            windowStart = System.nanoTime();
            Thread.sleep(settings.measured());
            windowEnd = System.nanoTime();
            after = target.usage();
        } finally {
            stopping = true;
            for (Thread worker : workers) {
                worker.join();
            }
            ticker.interrupt();
            ticker.join();
        }
        progress.finish(line(System.nanoTime()));
        progress.note("measuring one Argon2id check on one thread");
        HashCheckCost.Cost hash = HashCheckCost.measure();
        long[] sorted = latencies.sorted();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((type, count) -> errorCounts.put(type, count.sum()));
        Optional<ResourceUse> use = before.isPresent() && after.isPresent() && sorted.length > 0
                ? Optional.of(new ResourceUse(before.get(), after.get(), sorted.length)) : Optional.empty();
        return new LoadReport(settings.scenario().label(), settings.concurrency(), (windowEnd - windowStart) / 1e9,
                sorted.length, sorted, errorCounts, use, hash.cpuMs(), hash.allocatedMiB(), loadAverage());
    }

    private void work(int worker, Scenario.Operation operation) {
        SplittableRandom random = new SplittableRandom(worker);
        while (!stopping) {
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                operation.run(worker, random);
            } catch (Throwable e) { // every failure is a counted error; the run goes on
                failure = e;
            }
            long end = System.nanoTime();
            if (end < windowStart) {
                warmUpOperations.incrementAndGet();
            } else if (end <= windowEnd) {
                if (failure == null) {
                    latencies.add(end - start);
                } else {
                    errors.computeIfAbsent(Scenario.errorType(failure), type -> new LongAdder()).increment();
                }
            }
        }
    }

    private void tick() {
        try {
            while (true) {
                Thread.sleep(progress.interval());
                progress.update(line(System.nanoTime()));
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private String line(long now) {
        String scenario = settings.scenario().label() + " x" + settings.concurrency();
        if (now < windowStart) {
            return String.format("%s  warm-up %d/%d s  %d ops", scenario, Duration.ofNanos(now - started).toSeconds(),
                    settings.warmUp().toSeconds(), warmUpOperations.get());
        }
        long[] sorted = latencies.sorted();
        double seconds = (Math.min(now, windowEnd) - windowStart) / 1e9;
        long errorCount = errors.values().stream().mapToLong(LongAdder::sum).sum();
        return String.format("%s  %.0f/%d s  %d ops  %.1f/s  p50 %.0f ms  p99 %.0f ms  %d errors", scenario, seconds,
                settings.measured().toSeconds(), sorted.length, seconds > 0 ? sorted.length / seconds : 0,
                nanToZero(Latencies.percentileMs(sorted, 50)), nanToZero(Latencies.percentileMs(sorted, 99)), errorCount);
    }

    private static double nanToZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    /** The machine's load average over 1, 5 and 15 minutes, as uptime prints it. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The live progress line: rewritten in place on a terminal, a plain line every few seconds otherwise. */
    public static final class ProgressLine {
        private final PrintStream out;
        private final boolean terminal;
        private final String prefix;
        private int lastWidth;

        public ProgressLine(PrintStream out, boolean terminal) {
            this(out, terminal, "load");
        }

        /** The same for another command: its notes start with {@code command: }. */
        public ProgressLine(PrintStream out, boolean terminal, String command) {
            this.out = out;
            this.terminal = terminal;
            this.prefix = command + ": ";
        }

        public Duration interval() {
            return terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        }

        public synchronized void update(String line) {
            if (terminal) {
                out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
                lastWidth = line.length();
            } else {
                out.println(line);
            }
            out.flush();
        }

        public synchronized void finish(String line) {
            update(line);
            if (terminal) {
                out.println();
                lastWidth = 0;
            }
        }

        public synchronized void note(String text) {
            if (terminal && lastWidth > 0) {
                out.println();
                lastWidth = 0;
            }
            out.println(prefix + text);
        }
    }
}
