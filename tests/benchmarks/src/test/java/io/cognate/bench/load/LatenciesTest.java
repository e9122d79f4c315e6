package io.cognate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesFollowTheNearestRankRule() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1; // 1..100
        }
        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Latencies.percentile(sorted, 95)).isEqualTo(95);
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
        assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
        assertThat(Latencies.percentile(sorted, 0.5)).isEqualTo(1);
    }

    @Test
    void aPercentileIsAlwaysAValueSomeOperationHad() {
        long[] sorted = {10, 20, 30};
        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(20); // rank ceil(1.5) = 2
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(30);
        assertThat(Latencies.percentile(new long[] {7}, 50)).isEqualTo(7);
    }

    @Test
    void noValuesHaveNoPercentile() {
        assertThat(Latencies.percentile(new long[0], 50)).isNaN();
    }

    @Test
    void percentilesOutsideZeroToHundredAreRefused() {
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 100.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAddedFromSeveralThreadsComeBackSorted() throws InterruptedException {
        Latencies latencies = new Latencies();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    latencies.add(4L * i + offset);
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] sorted = latencies.sorted();
        assertThat(sorted).hasSize(4000);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(Latencies.percentileMs(new long[] {2_500_000}, 50)).isEqualTo(2.5);
    }
}
