package io.cognate.local;

import io.cognate.ports.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the local stack is laid out. Port 0 means any free port (what tests use); the defaults
 * are the ports the README shows. Regions are listed in priority order: the first is the
 * primary, the next the first to take over, and so on.
 *
 * @param timing  the failover settings every region's health-check gets
 * @param clock   the clock of every region's functions (tests pass a virtual one)
 * @param sleeper how the scheduled check waits between probes (tests skip the waits)
 * @param scheduled whether a local scheduler fires the scheduled check at each region
 * @param localStack where a LocalStack edge endpoint serves DynamoDB, KMS, Route 53 and EventBridge
 *                   for every region; empty: the stack's own in-JVM endpoints
 * @param strongConsistency strong mode: the leader record and username claims in the Claims table
 *                   (one copy all regions share, standing in for the MRSC table); false: eventual
 */
public record LocalOptions(int frontDoorPort, List<RegionSpec> regions, Timing timing, Clock clock, Sleeper sleeper,
                           boolean scheduled, Optional<URI> localStack, boolean strongConsistency) {

    public record RegionSpec(String name, int port) {
    }

    /** Failover timing: the schedule, the probe interval and count, and the switchover bounds. */
    public record Timing(Duration schedule, Duration probeInterval, int failureThreshold, Duration probeTimeout,
                         Duration drainLagBound, Duration switchoverTimeout) {

        /** Short enough to watch a failover happen: a probe a second, a run every five. */
        public static Timing local() {
            return new Timing(Duration.ofSeconds(5), Duration.ofSeconds(1), 3, Duration.ofSeconds(1),
                    Duration.ofSeconds(3), Duration.ofSeconds(20));
        }

        /** The defaults a deployment gets (see FailoverSettings). */
        public static Timing production() {
            return new Timing(Duration.ofMinutes(1), Duration.ofSeconds(10), 3, Duration.ofSeconds(3),
                    Duration.ofSeconds(5), Duration.ofSeconds(45));
        }
    }

    public LocalOptions {
        regions = List.copyOf(regions);
        localStack = localStack == null ? Optional.empty() : localStack;
        if (regions.size() < 2) {
            throw new IllegalArgumentException("the local stack needs at least two regions");
        }
        if (regions.stream().map(RegionSpec::name).distinct().count() != regions.size()) {
            throw new IllegalArgumentException("region names must differ: " + regions);
        }
    }

    public LocalOptions(int frontDoorPort, List<RegionSpec> regions, Timing timing, Clock clock, Sleeper sleeper,
                        boolean scheduled) {
        this(frontDoorPort, regions, timing, clock, sleeper, scheduled, Optional.empty(), false);
    }

    public LocalOptions(int frontDoorPort, List<RegionSpec> regions) {
        this(frontDoorPort, regions, Timing.local(), Clock.systemUTC(), Sleeper.system(), true);
    }

    public static LocalOptions defaults() {
        return new LocalOptions(8080, List.of(new RegionSpec("us-east-1", 8081), new RegionSpec("eu-west-1", 8082)));
    }

    /** Free ports and no scheduler: tests drive the checks themselves. */
    public static LocalOptions ephemeral() {
        return new LocalOptions(0, List.of(new RegionSpec("us-east-1", 0), new RegionSpec("eu-west-1", 0)))
                .withScheduler(false);
    }

    /** Free ports for each named region, no scheduler. */
    public static LocalOptions ephemeral(String... regionNames) {
        List<RegionSpec> specs = new ArrayList<>();
        for (String name : regionNames) {
            specs.add(new RegionSpec(name, 0));
        }
        return new LocalOptions(0, specs).withScheduler(false);
    }

    public LocalOptions withTiming(Timing newTiming) {
        return new LocalOptions(frontDoorPort, regions, newTiming, clock, sleeper, scheduled, localStack, strongConsistency);
    }

    public LocalOptions withTime(Clock newClock, Sleeper newSleeper) {
        return new LocalOptions(frontDoorPort, regions, timing, newClock, newSleeper, scheduled, localStack, strongConsistency);
    }

    public LocalOptions withScheduler(boolean on) {
        return new LocalOptions(frontDoorPort, regions, timing, clock, sleeper, on, localStack, strongConsistency);
    }

    /** Every region's DynamoDB, KMS, Route 53 and EventBridge at this LocalStack edge endpoint. */
    public LocalOptions withLocalStack(URI edge) {
        return new LocalOptions(frontDoorPort, regions, timing, clock, sleeper, scheduled, Optional.of(edge), strongConsistency);
    }

    /**
     * Strong mode ({@code --consistency strong}): the leader record and the username claims in a
     * Claims table that stands in for the MRSC table ({@link io.cognate.local.dynamo.StrongConsistencyTable}).
     */
    public LocalOptions withStrongConsistency() {
        return new LocalOptions(frontDoorPort, regions, timing, clock, sleeper, scheduled, localStack, true);
    }

    public RegionSpec primary() {
        return regions.getFirst();
    }

    /**
     * Parses {@code --front-port N --primary-port N --secondary-port N}, or
     * {@code --regions name:port,name:port,...} for more regions, and the timing flags
     * {@code --timing local|production} and after it {@code --schedule-seconds N --probe-interval-ms N
     * --failure-threshold N}, and
     * {@code --localstack http://localhost:4566} to keep the AWS services in a running LocalStack.
     */
    public static LocalOptions parse(String... args) {
        int front = 8080;
        int primary = 8081;
        int secondary = 8082;
        List<RegionSpec> listed = null;
        Timing timing = Timing.local();
        URI localStack = null;
        boolean strong = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--front-port" -> front = port(flag, value);
                case "--primary-port" -> primary = port(flag, value);
                case "--secondary-port" -> secondary = port(flag, value);
                case "--regions" -> listed = regions(value);
                case "--localstack" -> localStack = URI.create(value);
                case "--consistency" -> strong = consistency(value);
                case "--timing" -> timing = timing(value);
                case "--schedule-seconds" -> timing = new Timing(Duration.ofSeconds(positive(flag, value)), timing.probeInterval(),
                        timing.failureThreshold(), timing.probeTimeout(), timing.drainLagBound(), timing.switchoverTimeout());
                case "--probe-interval-ms" -> timing = new Timing(timing.schedule(), Duration.ofMillis(positive(flag, value)),
                        timing.failureThreshold(), timing.probeTimeout(), timing.drainLagBound(), timing.switchoverTimeout());
                case "--failure-threshold" -> timing = new Timing(timing.schedule(), timing.probeInterval(),
                        (int) positive(flag, value), timing.probeTimeout(), timing.drainLagBound(), timing.switchoverTimeout());
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (timing.probeInterval().compareTo(timing.schedule()) > 0) {
            throw new IllegalArgumentException("the probe interval must not be longer than the schedule");
        }
        List<RegionSpec> specs = listed != null ? listed
                : List.of(new RegionSpec("us-east-1", primary), new RegionSpec("eu-west-1", secondary));
        return new LocalOptions(front, specs, timing, Clock.systemUTC(), Sleeper.system(), true, Optional.ofNullable(localStack),
                strong);
    }

    /** {@code local} (the default) or {@code production} (a deployment's defaults); later timing flags change it. */
    private static Timing timing(String value) {
        return switch (value) {
            case "local" -> Timing.local();
            case "production" -> Timing.production();
            default -> throw new IllegalArgumentException("--timing takes local or production, not '" + value + "'");
        };
    }

    /** {@code strong} or {@code eventual} (the template's ReplicationConsistency, in any case). */
    private static boolean consistency(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "strong" -> true;
            case "eventual" -> false;
            default -> throw new IllegalArgumentException("--consistency takes strong or eventual, not '" + value + "'");
        };
    }

    private static List<RegionSpec> regions(String text) {
        List<RegionSpec> specs = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] nameAndPort = part.trim().split(":");
            if (nameAndPort.length != 2 || !nameAndPort[0].matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new IllegalArgumentException("--regions takes name:port pairs like us-east-1:8081, not '" + part + "'");
            }
            specs.add(new RegionSpec(nameAndPort[0], port("--regions", nameAndPort[1])));
        }
        return specs;
    }

    private static long positive(String flag, String text) {
        try {
            long value = Long.parseLong(text);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a positive number, not '" + text + "'");
        }
    }

    private static int port(String flag, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a port number, not '" + text + "'");
        }
    }
}
