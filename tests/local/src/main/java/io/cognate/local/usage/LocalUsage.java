package io.cognate.local.usage;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the local stack has used since this JVM started, served as {@code GET /_local/usage}:
 * CPU time per thread group, the functions' invocations with their CPU, allocation and wall time,
 * their SDK calls and DynamoDB capacity units, and the API requests the gateways routed. One per
 * JVM, since thread CPU time is a property of the JVM: two stacks in one JVM share the counters.
 * A load generator reads it before and after its window and takes the difference.
 */
public final class LocalUsage {
    private static final LocalUsage JVM = new LocalUsage();

    private final ThreadCpuGroups threadGroups = new ThreadCpuGroups();
    private final FunctionMeter functions = new FunctionMeter();
    private final SdkCallCounter sdkCalls = new SdkCallCounter();
    private final LongAdder apiRequests = new LongAdder();

    private LocalUsage() {
        // Samples every second, so a thread that dies between two reads loses at most a second of its time.
        Thread.ofPlatform().daemon().name("local-usage-sampler").start(() -> {
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                threadGroups.sample();
            }
        });
    }

    public static LocalUsage jvm() {
        return JVM;
    }

    public FunctionMeter functions() {
        return functions;
    }

    /** The interceptor for the functions' SDK clients. */
    public SdkCallCounter sdkCalls() {
        return sdkCalls;
    }

    /** One request routed to a function by a region's gateway (what API Gateway bills). */
    public void countApiRequest() {
        apiRequests.increment();
    }

    /** The JSON body of {@code GET /_local/usage}. */
    public Map<String, Object> snapshot() {
        Map<String, Object> usage = new LinkedHashMap<>();
        // The whole process's CPU as well: GC and the JIT compiler run on threads the JVM does not list.
        usage.put("processCpuNanos", ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        usage.put("cpuNanosByThreadGroup", threadGroups.sample());
        usage.put("nativeCpuNanosByThreadGroup", NativeThreadCpu.sample());
        usage.put("functions", functions.snapshot());
        usage.put("apiRequests", apiRequests.sum());
        usage.putAll(sdkCalls.snapshot());
        return usage;
    }
}
