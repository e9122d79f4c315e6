package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {
    private final LockoutPolicy cognito = LockoutPolicy.cognitoDefault();

    @Test
    void cognitosDefaultLocksAfterFiveFailuresForTwoToTheNMinusFiveSecondsUpToFifteenMinutes() {
        assertThat(cognito.maxFailures()).isEqualTo(5);
        assertThat(cognito.idleReset()).isEqualTo(Duration.ofMinutes(15));
        assertThat(cognito.replicateVerdicts()).isTrue();
        for (int failures = 0; failures < 5; failures++) {
            assertThat(cognito.lockAfter(failures)).isZero();
        }
        assertThat(cognito.lockAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(cognito.lockAfter(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(cognito.lockAfter(14)).isEqualTo(Duration.ofSeconds(512));
        assertThat(cognito.lockAfter(15)).isEqualTo(Duration.ofMinutes(15));
        assertThat(cognito.lockAfter(70)).isEqualTo(Duration.ofMinutes(15));
        assertThat(cognito.lockAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> cognito.withMaxFailures(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cognito.withLocks(Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cognito.withLocks(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
