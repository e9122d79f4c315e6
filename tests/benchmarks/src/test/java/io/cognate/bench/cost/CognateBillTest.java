package io.cognate.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CognateBillTest {
    private static final double CENT_FRACTION = 1e-9;

    /** 1,000 MAU in two regions: 10,000 sign-ins, 30,000 refreshes, 100 sign-ups, 5,000 authorizer checks. */
    private static final Workload WORKLOAD = new Workload(1_000, 2, 10, 30, 5, 0.1, Workload.TrafficSwitch.ROUTE53, 40);

    private static Map<String, LineItem> lines(Bill bill) {
        Map<String, LineItem> lines = new java.util.LinkedHashMap<>();
        bill.items().forEach(i -> lines.put(i.service() + " / " + i.item(), i));
        return lines;
    }

    @Test
    void everyLineIsTheFixtureUsageTimesTheFixturePrice() {
        Bill bill = CognateBill.monthly(WORKLOAD, CostFixtures.usage(), CostFixtures.deployment(), CostFixtures.prices());
        Map<String, LineItem> line = lines(bill);

        // identity-api at the template's global 1,024 MB: 10,000 x 100 ms + 30,000 x 20 ms + 100 x 200 ms.
        double identityGbS = (10_000 * 100 + 30_000 * 20 + 100 * 200) * 1024 / 1024.0 / 1000;
        assertThat(identityGbS).isEqualTo(1_620);
        assertThat(line.get("Lambda / identity-api compute").usd()).isCloseTo(1_620 * 0.00002, within(CENT_FRACTION));
        // token-verifier at 256 MB (the larger of its two functions): 5,000 x 2 ms.
        assertThat(line.get("Lambda / token-verifier compute").quantity()).isCloseTo(5_000 * 2 * 256 / 1024.0 / 1000, within(CENT_FRACTION));

        // The failover check: rate(2 minutes) in 2 regions = 43,800 runs; 8 ticks of 15 s, so 7 x 15 s awake, at 512 MB.
        assertThat(line.get("Lambda / health-check: scheduled failover check").quantity())
                .isCloseTo(43_800 * 105.0 * 0.5, within(CENT_FRACTION));
        assertThat(line.get("Lambda / health-check: scheduled failover check").usd()).isCloseTo(45.99, within(CENT_FRACTION));
        // The follower probes the leader every tick: 350,400 ticks / 2 regions; 40 ms at 256 MB each.
        assertThat(line.get("Lambda / health-check: /health probes").quantity()).isCloseTo(175_200 * 0.040 * 0.25, within(CENT_FRACTION));

        // The health-check share the sign-in file holds (the load run's background checks) is not
        // counted again: no health-check compute line from usage, and the requests below leave it out.
        assertThat(line).doesNotContainKey("Lambda / health-check compute");
        // 45,200 invocations from operations + 43,800 runs + 175,200 probes, at $0.20 a million.
        assertThat(line.get("Lambda / requests").quantity()).isEqualTo(264_200);
        assertThat(line.get("Lambda / requests").usd()).isCloseTo(264_200 * 0.2 / 1e6, within(CENT_FRACTION));
        assertThat(line.get("API Gateway / HTTP API requests").quantity()).isEqualTo(40_200 + 175_200);

        // Reads: 100,600 from operations, one leader-record read per tick, one per probe.
        assertThat(line.get("DynamoDB / read units").quantity()).isEqualTo(100_600 + 350_400 + 175_200);
        // Writes where written: 50,800 to global tables + 350,400 heartbeats at the rWRU price, 10,000 to the regional table at the WRU price.
        LineItem written = line.get("DynamoDB / write units where written");
        assertThat(written.quantity()).isEqualTo(401_200 + 10_000);
        assertThat(written.usd()).isCloseTo(401_200 * 0.6 / 1e6 + 10_000 * 0.5 / 1e6, within(CENT_FRACTION));
        assertThat(line.get("DynamoDB / writes replicated to 1 other region(s)").usd()).isCloseTo(401_200 * 0.6 / 1e6, within(CENT_FRACTION));

        assertThat(line.get("KMS / requests").quantity()).isEqualTo(50_300 + 175_200);
        assertThat(line.get("KMS / multi-region keys (2 x 2 regions)").usd()).isEqualTo(4.0);
        assertThat(line.get("KMS / rotated key material (1 keys x 2 rotations x 2)").usd()).isEqualTo(4.0);
        assertThat(line.get("EventBridge / custom events").quantity()).isEqualTo(100);
        assertThat(line.get("Route 53 / hosted zone of the custom domain").usd()).isEqualTo(0.5);
        assertThat(line.get("Route 53 / health checks").usd()).isZero();
        assertThat(line.get("CloudWatch / custom metrics").quantity()).isEqualTo((15 + 1) * 2);
        assertThat(line.get("CloudWatch / alarms (2 per region)").usd()).isCloseTo(0.4, within(CENT_FRACTION));
        assertThat(line.get("CloudWatch / dashboards (1 per region)").usd()).isEqualTo(6.0);

        double expectedTotal = 1_620 * 0.00002 + 2.5 * 0.00002 + 45.99 + 1_752 * 0.00002 + 264_200 * 0.2 / 1e6
                + 215_400 / 1e6 + 626_200 * 0.1 / 1e6 + (401_200 * 0.6 + 10_000 * 0.5) / 1e6 + 401_200 * 0.6 / 1e6
                + 225_500 * 0.03 / 10_000 + 4 + 4 + 100 / 1e6 + 0.5 + 9.6 + 0.4 + 6;
        assertThat(bill.total()).isCloseTo(expectedTotal, within(CENT_FRACTION));
    }

    @Test
    void writesToGlobalTablesAreBilledOncePerOtherRegionAndRegionalOnesAreNot() {
        for (int regions : new int[] {1, 2, 3, 5}) {
            Workload w = new Workload(1_000, regions, 10, 30, 5, 0.1, Workload.TrafficSwitch.ROUTE53, 40);
            Map<String, LineItem> line = lines(CognateBill.monthly(w, CostFixtures.usage(), CostFixtures.deployment(), CostFixtures.prices()));
            double heartbeats = regions * 43_800 / 2.0 * 8;
            double globalHere = 50_800 + heartbeats;
            assertThat(line.get("DynamoDB / write units where written").quantity()).isEqualTo(globalHere + 10_000);
            assertThat(line.get("DynamoDB / writes replicated to " + (regions - 1) + " other region(s)").quantity())
                    .isEqualTo(globalHere * (regions - 1));
        }
    }

    @Test
    void theArcAdapterAddsTheClusterHoursAndARoutingControlHealthCheckPerRegion() {
        Workload arc = new Workload(1_000, 3, 10, 30, 5, 0.1, Workload.TrafficSwitch.ARC, 40);
        Map<String, LineItem> line = lines(CognateBill.monthly(arc, CostFixtures.usage(), CostFixtures.deployment(), CostFixtures.prices()));
        assertThat(line.get("Route 53 ARC / routing-control cluster").usd()).isCloseTo(730 * 2.0, within(CENT_FRACTION));
        assertThat(line.get("Route 53 / health checks").quantity()).isEqualTo(3);
        Workload route53 = new Workload(1_000, 3, 10, 30, 5, 0.1, Workload.TrafficSwitch.ROUTE53, 40);
        assertThat(lines(CognateBill.monthly(route53, CostFixtures.usage(), CostFixtures.deployment(), CostFixtures.prices())))
                .doesNotContainKey("Route 53 ARC / routing-control cluster");
    }

    @Test
    void aScenarioWithNoOperationsNeedsNoUsageAndOneWithOperationsDoes() {
        Workload noChecks = new Workload(1_000, 2, 10, 30, 0, 0.1, Workload.TrafficSwitch.ROUTE53, 40);
        assertThat(CognateBill.scenariosNeeded(noChecks)).containsExactly("signin", "refresh", "signup");
        Map<String, OperationUsage> withoutVerify = new java.util.LinkedHashMap<>(CostFixtures.usage());
        withoutVerify.remove("verify");
        assertThat(CognateBill.monthly(noChecks, withoutVerify, CostFixtures.deployment(), CostFixtures.prices()).total()).isPositive();
        assertThatThrownBy(() -> CognateBill.monthly(WORKLOAD, withoutVerify, CostFixtures.deployment(), CostFixtures.prices()))
                .hasMessageContaining("verify");
    }

    @Test
    void aLargerIdentityApiMemoryRaisesOnlyItsComputeLine() {
        DeploymentFacts bigger = CostFixtures.deployment().withMemory("identity-api", 2048);
        Map<String, LineItem> line = lines(CognateBill.monthly(WORKLOAD, CostFixtures.usage(), bigger, CostFixtures.prices()));
        assertThat(line.get("Lambda / identity-api compute").quantity()).isEqualTo(3_240);
        assertThat(line.get("Lambda / token-verifier compute").quantity()).isCloseTo(2.5, within(CENT_FRACTION));
    }
}
