package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The EventBridge samples in {@code events/health-check/} go through the Lambda runtime's
 * serializer into the real failover watch. On the shared stack they must change nothing: the
 * schedule finds the primary healthy, and a switchover to the region already active is a no-op.
 */
@ExtendWith(WatchSampleEventsTest.Stack.class)
class WatchSampleEventsTest {
    private static final Path EVENTS = Path.of("..", "..", "events", "health-check");
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @Test
    void theScheduledSampleRunsTheWatch() throws IOException {
        LocalRegion primary = stack.region("us-east-1");
        Map<String, Object> answer = primary.watch().invoke(Files.readString(EVENTS.resolve("scheduled.json")), Duration.ofMinutes(1));
        assertThat(answer).containsEntry("detailType", "Scheduled Event").containsEntry("role", "primary")
                .containsEntry("takeovers", 0);
        assertThat((Integer) answer.get("ticks")).isPositive();
        assertThat(stack.activeRegion()).isEqualTo("us-east-1");
    }

    @Test
    void theSwitchoverSampleToTheActiveRegionChangesNothing() throws IOException {
        String sample = Files.readString(EVENTS.resolve("switchover-requested.json"));
        long epoch = stack.leaderEpoch();
        assertThat(stack.region("us-east-1").watch().invoke(sample, Duration.ofMinutes(1)))
                .containsEntry("outcome", "ALREADY_ACTIVE");
        assertThat(stack.region("eu-west-1").watch().invoke(sample, Duration.ofMinutes(1)))
                .containsEntry("outcome", "NOT_INVOLVED");
        assertThat(stack.leaderEpoch()).isEqualTo(epoch);
        assertThat(stack.trafficRegion()).contains("us-east-1");
    }

    @Test
    void otherEventsAreIgnored() {
        String other = io.cognate.local.events.EventRuleInvoker.customEvent("us-east-1", "someone.else",
                "SwitchoverRequested", Map.of("to", "eu-west-1"), java.time.Instant.now());
        assertThat(stack.region("us-east-1").watch().invoke(other, Duration.ofMinutes(1))).containsEntry("outcome", "IGNORED");
        assertThat(stack.activeRegion()).isEqualTo("us-east-1");
    }
}
