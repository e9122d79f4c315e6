package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cognate.health.FailoverWatchHandler;
import java.util.Map;

/**
 * Runs in a fresh JVM on health-check's Lambda jar alone (plus this class): loads and constructs
 * the failover watch's handler as the Lambda runtime does on a cold start, then gives it the
 * EventBridge schedule's event, as {@code rate(1 minute)} does. Prints {@code RAN} when the run
 * made at least one tick (read the leader record, probed the peers, wrote its heartbeat), else
 * {@code FAILED} with the run's answer.
 */
public final class HealthCheckColdStartDriver {
    private HealthCheckColdStartDriver() {
    }

    public static void main(String[] args) {
        ColdStartPhases.mark(ColdStartPhases.MAIN);
        ColdStartPhases.loadHandler(FailoverWatchHandler.class.getName());
        FailoverWatchHandler handler = new FailoverWatchHandler();
        ColdStartPhases.mark(ColdStartPhases.HANDLER_BUILT);
        ScheduledEvent event = new ScheduledEvent().withId("cold-start-1").withDetailType(FailoverWatchHandler.SCHEDULED)
                .withSource("aws.events").withAccount("123456789012").withRegion(args.length > 0 ? args[0] : "us-east-1")
                .withDetail(Map.of());
        Map<String, Object> answer = handler.handleRequest(event, null);
        ColdStartPhases.mark(ColdStartPhases.ANSWERED);
        Object ticks = answer.get("ticks");
        System.out.println(ticks instanceof Integer n && n > 0 ? "RAN" : "FAILED " + answer);
        System.out.flush();
    }
}
