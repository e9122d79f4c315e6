package io.cognate.local.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of the threads the JVM does not list, or lists only now and then, read from Linux's
 * {@code /proc/self/task/*}: the CRT HTTP client's event loops (native threads, attached to the JVM
 * only while they call back into Java), the garbage collector's and the JIT compilers'. Times are in
 * clock ticks of 10 ms (USER_HZ is 100 on Linux), enough over a window of seconds. Elsewhere than
 * Linux there is no such file, and the groups are absent.
 */
public final class NativeThreadCpu {
    public static final String GC = "gc";
    public static final String JIT = "jit";
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L;

    private NativeThreadCpu() {
    }

    /** The group of a thread by its kernel name (truncated to 15 characters), or empty if not one of these. */
    static Optional<String> groupOf(String kernelName) {
        if (kernelName.startsWith("AwsEventLoop")) {
            return Optional.of(ThreadCpuGroups.SDK_EVENT_LOOPS);
        }
        if (kernelName.startsWith("GC Thread") || kernelName.startsWith("G1 ")) {
            return Optional.of(GC);
        }
        if (kernelName.startsWith("C1 CompilerThre") || kernelName.startsWith("C2 CompilerThre")) {
            return Optional.of(JIT);
        }
        return Optional.empty();
    }

    /** Cumulative CPU nanoseconds per group of the live threads; empty where /proc is not Linux's. */
    public static Map<String, Long> sample() {
        Map<String, Long> totals = new TreeMap<>();
        if (!Files.isDirectory(TASKS)) {
            return totals;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    Optional<String> group = groupOf(name);
                    if (group.isPresent()) {
                        totals.merge(group.get(), ticks(Files.readString(task.resolve("stat"))) * NANOS_PER_TICK, Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            return totals;
        }
        return totals;
    }

    /** utime + stime (fields 14 and 15) of a {@code stat} line; the name in parentheses may hold spaces. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field 14 is fields[11] and field 15 fields[12]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
