package io.cognate.local.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionMeterTest {

    @Test
    void anInvocationsCpuAllocationAndWallTimeAreCounted() {
        var meter = new FunctionMeter();
        byte[] kept = meter.measure("identity-api", () -> new byte[4 * 1024 * 1024]);
        assertThat(kept).hasSize(4 * 1024 * 1024);
        Map<String, Long> totals = meter.snapshot().get("identity-api");
        assertThat(totals.get("invocations")).isEqualTo(1);
        assertThat(totals.get("allocatedBytes")).isGreaterThanOrEqualTo(4L * 1024 * 1024);
        assertThat(totals.get("cpuNanos")).isPositive();
        assertThat(totals.get("wallNanos")).isPositive();
        assertThat(totals.get("unmeasured")).isZero();
    }

    @Test
    void aFailedInvocationCountsToo() {
        var meter = new FunctionMeter();
        assertThatThrownBy(() -> meter.measure("token-verifier", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(meter.snapshot().get("token-verifier").get("invocations")).isEqualTo(1);
    }

    @Test
    void onAVirtualThreadOnlyTheCountAndWallTimeAreKept() throws InterruptedException {
        var meter = new FunctionMeter();
        Thread.ofVirtual().start(() -> meter.measure("health-check", () -> new byte[1024])).join();
        Map<String, Long> totals = meter.snapshot().get("health-check");
        assertThat(totals.get("invocations")).isEqualTo(1);
        assertThat(totals.get("unmeasured")).isEqualTo(1);
        assertThat(totals.get("cpuNanos")).isZero();
    }
}
