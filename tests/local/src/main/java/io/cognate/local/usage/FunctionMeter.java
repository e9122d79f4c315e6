package io.cognate.local.usage;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What each function's invocations cost: count, the invoking thread's CPU time and allocation,
 * and wall time, from just before the event is read to just after the response is written (the
 * Lambda runtime's serialising is billed to the function too). The functions' SDK calls run on
 * that thread up to the socket; the CRT client's socket I/O runs on its event loops, counted
 * apart ({@link ThreadCpuGroups#SDK_EVENT_LOOPS}). On a virtual thread the JVM measures neither
 * CPU nor allocation, so those two stay 0 for such an invocation and {@code unmeasured} counts it.
 */
public final class FunctionMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<String, Totals> functions = new ConcurrentHashMap<>();

    /** One function's counters. */
    public static final class Totals {
        final LongAdder invocations = new LongAdder();
        final LongAdder cpuNanos = new LongAdder();
        final LongAdder allocatedBytes = new LongAdder();
        final LongAdder wallNanos = new LongAdder();
        final LongAdder unmeasured = new LongAdder();

        Map<String, Long> toMap() {
            Map<String, Long> map = new TreeMap<>();
            map.put("invocations", invocations.sum());
            map.put("cpuNanos", cpuNanos.sum());
            map.put("allocatedBytes", allocatedBytes.sum());
            map.put("wallNanos", wallNanos.sum());
            map.put("unmeasured", unmeasured.sum());
            return map;
        }
    }

    /** Runs {@code invocation} on this thread as one invocation of {@code function}, and counts it. */
    public <T> T measure(String function, Supplier<T> invocation) {
        Thread thread = Thread.currentThread();
        boolean measurable = !thread.isVirtual();
        long cpu0 = measurable ? THREADS.getCurrentThreadCpuTime() : 0;
        long allocated0 = measurable ? THREADS.getThreadAllocatedBytes(thread.threadId()) : 0;
        long wall0 = System.nanoTime();
        try {
            return invocation.get();
        } finally {
            long wall = System.nanoTime() - wall0;
            Totals totals = functions.computeIfAbsent(function, name -> new Totals());
            totals.invocations.increment();
            totals.wallNanos.add(wall);
            if (measurable) {
                totals.cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu0);
                totals.allocatedBytes.add(THREADS.getThreadAllocatedBytes(thread.threadId()) - allocated0);
            } else {
                totals.unmeasured.increment();
            }
        }
    }

    /** Cumulative counters per function: invocations, cpuNanos, allocatedBytes, wallNanos, unmeasured. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> snapshot = new TreeMap<>();
        functions.forEach((name, totals) -> snapshot.put(name, totals.toMap()));
        return snapshot;
    }
}
