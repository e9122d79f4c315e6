package io.cognate.bench.load;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./cognate load}: a load generator against the local stack, started in this JVM unless
 * {@code --endpoint} names one (a running {@code ./cognate local}, or any endpoint speaking
 * Cognito's protocol with {@code --region --client-id --user-pool-id}).
 *
 * <pre>
 *   --scenario signin|srp|refresh|signup|verify|mix   (signin)
 *   --concurrency N        workers, each one operation at a time   (1)
 *   --seconds N            the measured window                      (20)
 *   --warmup-seconds N     unmeasured load before it                (5)
 *   --json FILE            the report as JSON as well
 *   --endpoint URL [--region R --client-id ID --user-pool-id ID]
 *   --front-port N --primary-port N --secondary-port N   ports of the stack started here (free ports)
 * </pre>
 */
public final class LoadMain {

    private LoadMain() {
    }

    /** The parsed command line. */
    record Arguments(LoadRun.Settings settings, Optional<Path> json, Optional<URI> endpoint, String region,
                     Optional<String> clientId, Optional<String> userPoolId, List<String> stackArguments) {

        static Arguments parse(String... args) {
            Scenario scenario = Scenario.SIGNIN;
            int concurrency = 1;
            long seconds = 20;
            long warmUp = 5;
            Optional<Path> json = Optional.empty();
            Optional<URI> endpoint = Optional.empty();
            String region = "us-east-1";
            Optional<String> clientId = Optional.empty();
            Optional<String> userPoolId = Optional.empty();
            // Free ports unless told: the stack lives only as long as this run, and nobody needs to find it.
            List<String> stack = new ArrayList<>(List.of("--front-port", "0", "--primary-port", "0", "--secondary-port", "0"));
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--scenario" -> scenario = Scenario.parse(value);
                    case "--concurrency" -> concurrency = wholeNumber(flag, value);
                    case "--seconds" -> seconds = wholeNumber(flag, value);
                    case "--warmup-seconds" -> warmUp = wholeNumber(flag, value);
                    case "--json" -> json = Optional.of(Path.of(value));
                    case "--endpoint" -> endpoint = Optional.of(URI.create(value));
                    case "--region" -> region = value;
                    case "--client-id" -> clientId = Optional.of(value);
                    case "--user-pool-id" -> userPoolId = Optional.of(value);
                    case "--front-port", "--primary-port", "--secondary-port", "--regions" -> {
                        stack.add(flag);
                        stack.add(value);
                    }
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            return new Arguments(new LoadRun.Settings(scenario, concurrency, Duration.ofSeconds(seconds),
                    Duration.ofSeconds(warmUp)), json, endpoint, region, clientId, userPoolId, List.copyOf(stack));
        }

    }

    /** {@code value} of the command-line flag {@code flag} as an int, or a usage error naming the flag (load and chaos). */
    public static int wholeNumber(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, not " + value);
        }
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The JDK keeps 5 idle connections per host by default; with more workers the rest would reconnect each call.
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, 2 * arguments.settings().concurrency())));
        boolean terminal = Boolean.getBoolean("cognate.load.terminal");
        PrintStream out = System.out;
        var progress = new LoadRun.ProgressLine(System.err, terminal);
        LocalCognate stack = null;
        try {
            LoadTarget target;
            if (arguments.endpoint().isPresent()) {
                URI endpoint = arguments.endpoint().get();
                target = LoadTarget.getJson(endpoint.resolve("/_local/config")).isPresent()
                        ? LoadTarget.local(endpoint)
                        : LoadTarget.remote(endpoint, arguments.region(),
                        arguments.clientId().orElseThrow(() -> new IllegalArgumentException(
                                "--client-id is needed for an endpoint that is not a local stack")),
                        arguments.userPoolId().orElseThrow(() -> new IllegalArgumentException(
                                "--user-pool-id is needed for an endpoint that is not a local stack")));
            } else {
                progress.note("starting the local stack in this JVM");
                // No scheduled health-checks: their probes would be counted against the scenario's operations.
                LocalOptions options = LocalOptions.parse(arguments.stackArguments().toArray(String[]::new))
                        .withScheduler(false);
                // The stack's functions log and emit metrics on standard output, as on Lambda: they still
                // format every line (that work is theirs), but the lines go nowhere, and the report keeps stdout.
                System.setOut(new PrintStream(OutputStream.nullOutputStream()));
                stack = LocalCognate.start(options, new PrintStream(OutputStream.nullOutputStream()));
                target = LoadTarget.local(stack.frontDoorEndpoint());
            }
            LoadReport report;
            try (target) {
                report = new LoadRun(target, arguments.settings(), progress).run();
            }
            out.print(report.toTable());
            out.flush();
            if (arguments.json().isPresent()) {
                Path file = arguments.json().get();
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, LoadTarget.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report.toJson()) + "\n");
                progress.note("JSON report in " + file);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(2);
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
        System.exit(0); // the stack's client pools keep non-daemon threads a while
    }
}
