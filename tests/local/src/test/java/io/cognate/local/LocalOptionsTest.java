package io.cognate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {
    @Test
    void defaultsAreTwoRegionsWithAShortScheduleAndTheScheduler() {
        LocalOptions options = LocalOptions.parse();
        assertThat(options.regions()).extracting(LocalOptions.RegionSpec::name).containsExactly("us-east-1", "eu-west-1");
        assertThat(options.timing().schedule()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.timing().probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.scheduled()).isTrue();
        assertThat(LocalOptions.ephemeral().scheduled()).isFalse();
    }

    @Test
    void regionsAndTimingCanBeGiven() {
        LocalOptions options = LocalOptions.parse("--regions", "us-east-1:9001,eu-west-1:9002,ap-southeast-2:9003",
                "--schedule-seconds", "10", "--probe-interval-ms", "2000", "--failure-threshold", "4");
        assertThat(options.regions()).extracting(LocalOptions.RegionSpec::port).containsExactly(9001, 9002, 9003);
        assertThat(options.primary().name()).isEqualTo("us-east-1");
        assertThat(options.timing().failureThreshold()).isEqualTo(4);
        assertThat(options.timing().probeInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> LocalOptions.parse("--regions", "us-east-1:9001")).hasMessageContaining("at least two");
        assertThatThrownBy(() -> LocalOptions.parse("--regions", "mars:1,venus:2")).hasMessageContaining("name:port");
        assertThatThrownBy(() -> LocalOptions.parse("--regions", "us-east-1:1,us-east-1:2")).hasMessageContaining("differ");
        assertThatThrownBy(() -> LocalOptions.parse("--failure-threshold", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> LocalOptions.parse("--schedule-seconds", "1", "--probe-interval-ms", "5000"))
                .hasMessageContaining("probe interval");
        assertThatThrownBy(() -> LocalOptions.parse("--front-port")).hasMessageContaining("missing value");
    }
}
