package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run leaves a fifth of its invocation's time, at most a minute, for its last write and the next launch. */
class ImportJobRunsTest {
    @Test
    void aRunLeavesTimeForItsLastWriteAndTheNextLaunch() {
        assertThat(ImportJobRuns.budget(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(8));
        assertThat(ImportJobRuns.budget(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(14));
    }
}
