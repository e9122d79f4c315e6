package io.cognate.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcome of one load run: throughput, latency percentiles and errors from the client's side,
 * and, when the endpoint is a local stack, what each operation cost it ({@link ResourceUse}). The
 * JSON field names are read by the cost model (docs/cost/*.json); change them only together.
 */
public record LoadReport(String scenario, int concurrency, double seconds, long operations, long[] sortedLatencies,
                         Map<String, Long> errors, Optional<ResourceUse> use, double hashCpuMsPerCheck,
                         double hashAllocatedMiBPerCheck, String loadAverage) {

    public double throughput() {
        return seconds > 0 ? operations / seconds : 0;
    }

    /** The report as JSON: a map of plain values, in a stable order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("concurrency", concurrency);
        json.put("seconds", round(seconds, 3));
        json.put("operations", operations);
        json.put("throughput", round(throughput(), 2));
        json.put("p50Ms", ms(50));
        json.put("p95Ms", ms(95));
        json.put("p99Ms", ms(99));
        json.put("errors", new TreeMap<>(errors));
        json.put("functionCpuMsPerOp", use.map(u -> round(u.functionCpuMsPerOp(), 3)).orElse(null));
        json.put("emulatorCpuMsPerOp", use.map(u -> rounded(u.emulatorCpuMsPerOp())).orElse(null));
        json.put("jvmInternalCpuMsPerOp", use.map(u -> round(u.jvmInternalCpuMsPerOp(), 3)).orElse(null));
        json.put("gcCpuMsPerOp", use.map(u -> round(u.gcCpuMsPerOp(), 3)).orElse(null));
        json.put("jitCpuMsPerOp", use.map(u -> round(u.jitCpuMsPerOp(), 3)).orElse(null));
        json.put("processCpuMsPerOp", use.map(u -> round(u.processCpuMsPerOp(), 3)).orElse(null));
        json.put("loadGeneratorCpuMsPerOp", use.map(u -> round(u.loadGeneratorCpuMsPerOp(), 3)).orElse(null));
        json.put("functionAllocatedMiBPerOp", use.map(u -> round(u.functionAllocatedMiBPerOp(), 3)).orElse(null));
        json.put("hashCpuMsPerCheck", round(hashCpuMsPerCheck, 3));
        json.put("hashAllocatedMiBPerCheck", round(hashAllocatedMiBPerCheck, 3));
        json.put("functionCpuPerHashCheck", use.filter(u -> hashCpuMsPerCheck > 0)
                .map(u -> round(u.functionCpuMsPerOp() / hashCpuMsPerCheck, 3)).orElse(null));
        json.put("perOperation", use.map(u -> roundedDeep(u.perOperation())).orElse(null));
        json.put("loadAverage", loadAverage);
        return json;
    }

    /** The report as a table for a terminal. */
    public String toTable() {
        var text = new StringBuilder();
        text.append(String.format("%-28s %s%n", "scenario", scenario));
        text.append(String.format("%-28s %d%n", "concurrency", concurrency));
        text.append(String.format("%-28s %.1f s%n", "measured", seconds));
        text.append(String.format("%-28s %d%n", "operations", operations));
        text.append(String.format("%-28s %.2f /s%n", "throughput", throughput()));
        text.append(String.format("%-28s p50 %.1f ms   p95 %.1f ms   p99 %.1f ms%n", "latency",
                ms(50), ms(95), ms(99)));
        text.append(String.format("%-28s %s%n", "errors", errors.isEmpty() ? "none" : new TreeMap<>(errors)));
        text.append(String.format("%-28s %.2f ms (%.1f MiB allocated)%n", "one Argon2id check (CPU)",
                hashCpuMsPerCheck, hashAllocatedMiBPerCheck));
        if (use.isEmpty()) {
            text.append("(not a local stack: no per-operation resource use)\n");
        }
        use.ifPresent(u -> {
            text.append(String.format("%-28s %.2f ms  (%.2f× one Argon2id check)%n", "function CPU per op",
                    u.functionCpuMsPerOp(), u.functionCpuMsPerOp() / hashCpuMsPerCheck));
            text.append(String.format("%-28s %.1f MiB%n", "function allocation per op", u.functionAllocatedMiBPerOp()));
            u.emulatorCpuMsPerOp().forEach((group, ms) ->
                    text.append(String.format("  %-26s %.2f ms%n", group + " CPU per op", ms)));
            text.append(String.format("  %-26s %.2f ms (GC %.2f, JIT %.2f)%n", "JVM's own CPU per op",
                    u.jvmInternalCpuMsPerOp(), u.gcCpuMsPerOp(), u.jitCpuMsPerOp()));
            text.append(String.format("  %-26s %.2f ms%n", "load generator CPU per op", u.loadGeneratorCpuMsPerOp()));
            text.append(String.format("%-28s %.2f ms%n", "process CPU per op", u.processCpuMsPerOp()));
            Map<String, Object> per = u.perOperation();
            per.forEach((name, value) -> text.append(String.format("%-28s %s%n", name, value instanceof Double d
                    ? String.format("%.3f", d) : roundedDeep(value))));
        });
        text.append(String.format("%-28s %s%n", "load average (1/5/15 min)", loadAverage));
        return text.toString();
    }

    private double ms(double percent) {
        double value = Latencies.percentileMs(sortedLatencies, percent);
        return Double.isNaN(value) ? 0 : round(value, 2);
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, Double> rounded(Map<String, Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, round(v, 3)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object roundedDeep(Object value) {
        if (value instanceof Double d) {
            return round(d, 4);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, roundedDeep(v)));
            return out;
        }
        return value;
    }
}
