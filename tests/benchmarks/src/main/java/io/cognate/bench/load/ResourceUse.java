package io.cognate.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stack used per operation: the difference of two {@code GET /_local/usage} readings,
 * one at each end of the measured window, divided by the operations completed in it.
 */
public final class ResourceUse {
    /** Cognate's functions; the demo route's own function (an app's backend) is not Cognate's bill. */
    static final List<String> COGNATE_FUNCTIONS = List.of("identity-api", "token-verifier", "health-check");
    /** The thread groups reported as emulator CPU, in the report's order. */
    static final List<String> EMULATOR_GROUPS = List.of("dynamodb", "kms", "replicator", "eventbridge", "gateway",
            "sdkEventLoops", "other");

    private final JsonNode before;
    private final JsonNode after;
    private final double operations;

    public ResourceUse(JsonNode before, JsonNode after, long operations) {
        if (operations <= 0) {
            throw new IllegalArgumentException("no operation completed in the window");
        }
        this.before = before;
        this.after = after;
        this.operations = operations;
    }

    private double delta(String... path) {
        return at(after, path) - at(before, path);
    }

    private static double at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            current = current.path(step);
        }
        return current.asDouble(0);
    }

    private double perOp(double total) {
        return total / operations;
    }

    /** CPU ms per operation on the invoking threads of Cognate's functions. */
    public double functionCpuMsPerOp() {
        double nanos = 0;
        for (String function : COGNATE_FUNCTIONS) {
            nanos += delta("functions", function, "cpuNanos");
        }
        return perOp(nanos / 1e6);
    }

    /** MiB allocated per operation on the invoking threads of Cognate's functions. */
    public double functionAllocatedMiBPerOp() {
        double bytes = 0;
        for (String function : COGNATE_FUNCTIONS) {
            bytes += delta("functions", function, "allocatedBytes");
        }
        return perOp(bytes / (1024.0 * 1024.0));
    }

    /**
     * CPU ms per operation of each emulator's threads. The functions run on the gateways' threads,
     * so the gateway's share is its threads' time less every function's measured time.
     */
    public Map<String, Double> emulatorCpuMsPerOp() {
        Map<String, Double> split = new LinkedHashMap<>();
        double allFunctions = 0;
        for (String function : names(after.path("functions"))) {
            allFunctions += delta("functions", function, "cpuNanos");
        }
        for (String group : EMULATOR_GROUPS) {
            double nanos = group.equals("sdkEventLoops") ? delta("nativeCpuNanosByThreadGroup", group)
                    : delta("cpuNanosByThreadGroup", group);
            if (group.equals("gateway")) {
                nanos -= allFunctions;
            }
            split.put(group, perOp(nanos / 1e6));
        }
        return split;
    }

    /** CPU ms per operation of the load generator's own threads (zero when it runs in another process). */
    public double loadGeneratorCpuMsPerOp() {
        return perOp(delta("cpuNanosByThreadGroup", "load") / 1e6);
    }

    /** The JVM's whole CPU time per operation, GC and JIT compiler included. */
    public double processCpuMsPerOp() {
        return perOp(delta("processCpuNanos") / 1e6);
    }

    /** The JVM's own work per operation: process CPU less every Java thread's and the CRT's event loops'. */
    public double jvmInternalCpuMsPerOp() {
        double threads = delta("nativeCpuNanosByThreadGroup", "sdkEventLoops");
        for (String group : names(after.path("cpuNanosByThreadGroup"))) {
            threads += delta("cpuNanosByThreadGroup", group);
        }
        return perOp((delta("processCpuNanos") - threads) / 1e6);
    }

    /** Of the JVM's own work, the garbage collector's threads' CPU ms per operation (Linux only, else 0). */
    public double gcCpuMsPerOp() {
        return perOp(delta("nativeCpuNanosByThreadGroup", "gc") / 1e6);
    }

    /** Of the JVM's own work, the JIT compilers' threads' CPU ms per operation (Linux only, else 0). */
    public double jitCpuMsPerOp() {
        return perOp(delta("nativeCpuNanosByThreadGroup", "jit") / 1e6);
    }

    /** Calls, units and invocations per operation: the inputs of a cost model. */
    public Map<String, Object> perOperation() {
        Map<String, Object> per = new LinkedHashMap<>();
        Map<String, Double> invocations = new LinkedHashMap<>();
        Map<String, Double> lambdaMs = new LinkedHashMap<>();
        for (String function : COGNATE_FUNCTIONS) {
            double count = delta("functions", function, "invocations");
            if (count > 0) {
                invocations.put(function, perOp(count));
                lambdaMs.put(function, perOp(delta("functions", function, "wallNanos") / 1e6));
            }
        }
        per.put("lambdaInvocations", invocations);
        per.put("lambdaMs", lambdaMs);
        per.put("apiRequests", perOp(delta("apiRequests")));
        per.put("dynamoReadUnits", perOp(delta("dynamoReadUnits")));
        per.put("dynamoWriteUnits", perOp(delta("dynamoWriteUnits")));
        per.put("kmsRequests", calls("Kms").values().stream().mapToDouble(Double::doubleValue).sum());
        per.put("eventBridgeEvents", perOp(delta("eventBridgeEntries")));
        // Calls DynamoDB answered without units (none expected: DynamoDB Local answers ReturnConsumedCapacity).
        per.put("dynamoCallsWithoutCapacity", perOp(delta("dynamoCallsWithoutCapacity")));
        per.put("dynamoDbCalls", calls("DynamoDb"));
        per.put("kmsCalls", calls("Kms"));
        return per;
    }

    /** Per-operation calls of one service, by operation, leaving out those not made in the window. */
    private Map<String, Double> calls(String service) {
        Map<String, Double> counts = new TreeMap<>();
        for (String operation : names(after.path("calls").path(service))) {
            double count = delta("calls", service, operation);
            if (count > 0) {
                counts.put(operation, perOp(count));
            }
        }
        return counts;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
