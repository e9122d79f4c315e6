package io.cognate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./cognate rsa-vs-openssl [seconds] [rounds]}: token verification against
 * {@code openssl speed rsa2048} on the same machine, in one run. Each round runs OpenSSL's RSA-2048
 * verify for {@code seconds} (one core), then, for {@code seconds} each, the JMH benchmarks of
 * {@link TokenVerificationBench} the comparison is about (one thread): raw JCA verify, the raw
 * check the verifier uses here (libcrypto through the foreign-function API on JDK 22+, else JCA),
 * the raw e = 65537 Montgomery check, and fresh tokens through the authorizer with JCA and with
 * the check it uses. The benchmarks run inside
 * this JVM (JMH without forks), warmed up once before the first round, so a round takes seconds
 * rather than a JVM start and warm-up per benchmark: OpenSSL and Java alternate every few seconds
 * and load from other work on the machine falls on both. Each round's ratios use that round's
 * OpenSSL figure; the summary gives the median round, and the load average before and after.
 *
 * <p>Each round also measures both sides by CPU time: {@code openssl speed} without
 * {@code -elapsed} (its own CPU-time rate) and the same three operations in plain loops timed by
 * this thread's CPU time. Where other work shares the cores, wall-clock rates move with the
 * scheduler from one second to the next; CPU-time rates move much less.
 */
public final class RsaVsOpensslMain {
    private static final String BENCH = TokenVerificationBench.class.getName() + ".";
    private static final List<String> BENCHMARKS = List.of("jcaVerify", "platformVerify", "montgomeryVerify",
            "authorizerFreshTokenJca", "authorizerFreshToken");

    private RsaVsOpensslMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("RS256 verification against openssl speed rsa2048, %d rounds of %d s per measurement, %s%n",
                rounds, seconds, Instant.now());
        System.out.printf("%s; java %s; the verifier's RSA check here: %s%n", opensslVersion(), Runtime.version(),
                TokenVerificationBench.checksInUse());
        System.out.printf("load average at start: %s%n", loadAverage());

        jmh(3, 1); // warm-up: the JIT's code for the verifier stays for every round
        TokenVerificationBench loops = new TokenVerificationBench();
        loops.setUp();
        cpuTimeRates(loops, 3);
        Map<String, List<Double>> elapsed = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            double opensslElapsed = opensslVerifyPerSecond(seconds, true);
            Map<String, Double> jmh = jmh(0, seconds);
            double opensslCpu = opensslVerifyPerSecond(seconds, false);
            Map<String, Double> java = cpuTimeRates(loops, seconds);
            System.out.println("round " + round + " (load " + loadAverage() + ")");
            System.out.println("  elapsed:  " + record(elapsed, opensslElapsed, jmh));
            System.out.println("  CPU time: " + record(cpu, opensslCpu, java));
        }

        System.out.println();
        System.out.println("Median round: verifications per second on one core, and the median of each round's ratio to OpenSSL");
        summarize("elapsed time (openssl speed -elapsed; JMH throughput, in-process)", elapsed);
        summarize("CPU time (openssl speed's own CPU-time rate; the benchmark's thread CPU time)", cpu);
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static String record(Map<String, List<Double>> series, double openssl, Map<String, Double> java) {
        series.computeIfAbsent("openssl", ignored -> new ArrayList<>()).add(openssl);
        StringBuilder line = new StringBuilder(String.format("openssl %,7.0f /s", openssl));
        for (String name : BENCHMARKS) {
            double rate = java.getOrDefault(name, Double.NaN);
            series.computeIfAbsent(name, ignored -> new ArrayList<>()).add(rate);
            series.computeIfAbsent(name + "/openssl", ignored -> new ArrayList<>()).add(rate / openssl);
            line.append(String.format(" | %s %,7.0f /s (%.2fx)", name, rate, rate / openssl));
        }
        return line.toString();
    }

    private static void summarize(String title, Map<String, List<Double>> series) {
        System.out.println(" " + title + ":");
        System.out.printf("  %-22s %,8.0f /s%n", "openssl rsa2048 verify", median(series.get("openssl")));
        for (String name : BENCHMARKS) {
            List<Double> ratios = series.get(name + "/openssl");
            System.out.printf("  %-22s %,8.0f /s   %.2fx openssl   (rounds: %s)%n", name, median(series.get(name)),
                    median(ratios), ratios.stream().map(r -> String.format("%.2f", r)).toList());
        }
    }

    /**
     * The same three operations in plain loops, each for {@code seconds} of this thread's CPU
     * time: on a machine other work shares, time spent waiting for a core is not counted, as
     * openssl speed does not count it without -elapsed.
     */
    static Map<String, Double> cpuTimeRates(TokenVerificationBench bench, int seconds) throws GeneralSecurityException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long budget = TimeUnit.SECONDS.toNanos(seconds);
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (String name : BENCHMARKS) {
            long operations = 0;
            boolean all = true;
            long start = threads.getCurrentThreadCpuTime();
            long spent;
            do {
                for (int i = 0; i < 100; i++) {
                    all &= switch (name) {
                        case "jcaVerify" -> bench.jcaVerify();
                        case "platformVerify" -> bench.platformVerify();
                        case "montgomeryVerify" -> bench.montgomeryVerify();
                        case "authorizerFreshTokenJca" -> bench.authorizerFreshTokenJca();
                        default -> bench.authorizerFreshToken();
                    };
                }
                operations += 100;
                spent = threads.getCurrentThreadCpuTime() - start;
            } while (spent < budget);
            if (!all) {
                throw new IllegalStateException(name + " refused a valid token");
            }
            perSecond.put(name, operations * 1e9 / spent);
        }
        return perSecond;
    }

    /** Verify operations per second from {@code openssl speed -mr}: wall-clock with -elapsed, else its CPU time. */
    static double opensslVerifyPerSecond(int seconds, boolean elapsed) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "speed", "-mr", "-seconds", Integer.toString(seconds)));
        if (elapsed) {
            command.add("-elapsed");
        }
        command.add("rsa2048");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double verify = Double.NaN;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                verify = parseVerifyRate(line, verify);
            }
        }
        if (process.waitFor() != 0 || Double.isNaN(verify)) {
            throw new IllegalStateException("openssl speed gave no RSA-2048 verify rate");
        }
        return verify;
    }

    /** "+F2:index:bits:sign/s:verify/s" (OpenSSL 1.1 and 3.x machine-readable output). */
    static double parseVerifyRate(String line, double otherwise) {
        if (!line.startsWith("+F2:")) {
            return otherwise;
        }
        String[] fields = line.split(":");
        return fields.length >= 5 && fields[2].equals("2048") ? Double.parseDouble(fields[4]) : otherwise;
    }

    private static Map<String, Double> jmh(int warmupSeconds, int seconds) throws Exception {
        String include = BENCH.replace(".", "\\.") + "(" + String.join("|", BENCHMARKS) + ")$";
        var results = new Runner(new OptionsBuilder()
                .include(include)
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .forks(0)
                .threads(1)
                .warmupIterations(warmupSeconds)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(1)
                .measurementTime(TimeValue.seconds(seconds))
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().substring(BENCH.length());
            perSecond.put(name, result.getPrimaryResult().getScore());
        }
        return perSecond;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The 1, 5 and 15 minute load averages where Linux gives them, else the JVM's 1-minute figure. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException notLinux) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String opensslVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return version;
    }
}
