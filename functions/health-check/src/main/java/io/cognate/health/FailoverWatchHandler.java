package io.cognate.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.FailoverSettings;
import io.cognate.ports.Sleeper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EventBridge side of health-check: the {@code rate(1 minute)} schedule runs the failover
 * watch ({@code Scheduled Event}), and a {@code SwitchoverRequested} event with
 * {@code {"to": region}} on the pool's bus runs a planned switchover. Any other event is ignored.
 */
public final class FailoverWatchHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    public static final String SCHEDULED = "Scheduled Event";
    public static final String SWITCHOVER_REQUESTED = "SwitchoverRequested";
    public static final String OPERATIONS_SOURCE = "cognate.operations";
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatchHandler.class);

    private final FailoverWatch watch;
    private final String region;

    public FailoverWatchHandler() {
        this(new FailoverServices(HealthCheckEnvironment.resources(), FailoverSettings.fromEnvironment(), Sleeper.system()),
                Sleeper.system());
    }

    public FailoverWatchHandler(FailoverServices services, Sleeper sleeper) {
        this(services, sleeper, new HttpRegionProbe(services.settings(), services.region().clock()));
    }

    public FailoverWatchHandler(FailoverServices services, Sleeper sleeper, RegionProbe probe) {
        var region = services.region();
        this.region = region.config().region();
        this.watch = new FailoverWatch(region.config().region(), services.settings(), services.transitions(),
                services.heartbeats(), services.drainMarkers(), services.trafficSwitch(), services.events(), probe,
                region.clock(), sleeper, region.authEvents());
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        // The EventBridge event id ties the run's lines together, like a request id.
        return RequestLogging.around(context, event == null ? null : event.getId(), region,
                () -> handle(event, context));
    }

    private Map<String, Object> handle(ScheduledEvent event, Context context) {
        String type = event.getDetailType() == null ? "" : event.getDetailType();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("detailType", type);
        if (SCHEDULED.equals(type)) {
            FailoverWatch.RunSummary run = watch.runScheduled(
                    context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
            answer.put("region", run.region());
            answer.put("ticks", run.ticks());
            answer.put("role", run.roleAtEnd());
            answer.put("epoch", run.epochAtEnd());
            answer.put("takeovers", run.takeovers().size());
            return answer;
        }
        if (SWITCHOVER_REQUESTED.equals(type) && OPERATIONS_SOURCE.equals(event.getSource())) {
            Object to = event.getDetail() == null ? null : event.getDetail().get("to");
            if (!(to instanceof String target) || target.isBlank()) {
                answer.put("outcome", FailoverWatch.SwitchoverOutcome.REFUSED.name());
                answer.put("detail", "the event's detail must name the target region in \"to\"");
                return answer;
            }
            FailoverWatch.SwitchoverResult result = watch.switchover(target);
            answer.put("region", result.region());
            answer.put("outcome", result.outcome().name());
            answer.put("detail", result.detail());
            result.report().ifPresent(report -> answer.put("totalMs", report.total().toMillis()));
            return answer;
        }
        LOG.info("ignoring an event of type '{}' from '{}'", type, event.getSource());
        answer.put("outcome", "IGNORED");
        return answer;
    }
}
