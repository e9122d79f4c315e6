package io.cognate.bench.chaos;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cognate.bench.load.LoadMain;
import io.cognate.bench.load.LoadRun;
import io.cognate.bench.load.LoadTarget;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./cognate chaos}: starts the local stack (two or three regions, the local failover
 * timing: a health-check run every 5 s, a probe a second, promotion after 3 failures) in this JVM,
 * runs the mixed workload through its front door while the fault schedule plays, then checks
 * every acknowledged write in every region and reports.
 *
 * <pre>
 *   --minutes N | --seconds N   the run's length                              (10 minutes)
 *   --regions 2|3               us-east-1, eu-west-1 (and ap-southeast-2)     (2)
 *   --workers N                 clients, each one operation at a time          (4)
 *   --schedule a,b,...          the faults, in order, each in an equal slot    (every fault; see FaultKind)
 *   --report FILE               the report as JSON as well
 *   --timing local|production   the failover timing: local (above) or a deployment's defaults
 *                               (template.yaml: a run a minute, a probe every 10 s, 3 failures, 3 s probe timeout)
 *   --schedule-seconds N --probe-interval-ms N --failure-threshold N   the failover timing, flag by flag
 * </pre>
 */
public final class ChaosMain {
    private static final List<String> REGION_NAMES = List.of("us-east-1", "eu-west-1", "ap-southeast-2");

    private ChaosMain() {
    }

    /** The parsed command line. */
    record Arguments(ChaosRun.Settings settings, int regions, Optional<Path> report, List<String> stackArguments) {

        static Arguments parse(String... args) {
            long seconds = 600;
            int regions = 2;
            int workers = 4;
            List<FaultKind> schedule = null;
            Optional<Path> report = Optional.empty();
            List<String> timing = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--minutes" -> seconds = 60L * LoadMain.wholeNumber(flag, value);
                    case "--seconds" -> seconds = LoadMain.wholeNumber(flag, value);
                    case "--regions" -> {
                        regions = LoadMain.wholeNumber(flag, value);
                        if (regions != 2 && regions != 3) {
                            throw new IllegalArgumentException("--regions takes 2 or 3");
                        }
                    }
                    case "--workers" -> workers = LoadMain.wholeNumber(flag, value);
                    case "--schedule" -> schedule = FaultKind.parseList(value);
                    case "--report" -> report = Optional.of(Path.of(value));
                    case "--timing", "--schedule-seconds", "--probe-interval-ms", "--failure-threshold" -> {
                        timing.add(flag);
                        timing.add(value);
                    }
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            if (schedule == null) {
                schedule = FaultKind.defaultSchedule(regions);
            }
            if (schedule.contains(FaultKind.THIRD_REGION_OUTAGE) && regions < 3) {
                throw new IllegalArgumentException("third-region-outage needs --regions 3");
            }
            // --timing first: the flags that change one value of it apply on top, in any order.
            for (int t = 0; t + 1 < timing.size(); t += 2) {
                if (timing.get(t).equals("--timing")) {
                    timing.addAll(0, List.of(timing.remove(t), timing.remove(t)));
                }
            }
            // Free ports: the stack lives only as long as this run, and nobody needs to find it.
            List<String> stack = new ArrayList<>(List.of("--front-port", "0", "--regions",
                    String.join(",", REGION_NAMES.subList(0, regions).stream().map(name -> name + ":0").toList())));
            stack.addAll(timing);
            return new Arguments(new ChaosRun.Settings(Duration.ofSeconds(seconds), workers, schedule), regions, report,
                    List.copyOf(stack));
        }
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, 4 * arguments.settings().workers())));
        boolean terminal = Boolean.getBoolean("cognate.load.terminal");
        PrintStream out = System.out;
        var progress = new LoadRun.ProgressLine(System.err, terminal, "chaos");
        int exit = 0;
        LocalCognate stack = null;
        try {
            progress.note("starting the local stack (" + arguments.regions() + " regions) in this JVM");
            LocalOptions options = LocalOptions.parse(arguments.stackArguments().toArray(String[]::new));
            // The functions log on standard output, as on Lambda; the lines go nowhere, the report keeps stdout.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            stack = LocalCognate.start(options, new PrintStream(OutputStream.nullOutputStream()));
            progress.note("status page: " + stack.frontDoorEndpoint().resolve("/_local/status"));
            ChaosReport report;
            try (var target = LoadTarget.local(stack.frontDoorEndpoint())) {
                report = new ChaosRun(stack, target, arguments.settings(), progress).run();
            }
            out.print(report.toTable());
            out.flush();
            if (arguments.report().isPresent()) {
                Path file = arguments.report().get();
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, LoadTarget.json().copy().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report.toJson()) + "\n");
                progress.note("JSON report in " + file);
            }
            // A write lost in an unplanned failover is a finding of the run when a conflict record holds
            // it; one lost with no record, or lost in a planned switchover, fails the command.
            if (report.failure().isPresent()) {
                System.err.println("chaos: FAILED: " + report.failure().get());
                exit = 1;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            exit = 2;
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
        System.exit(exit); // the stack's client pools keep non-daemon threads a while
    }
}
