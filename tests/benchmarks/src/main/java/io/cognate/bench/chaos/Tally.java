package io.cognate.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients saw: operations answered and failed, by operation, and every failure with
 * when it came (milliseconds after the run began) and its error type, so each fault's client
 * error window can be cut out of it afterwards.
 */
final class Tally {
    /** One failed call. */
    record Failure(long atMs, String operation, String type) {
    }

    private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final LongAdder total = new LongAdder();

    void answered(String operation) {
        answered.computeIfAbsent(operation, k -> new LongAdder()).increment();
        total.increment();
    }

    void failed(String operation, long atMs, String type) {
        failed.computeIfAbsent(operation, k -> new LongAdder()).increment();
        synchronized (failures) {
            failures.add(new Failure(atMs, operation, type));
        }
    }

    long answeredTotal() {
        return total.sum();
    }

    long failedTotal() {
        synchronized (failures) {
            return failures.size();
        }
    }

    List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Per operation: {@code {"answered": n, "failed": n}}. */
    Map<String, Map<String, Long>> byOperation() {
        Map<String, Map<String, Long>> result = new TreeMap<>();
        answered.forEach((op, n) -> result.computeIfAbsent(op, k -> new TreeMap<>()).put("answered", n.sum()));
        failed.forEach((op, n) -> result.computeIfAbsent(op, k -> new TreeMap<>()).put("failed", n.sum()));
        result.values().forEach(counts -> {
            counts.putIfAbsent("answered", 0L);
            counts.putIfAbsent("failed", 0L);
        });
        return result;
    }

    /** Failures by error type. */
    Map<String, Long> byType() {
        Map<String, Long> result = new TreeMap<>();
        for (Failure failure : failures()) {
            result.merge(failure.type(), 1L, Long::sum);
        }
        return result;
    }
}
