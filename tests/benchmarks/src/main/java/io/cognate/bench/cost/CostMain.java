package io.cognate.bench.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./cognate cost}: Cognate's monthly AWS bill for a number of monthly active users, from the
 * per-operation use {@code ./cognate load} measured ({@code docs/cost/<scenario>.json}) and the list
 * prices in {@code docs/cost/aws-prices.json}, next to Cognito Essentials with its replica add-on,
 * and the MAU at which the cheaper one changes.
 */
public final class CostMain {
    static final int EXIT_BAD_ARGUMENTS = 2;
    static final int EXIT_MISSING_INPUT = 3;

    private static final String USAGE = """
            usage: ./cognate cost [--mau N] [--regions N] [--signins-per-user N] [--refreshes-per-user N]
                                  [--verifications-per-user N] [--signups-fraction F] [--health-check-adapter route53|arc]
                                  [--memory-identity-api MB] [--health-probe-ms MS] [--usage DIR] [--prices FILE]
                                  [--template FILE] [--json FILE]""";

    private CostMain() {
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("cognate.root", "."));
        System.exit(run(args, root, System.out, System.err));
    }

    /** Runs the command; returns the process exit code (0, or non-zero with the reason on {@code err}). */
    public static int run(String[] args, Path root, PrintStream out, PrintStream err) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("cost: expected --flag value, got '" + args[i] + "'");
                err.println(USAGE);
                return EXIT_BAD_ARGUMENTS;
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        try {
            DeploymentFacts deployment = DeploymentFacts.read(path(root, flags.remove("template"), "template.yaml"));
            Workload workload = workload(flags, deployment);
            String memory = flags.remove("memory-identity-api");
            if (memory != null) {
                deployment = deployment.withMemory("identity-api", Integer.parseInt(memory));
            }
            Path pricesFile = path(root, flags.remove("prices"), "docs/cost/aws-prices.json");
            Path usageDir = path(root, flags.remove("usage"), "docs/cost");
            String jsonFile = flags.remove("json");
            if (!flags.isEmpty()) {
                err.println("cost: unknown flag(s) " + flags.keySet());
                err.println(USAGE);
                return EXIT_BAD_ARGUMENTS;
            }
            if (!Files.isRegularFile(pricesFile)) {
                err.println("cost: no prices file at " + pricesFile);
                return EXIT_MISSING_INPUT;
            }
            PriceList prices = PriceList.load(pricesFile);
            // Every scenario users do at all is needed for the break-even search; at --mau 0 the
            // fixed part of the bill is printed even while the usage files are still missing.
            Map<String, OperationUsage> usage = new LinkedHashMap<>();
            for (String scenario : CognateBill.scenariosNeeded(workload.withMau(1))) {
                try {
                    usage.put(scenario, UsageFiles.load(usageDir, scenario));
                } catch (UsageFiles.MissingUsageException e) {
                    if (workload.mau() > 0) {
                        throw e;
                    }
                    err.println("cost: " + e.getMessage());
                }
            }
            CostComparison comparison = CostComparison.of(workload, usage, deployment, prices);
            CostReport.print(comparison, deployment, prices, displayed(root, pricesFile), out);
            if (jsonFile != null) {
                Files.writeString(Path.of(jsonFile), CostReport.json(comparison, deployment, prices));
                out.println("JSON written to " + jsonFile);
            }
            return 0;
        } catch (UsageFiles.MissingUsageException e) {
            err.println("cost: " + e.getMessage());
            return EXIT_MISSING_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("cost: " + e.getMessage());
            err.println(USAGE);
            return EXIT_BAD_ARGUMENTS;
        } catch (IOException e) {
            err.println("cost: " + e.getMessage());
            return EXIT_MISSING_INPUT;
        }
    }

    private static Workload workload(Map<String, String> flags, DeploymentFacts deployment) {
        Workload d = Workload.DEFAULT;
        String adapter = flags.remove("health-check-adapter");
        Workload.TrafficSwitch traffic = adapter == null ? deployment.defaultTrafficSwitch() : switch (adapter) {
            case "route53" -> Workload.TrafficSwitch.ROUTE53;
            case "arc" -> Workload.TrafficSwitch.ARC;
            default -> throw new IllegalArgumentException("--health-check-adapter is route53 or arc, not " + adapter);
        };
        return new Workload(
                (long) number(flags, "mau", d.mau()),
                (int) number(flags, "regions", d.regions()),
                number(flags, "signins-per-user", d.signinsPerUser()),
                number(flags, "refreshes-per-user", d.refreshesPerUser()),
                number(flags, "verifications-per-user", d.verificationsPerUser()),
                number(flags, "signups-fraction", d.signupsFraction()),
                traffic,
                number(flags, "health-probe-ms", d.healthProbeMs()));
    }

    private static double number(Map<String, String> flags, String name, double fallback) {
        String value = flags.remove(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--%s takes a number, not '%s'", name, value));
        }
    }

    /** The prices file as the table names it: relative to the repository when it lies inside. */
    private static String displayed(Path root, Path file) {
        Path base = root.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    private static Path path(Path root, String given, String fallback) {
        return given == null ? root.resolve(fallback) : Path.of(given);
    }
}
