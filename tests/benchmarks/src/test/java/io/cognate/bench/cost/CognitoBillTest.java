package io.cognate.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CognitoBillTest {
    private static Workload users(long mau, int regions) {
        return new Workload(mau, regions, 10, 30, 0, 0.05, Workload.TrafficSwitch.ROUTE53, 50);
    }

    @Test
    void theFirstTenThousandUsersAreFreeAndEachOneAfterCostsTheEssentialsPrice() {
        PriceList prices = CostFixtures.prices();
        assertThat(CognitoBill.monthly(users(0, 1), prices).total()).isZero();
        assertThat(CognitoBill.monthly(users(10_000, 1), prices).total()).isZero();
        assertThat(CognitoBill.monthly(users(10_001, 1), prices).total()).isCloseTo(0.015, within(1e-12));
        assertThat(CognitoBill.monthly(users(100_000, 1), prices).total()).isCloseTo(90_000 * 0.015, within(1e-9));
    }

    @Test
    void eachReplicaRegionAddsTheAddOnOnEveryUserAndReplicationAddsAKeyPerRegion() {
        PriceList prices = CostFixtures.prices();
        Bill two = CognitoBill.monthly(users(100_000, 2), prices);
        assertThat(two.total("Cognito")).isCloseTo(90_000 * 0.015 + 100_000 * 0.0045, within(1e-9));
        assertThat(two.total("KMS")).isEqualTo(2.0);
        Bill three = CognitoBill.monthly(users(100_000, 3), prices);
        assertThat(three.total("Cognito")).isCloseTo(90_000 * 0.015 + 2 * 100_000 * 0.0045, within(1e-9));
        // Inside the free tier the add-on is still charged: the pages read do not say it is free.
        assertThat(CognitoBill.monthly(users(5_000, 2), prices).total("Cognito")).isCloseTo(5_000 * 0.0045, within(1e-9));
        assertThat(CognitoBill.monthly(users(5_000, 1), prices).total("KMS")).isZero();
    }
}
