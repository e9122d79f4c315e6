package io.cognate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverSettingsTest {
    private static final String REGIONS = "us-east-1=https://a.execute-api.us-east-1.amazonaws.com,"
            + "eu-west-1=https://b.execute-api.eu-west-1.amazonaws.com, ap-southeast-2=https://c.example.com/prod";

    @Test
    void defaultsDetectAFailedPrimaryInTwentySeconds() {
        FailoverSettings settings = FailoverSettings.from(Map.of(FailoverSettings.REGIONS, REGIONS));
        assertThat(settings.probeInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.failureThreshold()).isEqualTo(3);
        assertThat(settings.scheduleInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.probesPerRun()).isEqualTo(6);
        assertThat(settings.traffic().kind()).isEqualTo(FailoverSettings.TrafficSwitchKind.NONE);
    }

    @Test
    void finding7TakeoverWaitsForASilentHeartbeatNoLongerThanTheProbesTakeAndHealthVerdictsLiveHalfAProbeInterval() {
        FailoverSettings defaults = FailoverSettings.from(Map.of(FailoverSettings.REGIONS, REGIONS));
        // Three probes ten seconds apart decide after 20 s: the heartbeat must be silent that long, no longer.
        assertThat(defaults.heartbeatSilenceForTakeover()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.healthVerdictLifetime()).isEqualTo(Duration.ofSeconds(5));
        FailoverSettings patient = FailoverSettings.from(Map.of(FailoverSettings.REGIONS, REGIONS,
                FailoverSettings.FAILURE_THRESHOLD, "5", FailoverSettings.PROBE_INTERVAL_MS, "1000"));
        assertThat(patient.heartbeatSilenceForTakeover()).isEqualTo(Duration.ofSeconds(4));
        assertThat(patient.healthVerdictLifetime()).isEqualTo(Duration.ofMillis(500));
        FailoverSettings hasty = FailoverSettings.from(Map.of(FailoverSettings.REGIONS, REGIONS,
                FailoverSettings.FAILURE_THRESHOLD, "1", FailoverSettings.PROBE_INTERVAL_MS, "30000"));
        // One late heartbeat is never taken for death; a verdict never lives longer than 5 s.
        assertThat(hasty.heartbeatSilenceForTakeover()).isEqualTo(Duration.ofSeconds(60));
        assertThat(hasty.healthVerdictLifetime()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void regionsKeepTheirPriorityOrder() {
        FailoverSettings settings = FailoverSettings.from(Map.of(FailoverSettings.REGIONS, REGIONS));
        assertThat(settings.regions()).extracting(FailoverSettings.RegionEndpoint::region)
                .containsExactly("us-east-1", "eu-west-1", "ap-southeast-2");
        assertThat(settings.priorityOf("ap-southeast-2")).isEqualTo(2);
        assertThat(settings.priorityOf("sa-east-1")).isEqualTo(-1);
        assertThat(settings.peersOf("eu-west-1")).containsExactly("us-east-1", "ap-southeast-2");
        assertThat(settings.endpointOf("ap-southeast-2")).contains(URI.create("https://c.example.com/prod"));
    }

    @Test
    void route53NeedsItsZoneRecordAndTargets() {
        var env = Map.of(FailoverSettings.REGIONS, REGIONS, FailoverSettings.TRAFFIC_SWITCH, "route53",
                FailoverSettings.HOSTED_ZONE_ID, "Z123", FailoverSettings.RECORD_NAME, "auth.example.com");
        assertThatThrownBy(() -> FailoverSettings.from(env)).hasMessageContaining(FailoverSettings.RECORD_TARGETS);
        var complete = new java.util.HashMap<>(env);
        complete.put(FailoverSettings.RECORD_TARGETS, "us-east-1=d-1.execute-api.us-east-1.amazonaws.com");
        complete.put(FailoverSettings.ALIAS_HOSTED_ZONE_IDS, "us-east-1=Z1UJRXOUMOOFQ8");
        var traffic = FailoverSettings.from(complete).traffic();
        assertThat(traffic.recordTargets()).containsEntry("us-east-1", "d-1.execute-api.us-east-1.amazonaws.com");
        assertThat(traffic.aliasHostedZoneIds()).containsEntry("us-east-1", "Z1UJRXOUMOOFQ8");
    }

    @Test
    void arcNeedsClusterEndpointsAndControls() {
        var env = Map.of(FailoverSettings.TRAFFIC_SWITCH, "ARC",
                FailoverSettings.ARC_CLUSTER_ENDPOINTS, "us-west-2=https://host-aaa.us-west-2.example.aws/v1,ap-northeast-1=https://host-bbb/v1",
                FailoverSettings.ARC_ROUTING_CONTROLS, "us-east-1=arn:aws:route53-recovery-control::1:controlpanel/x/routingcontrol/y");
        var traffic = FailoverSettings.from(env).traffic();
        assertThat(traffic.clusterEndpoints()).extracting(FailoverSettings.ClusterEndpoint::region)
                .containsExactly("us-west-2", "ap-northeast-1");
        assertThat(traffic.routingControls().get("us-east-1")).endsWith("routingcontrol/y");
    }

    @Test
    void nonsenseIsRefusedWithTheVariableNamed() {
        for (var bad : List.of(
                Map.of(FailoverSettings.TRAFFIC_SWITCH, "carrier-pigeon"),
                Map.of(FailoverSettings.FAILURE_THRESHOLD, "0"),
                Map.of(FailoverSettings.PROBE_INTERVAL_MS, "ten"),
                Map.of(FailoverSettings.REGIONS, "us-east-1"),
                Map.of(FailoverSettings.REGIONS, "us-east-1=https://a,us-east-1=https://b"),
                Map.of(FailoverSettings.PROBE_INTERVAL_MS, "120000"))) {
            assertThatThrownBy(() -> FailoverSettings.from(bad)).as(bad.toString()).isInstanceOf(IllegalStateException.class);
        }
    }
}
