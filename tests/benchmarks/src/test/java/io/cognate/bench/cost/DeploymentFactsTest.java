package io.cognate.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeploymentFactsTest {
    @Test
    void readsMemorySizesScheduleKeysAlarmsAndDashboardsFromATemplate() {
        DeploymentFacts facts = CostFixtures.deployment();
        // identity-api has no MemorySize of its own: the Globals value.
        assertThat(facts.memoryMbByModule()).containsEntry("identity-api", 1024).containsEntry("token-verifier", 256)
                .containsEntry("health-check", 512);
        assertThat(facts.scheduleMinutes()).isEqualTo(2);
        assertThat(facts.healthWatchMemoryMb()).isEqualTo(512);
        assertThat(facts.healthEndpointMemoryMb()).isEqualTo(256);
        assertThat(facts.probeIntervalMs()).isEqualTo(15_000);
        assertThat(facts.ticksPerRun()).isEqualTo(8);
        // The single-region key is not a multi-region key.
        assertThat(facts.multiRegionKeys()).isEqualTo(2);
        assertThat(facts.rotatedKeys()).isEqualTo(1);
        assertThat(facts.alarms()).isEqualTo(2);
        assertThat(facts.dashboards()).isEqualTo(1);
        assertThat(facts.defaultTrafficSwitch()).isEqualTo(Workload.TrafficSwitch.ROUTE53);
    }

    @Test
    void theRepositoryTemplateDeploysTheThreeFunctionModulesAMinuteScheduleAndThreeMultiRegionKeys() throws Exception {
        DeploymentFacts facts = DeploymentFacts.read(Path.of("..", "..", "template.yaml"));
        assertThat(facts.memoryMbByModule()).containsOnlyKeys("identity-api", "token-verifier", "health-check");
        assertThat(facts.scheduleMinutes()).isEqualTo(1);
        assertThat(facts.multiRegionKeys()).isEqualTo(3);
        // As many probes in a run as fit in the schedule (FailoverSettings.probesPerRun).
        assertThat(facts.ticksPerRun()).isEqualTo((int) (60_000 / facts.probeIntervalMs()));
    }
}
