package io.cognate.local.usage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CPU time of this JVM's platform threads, summed by what they serve, told apart by thread name
 * (the local stack names its servers' threads: {@code local-dynamodb-*}, {@code local-kms-*},
 * {@code local-gateway-*}, ...). A thread that has died keeps counting with the time it had at the
 * last sample, so samples are taken every second by {@link LocalUsage}'s sampler as well as on
 * every read; servers' pools keep idle threads 60 s, so few die between samples.
 */
public final class ThreadCpuGroups {
    public static final String DYNAMODB = "dynamodb";
    public static final String KMS = "kms";
    public static final String REPLICATOR = "replicator";
    public static final String EVENTBRIDGE = "eventbridge";
    /** The regions' API gateways and the front door (which proxies every request once more). */
    public static final String GATEWAY = "gateway";
    /**
     * The CRT HTTP client's event-loop threads: socket I/O of the functions' SDK calls (identity-api
     * and health-check use the CRT client) and of the replicator's (same client, same event loops).
     * Native threads that the JVM lists only while they call into Java: counted by {@link NativeThreadCpu}.
     */
    public static final String SDK_EVENT_LOOPS = "sdkEventLoops";
    /** Threads of a load generator running in this JVM: named {@code load-*}, not the stack's work. */
    public static final String LOAD = "load";
    public static final String OTHER = "other";

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, Seen> live = new HashMap<>();
    private final Map<String, Long> retired = new HashMap<>();

    private record Seen(String group, long cpuNanos) {
    }

    /** The group a thread of this name belongs to. */
    public static String groupOf(String threadName) {
        if (threadName == null) {
            return OTHER;
        }
        if (threadName.startsWith("local-dynamodb-")) {
            return DYNAMODB;
        }
        if (threadName.startsWith("local-kms-")) {
            return KMS;
        }
        if (threadName.startsWith("global-table-replicator")) {
            return REPLICATOR;
        }
        if (threadName.startsWith("local-eventbridge")) {
            return EVENTBRIDGE;
        }
        // The front door forwards with the JDK's HttpClient, whose threads are HttpClient-N-*.
        if (threadName.startsWith("local-gateway-") || threadName.startsWith("local-front-door")
                || threadName.startsWith("HttpClient-")) {
            return GATEWAY;
        }
        if (threadName.startsWith("AwsEventLoop")) {
            return SDK_EVENT_LOOPS;
        }
        if (threadName.startsWith("SQLiteQueue")) {
            return DYNAMODB; // DynamoDB Local's SQLite work queues
        }
        if (threadName.startsWith("load-")) {
            return LOAD;
        }
        return OTHER;
    }

    /** Cumulative CPU nanoseconds per group since this object was made, dead threads included. */
    public synchronized Map<String, Long> sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        long[] cpu = threads.getThreadCpuTime(ids);
        Set<Long> seenNow = new HashSet<>();
        Map<String, Long> totals = new TreeMap<>(retired);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) {
                continue; // died between the two calls, or CPU time is not measured for it
            }
            String group = groupOf(infos[i].getThreadName());
            if (group.equals(SDK_EVENT_LOOPS)) {
                continue; // listed only while attached; NativeThreadCpu reads them all the time
            }
            live.put(ids[i], new Seen(group, cpu[i]));
            seenNow.add(ids[i]);
            totals.merge(group, cpu[i], Long::sum);
        }
        var gone = live.entrySet().iterator();
        while (gone.hasNext()) {
            var entry = gone.next();
            if (!seenNow.contains(entry.getKey())) {
                retired.merge(entry.getValue().group(), entry.getValue().cpuNanos(), Long::sum);
                totals.merge(entry.getValue().group(), entry.getValue().cpuNanos(), Long::sum);
                gone.remove();
            }
        }
        return totals;
    }
}
