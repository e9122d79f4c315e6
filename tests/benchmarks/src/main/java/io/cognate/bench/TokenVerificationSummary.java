package io.cognate.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * After a run of {@link TokenVerificationBench}: verifications per second per core and the two
 * ratios the targets are stated in (fresh tokens against raw JCA verify, repeated against
 * fresh), from the throughput scores and, less disturbed by other work on the machine, from the
 * medians of the sampled operation times.
 */
final class TokenVerificationSummary {
    private static final String BENCH = TokenVerificationBench.class.getName() + ".";

    private TokenVerificationSummary() {
    }

    static void print(Collection<RunResult> results, PrintStream out) {
        Map<String, Double> perSecond = new HashMap<>();
        Map<String, Double> medianMicros = new HashMap<>();
        double pairedJca = Double.NaN;
        double pairedFresh = Double.NaN;
        double pairedRawJca = Double.NaN;
        double pairedRawMontgomery = Double.NaN;
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            if (!params.getBenchmark().startsWith(BENCH)) {
                continue;
            }
            String name = params.getBenchmark().substring(BENCH.length());
            var primary = result.getPrimaryResult();
            if (name.equals("pairedJcaThenFreshToken")) {
                var secondary = result.getSecondaryResults();
                if (secondary.containsKey("jcaNanos") && secondary.containsKey("freshNanos")) {
                    pairedJca = secondary.get("jcaNanos").getScore();
                    pairedFresh = secondary.get("freshNanos").getScore();
                }
                continue;
            }
            if (name.equals("pairedJcaThenMontgomery")) {
                var secondary = result.getSecondaryResults();
                if (secondary.containsKey("jcaNanos") && secondary.containsKey("montgomeryNanos")) {
                    pairedRawJca = secondary.get("jcaNanos").getScore();
                    pairedRawMontgomery = secondary.get("montgomeryNanos").getScore();
                }
                continue;
            }
            switch (params.getMode()) {
                case Throughput -> perSecond.put(name, primary.getScore() * unitsPerSecond(params.getTimeUnit()));
                case SampleTime -> medianMicros.put(name, primary.getStatistics().getPercentile(50)
                        * microsPerUnit(params.getTimeUnit()));
                default -> { }
            }
        }
        if (!perSecond.containsKey("authorizerFreshToken") || !perSecond.containsKey("jcaVerify")) {
            return;
        }
        out.println();
        out.println("Token verification, one thread (per core):");
        for (String name : new String[] {"jcaVerify", "montgomeryVerify", "jcaVerifyNewSignatureObject", "nimbusSignedJwtFreshToken",
                "authorizerFreshToken", "authorizerRepeatedToken"}) {
            if (perSecond.containsKey(name)) {
                out.printf("  %-30s %,12.0f /s   median %8.2f us  (1/median %,12.0f /s)%n", name, perSecond.get(name),
                        medianMicros.getOrDefault(name, Double.NaN), 1e6 / medianMicros.getOrDefault(name, Double.NaN));
            }
        }
        double fresh = perSecond.get("authorizerFreshToken") / perSecond.get("jcaVerify");
        double freshMedian = medianMicros.getOrDefault("jcaVerify", Double.NaN) / medianMicros.getOrDefault("authorizerFreshToken", Double.NaN);
        double repeated = perSecond.getOrDefault("authorizerRepeatedToken", Double.NaN) / perSecond.get("authorizerFreshToken");
        double repeatedMedian = medianMicros.getOrDefault("authorizerFreshToken", Double.NaN)
                / medianMicros.getOrDefault("authorizerRepeatedToken", Double.NaN);
        out.printf("  fresh / raw JCA:   %5.1f%% by throughput, %5.1f%% by median, %5.1f%% paired (target >= 80%%)%n",
                100 * fresh, 100 * freshMedian, 100 * pairedJca / pairedFresh);
        out.printf("  Montgomery / JCA time, raw check: %5.1f%% paired (below 100%% is faster)%n",
                100 * pairedRawMontgomery / pairedRawJca);
        out.printf("  repeated / fresh: %6.1fx by throughput, %6.1fx by median  (target >= 10x)%n", repeated, repeatedMedian);
    }

    private static double unitsPerSecond(java.util.concurrent.TimeUnit unit) {
        return TimeValue.seconds(1).convertTo(unit);
    }

    private static double microsPerUnit(java.util.concurrent.TimeUnit unit) {
        return unit.toNanos(1) / 1000.0;
    }
}
