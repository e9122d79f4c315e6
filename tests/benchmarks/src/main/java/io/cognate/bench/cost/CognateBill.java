package io.cognate.bench.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cognate's monthly AWS bill: the measured use of each operation times the month's operations,
 * plus what runs whether anyone signs in or not (the failover check and its probes, keys, DNS,
 * metrics, alarms), at the list prices.
 */
public final class CognateBill {
    /** AWS bills a month as 730 hours. */
    static final double HOURS_PER_MONTH = 730;
    static final double MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
    /** A scenario's usage in the region it ran; "health-check" is billed below from the template, not from load runs. */
    static final List<String> SCENARIOS = List.of(Workload.SIGN_IN, Workload.REFRESH, Workload.SIGN_UP, Workload.VERIFY);
    /**
     * Custom metrics (name x dimensions) each region publishes in a month with everything happening
     * (EmfAuthEvents): SignInSucceeded, SignInFailed, AccountLocked, AuthEventNotRecorded, and
     * RegionPromoted; AdminRequestRefused once per reason AdminRequestAuthentication names (10: policy,
     * presigned, scope, date, skew, headers, payload, unknown-key, revoked, signature); ReplicationLag
     * once per peer region. A series is billed only in a month it is published: a ceiling.
     */
    static final int METRICS_PER_REGION = 5 + 10;
    /**
     * Functions a load run may catch at work that no operation caused: the local stack's scheduled
     * failover checks and their probes. They are billed below from the template's schedule, so
     * their share in a usage file is left out rather than counted twice.
     */
    static final java.util.Set<String> BACKGROUND_FUNCTIONS = java.util.Set.of("health-check");

    private CognateBill() {
    }

    /** The scenarios whose usage this workload needs: those with operations in the month. */
    public static List<String> scenariosNeeded(Workload workload) {
        return SCENARIOS.stream().filter(s -> workload.operations(s) > 0).toList();
    }

    public static Bill monthly(Workload w, Map<String, OperationUsage> usage, DeploymentFacts d, PriceList p) {
        List<LineItem> items = new ArrayList<>();
        int regions = w.regions();
        double lambdaRequests = 0;
        Map<String, Double> gbSeconds = new TreeMap<>();
        double apiRequests = 0;
        double reads = 0;
        double globalWrites = 0;
        double regionalWrites = 0;
        double kms = 0;
        double events = 0;
        for (String scenario : scenariosNeeded(w)) {
            OperationUsage op = usage.get(scenario);
            if (op == null) {
                throw new IllegalArgumentException("no usage for the " + scenario + " scenario");
            }
            double n = w.operations(scenario);
            for (var invocations : op.lambdaInvocations().entrySet()) {
                if (!BACKGROUND_FUNCTIONS.contains(invocations.getKey())) {
                    lambdaRequests += n * invocations.getValue();
                }
            }
            for (var ms : op.lambdaMs().entrySet()) {
                if (!BACKGROUND_FUNCTIONS.contains(ms.getKey())) {
                    gbSeconds.merge(ms.getKey(), n * gbSeconds(ms.getValue(), d.memoryMb(ms.getKey())), Double::sum);
                }
            }
            apiRequests += n * op.apiRequests();
            reads += n * op.dynamoReadUnits();
            globalWrites += n * op.dynamoGlobalWriteUnits();
            regionalWrites += n * op.dynamoRegionalWriteUnits();
            kms += n * op.kmsRequests();
            events += n * op.eventBridgeEvents();
        }

        // The failover check: every region runs it on its schedule; each run ticks every probe
        // interval until the next run is due, sleeping between ticks (billed: Lambda counts wall time).
        double runs = regions * MINUTES_PER_MONTH / d.scheduleMinutes();
        double ticks = runs * d.ticksPerRun();
        double runMs = (d.ticksPerRun() - 1) * (double) d.probeIntervalMs();
        double watchGbSeconds = runs * gbSeconds(runMs, d.healthWatchMemoryMb());
        // Each tick reads this region's leader record and writes its heartbeat into the Control
        // table (global). Followers probe the leader's /health each tick: one API request, one
        // invocation, a consistent read of the leader record and a KMS GetPublicKey (HealthHandler).
        double probes = (regions - 1) * ticks / regions;
        double probeGbSeconds = probes * gbSeconds(w.healthProbeMs(), d.healthEndpointMemoryMb());

        for (var entry : gbSeconds.entrySet()) {
            items.add(item(p, "Lambda", entry.getKey() + " compute", entry.getValue(), "GB-s", PriceList.LAMBDA_GB_SECOND));
        }
        items.add(item(p, "Lambda", "health-check: scheduled failover check", watchGbSeconds, "GB-s", PriceList.LAMBDA_GB_SECOND));
        items.add(item(p, "Lambda", "health-check: /health probes", probeGbSeconds, "GB-s", PriceList.LAMBDA_GB_SECOND));
        items.add(item(p, "Lambda", "requests", lambdaRequests + runs + probes, "requests", PriceList.LAMBDA_REQUESTS));
        items.add(item(p, "API Gateway", "HTTP API requests", apiRequests + probes, "requests", PriceList.HTTP_API_REQUESTS));
        items.add(item(p, "DynamoDB", "read units", reads + ticks + probes, "RRU", PriceList.DYNAMO_READ_UNITS));
        double writtenHere = globalWrites + ticks;
        items.add(new LineItem("DynamoDB", "write units where written", writtenHere + regionalWrites, "WRU",
                p.get(PriceList.DYNAMO_REPLICATED_WRITE_UNITS).of(writtenHere) + p.get(PriceList.DYNAMO_WRITE_UNITS).of(regionalWrites)));
        items.add(item(p, "DynamoDB", "writes replicated to " + (regions - 1) + " other region(s)", writtenHere * (regions - 1),
                "rWRU", PriceList.DYNAMO_REPLICATED_WRITE_UNITS));
        items.add(item(p, "KMS", "requests", kms + probes, "requests", PriceList.KMS_REQUESTS));
        items.add(item(p, "KMS", "multi-region keys (" + d.multiRegionKeys() + " x " + regions + " regions)",
                d.multiRegionKeys() * regions, "key-months", PriceList.KMS_KEY_MONTH));
        // Rotation adds $1 a month per rotation, for the first two (the cap): the steady state.
        items.add(item(p, "KMS", "rotated key material (" + d.rotatedKeys() + " keys x 2 rotations x " + regions + ")",
                d.rotatedKeys() * 2.0 * regions, "rotation-months", PriceList.KMS_ROTATION_MONTH));
        items.add(item(p, "EventBridge", "custom events", events, "events", PriceList.EVENTBRIDGE_CUSTOM_EVENTS));
        items.add(item(p, "Route 53", "hosted zone of the custom domain", 1, "zone-months", PriceList.ROUTE53_HOSTED_ZONE_MONTH));
        int healthChecks = d.route53HealthChecks() * regions;
        if (w.trafficSwitch() == Workload.TrafficSwitch.ARC) {
            items.add(item(p, "Route 53 ARC", "routing-control cluster", HOURS_PER_MONTH, "cluster-hours", PriceList.ARC_CLUSTER_HOUR));
            healthChecks += regions; // one routing control, and its health check, per region
        }
        items.add(item(p, "Route 53", "health checks", healthChecks, "check-months", PriceList.ROUTE53_HEALTH_CHECK_MONTH));
        items.add(item(p, "CloudWatch", "custom metrics", (METRICS_PER_REGION + regions - 1) * regions, "metric-months",
                PriceList.CLOUDWATCH_METRIC_MONTH));
        items.add(item(p, "CloudWatch", "alarms (" + d.alarms() + " per region)", d.alarms() * regions, "alarm-months",
                PriceList.CLOUDWATCH_ALARM_MONTH));
        items.add(item(p, "CloudWatch", "dashboards (" + d.dashboards() + " per region)", d.dashboards() * regions,
                "dashboard-months", PriceList.CLOUDWATCH_DASHBOARD_MONTH));
        return new Bill("Cognate", items);
    }

    static double gbSeconds(double ms, int memoryMb) {
        return ms * memoryMb / 1024.0 / 1000.0;
    }

    private static LineItem item(PriceList p, String service, String what, double quantity, String unit, String priceId) {
        return new LineItem(service, what, quantity, unit, p.get(priceId).of(quantity));
    }
}
