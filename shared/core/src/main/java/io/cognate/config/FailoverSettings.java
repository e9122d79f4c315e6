package io.cognate.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the regions watch each other and how traffic moves, read from the environment. Every
 * region gets the same values. The regions are listed in priority order: the first is the
 * initial primary, the next the first choice to take over, and so on.
 *
 * <p>Defaults: a probe every 10 s, promotion after 3 consecutive failures and a heartbeat silent
 * for 20 s, so a dead primary is detected about 20 s after its first failed probe.
 */
public record FailoverSettings(
        List<RegionEndpoint> regions,
        Duration scheduleInterval,
        Duration probeInterval,
        int failureThreshold,
        Duration probeTimeout,
        Duration drainLagBound,
        Duration switchoverTimeout,
        Traffic traffic) {

    public static final String REGIONS = "COGNATE_REGIONS";
    public static final String SCHEDULE_SECONDS = "COGNATE_SCHEDULE_SECONDS";
    public static final String PROBE_INTERVAL_MS = "COGNATE_PROBE_INTERVAL_MS";
    public static final String FAILURE_THRESHOLD = "COGNATE_FAILURE_THRESHOLD";
    public static final String PROBE_TIMEOUT_MS = "COGNATE_PROBE_TIMEOUT_MS";
    public static final String DRAIN_LAG_MS = "COGNATE_DRAIN_LAG_MS";
    public static final String SWITCHOVER_TIMEOUT_SECONDS = "COGNATE_SWITCHOVER_TIMEOUT_SECONDS";
    public static final String TRAFFIC_SWITCH = "COGNATE_TRAFFIC_SWITCH";
    public static final String HOSTED_ZONE_ID = "COGNATE_HOSTED_ZONE_ID";
    public static final String RECORD_NAME = "COGNATE_RECORD_NAME";
    public static final String RECORD_TTL_SECONDS = "COGNATE_RECORD_TTL_SECONDS";
    public static final String RECORD_TARGETS = "COGNATE_RECORD_TARGETS";
    public static final String ALIAS_HOSTED_ZONE_IDS = "COGNATE_ALIAS_HOSTED_ZONE_IDS";
    public static final String DNS_SYNC_WAIT_MS = "COGNATE_DNS_SYNC_WAIT_MS";
    public static final String ARC_CLUSTER_ENDPOINTS = "COGNATE_ARC_CLUSTER_ENDPOINTS";
    public static final String ARC_ROUTING_CONTROLS = "COGNATE_ARC_ROUTING_CONTROLS";
    /** Endpoint override: set only by the local runtime and tests. */
    public static final String ROUTE53_ENDPOINT = "COGNATE_ROUTE53_ENDPOINT";

    public static final Duration DEFAULT_SCHEDULE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_DRAIN_LAG_BOUND = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SWITCHOVER_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration MAX_HEALTH_VERDICT_LIFETIME = Duration.ofSeconds(5);

    public record RegionEndpoint(String region, URI endpoint) {
    }

    public enum TrafficSwitchKind { ROUTE53, ARC, NONE }

    /** A Route 53 ARC cluster endpoint: its URL and the region to sign for. */
    public record ClusterEndpoint(String region, URI endpoint) {
    }

    public record Traffic(
            TrafficSwitchKind kind,
            String hostedZoneId,
            String recordName,
            Duration recordTtl,
            Map<String, String> recordTargets,
            Map<String, String> aliasHostedZoneIds,
            Duration dnsSyncWait,
            Optional<URI> route53Endpoint,
            List<ClusterEndpoint> clusterEndpoints,
            Map<String, String> routingControls) {

        public Traffic {
            recordTargets = Map.copyOf(recordTargets);
            aliasHostedZoneIds = Map.copyOf(aliasHostedZoneIds);
            clusterEndpoints = List.copyOf(clusterEndpoints);
            routingControls = Map.copyOf(routingControls);
        }

        public static Traffic none() {
            return new Traffic(TrafficSwitchKind.NONE, "", "", Duration.ofSeconds(60), Map.of(), Map.of(),
                    Duration.ZERO, Optional.empty(), List.of(), Map.of());
        }
    }

    public FailoverSettings {
        regions = List.copyOf(regions);
        if (failureThreshold < 1) {
            throw new IllegalStateException(FAILURE_THRESHOLD + " must be at least 1");
        }
        if (probeInterval.compareTo(scheduleInterval) > 0) {
            throw new IllegalStateException("the probe interval must not exceed the schedule interval");
        }
    }

    public static FailoverSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static FailoverSettings from(Map<String, String> env) {
        EnvironmentReader reader = new EnvironmentReader(env);
        List<RegionEndpoint> regions = reader.pairs(REGIONS).entrySet().stream()
                .map(e -> new RegionEndpoint(e.getKey(), URI.create(e.getValue()))).toList();
        return new FailoverSettings(
                regions,
                reader.duration(SCHEDULE_SECONDS, DEFAULT_SCHEDULE, 1000),
                reader.duration(PROBE_INTERVAL_MS, DEFAULT_PROBE_INTERVAL, 1),
                reader.count(FAILURE_THRESHOLD, DEFAULT_FAILURE_THRESHOLD),
                reader.duration(PROBE_TIMEOUT_MS, DEFAULT_PROBE_TIMEOUT, 1),
                reader.duration(DRAIN_LAG_MS, DEFAULT_DRAIN_LAG_BOUND, 1),
                reader.duration(SWITCHOVER_TIMEOUT_SECONDS, DEFAULT_SWITCHOVER_TIMEOUT, 1000),
                traffic(reader));
    }

    private static Traffic traffic(EnvironmentReader reader) {
        String kindName = reader.optional(TRAFFIC_SWITCH).orElse("none");
        TrafficSwitchKind kind;
        try {
            kind = TrafficSwitchKind.valueOf(kindName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(TRAFFIC_SWITCH + " must be route53, arc or none, not " + kindName);
        }
        List<ClusterEndpoint> clusters = new ArrayList<>();
        reader.pairs(ARC_CLUSTER_ENDPOINTS).forEach((region, url) -> clusters.add(new ClusterEndpoint(region, URI.create(url))));
        Traffic traffic = new Traffic(kind,
                reader.optional(HOSTED_ZONE_ID).orElse(""),
                reader.optional(RECORD_NAME).orElse(""),
                reader.duration(RECORD_TTL_SECONDS, Duration.ofSeconds(60), 1000),
                reader.pairs(RECORD_TARGETS),
                reader.pairs(ALIAS_HOSTED_ZONE_IDS),
                reader.duration(DNS_SYNC_WAIT_MS, Duration.ZERO, 1),
                reader.optional(ROUTE53_ENDPOINT).map(URI::create),
                clusters,
                reader.pairs(ARC_ROUTING_CONTROLS));
        switch (kind) {
            case ROUTE53 -> {
                reader.required(HOSTED_ZONE_ID);
                reader.required(RECORD_NAME);
                reader.required(RECORD_TARGETS);
            }
            case ARC -> {
                reader.required(ARC_CLUSTER_ENDPOINTS);
                reader.required(ARC_ROUTING_CONTROLS);
            }
            case NONE -> { }
        }
        return traffic;
    }

    /** This region's place in the priority order, or -1 when it is not listed. */
    public int priorityOf(String region) {
        for (int i = 0; i < regions.size(); i++) {
            if (regions.get(i).region().equals(region)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<URI> endpointOf(String region) {
        return regions.stream().filter(r -> r.region().equals(region)).map(RegionEndpoint::endpoint).findFirst();
    }

    /** Every region but {@code region}, in priority order. */
    public List<String> peersOf(String region) {
        return regions.stream().map(RegionEndpoint::region).filter(r -> !r.equals(region)).toList();
    }

    /**
     * How long {@code GET /health} reuses its verdict. However many requests arrive, an execution
     * environment makes at most one round of checks (a consistent read of the leader record and of
     * each peer's heartbeat, one KMS GetPublicKey) per period. Half a probe interval, so each probe
     * of a region, one interval after the previous one, is answered by a check made after that
     * previous probe: consecutive failed probes stay separate observations, and a fault shows in
     * the probes at most half an interval late. At most 5 s, so a repaired region answers ok soon
     * after the repair whatever the probe interval.
     */
    public Duration healthVerdictLifetime() {
        Duration half = probeInterval.dividedBy(2);
        return half.compareTo(MAX_HEALTH_VERDICT_LIFETIME) > 0 ? MAX_HEALTH_VERDICT_LIFETIME : half;
    }

    /**
     * How old the leader's latest heartbeat, as replicated to a secondary, must be before that
     * secondary may take over; failed probes alone are not enough. The leader's own scheduled
     * check writes a heartbeat every probe interval into the Control table, a path no request from
     * the internet can block, so a silent heartbeat is evidence a flood cannot manufacture. At
     * least two intervals, so that one late heartbeat (a run that starts late, replication lagging)
     * is not taken for death; and at least as long as failed probes take to reach the threshold
     * ({@code failureThreshold - 1} intervals): in an outage the heartbeats stop no later than the
     * API, so by the time the probes decide the heartbeat is silent and the takeover is not delayed.
     */
    public Duration heartbeatSilenceForTakeover() {
        return probeInterval.multipliedBy(Math.max(2, failureThreshold - 1));
    }

    /** Probe times within one scheduled run: at 0, 1, 2, … probe intervals, as many as fit before the next run. */
    public int probesPerRun() {
        return (int) Math.max(1, scheduleInterval.toMillis() / probeInterval.toMillis());
    }
}
