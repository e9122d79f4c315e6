package io.cognate.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.adapters.aws.DynamoDbHeartbeats;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.FailoverSettings;
import io.cognate.http.HttpApiEvents;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /health}: 200 when this region can serve, 503 otherwise, with each check named.
 *
 * <p>The route is public, so it is made cheap twice over: API Gateway throttles it (the route
 * settings in {@code template.yaml}), and the verdict is reused for a few seconds (see
 * {@link RegionHealth}), so a flood costs neither DynamoDB reads nor KMS calls beyond one round
 * per period. A flood can make peers' probes see 429s; they count those as throttled, not as
 * failures (see {@link HttpRegionProbe}).
 */
public final class HealthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RegionHealth health;
    private final String region;
    private final ReplicationLagReports lagReports;
    private final AtomicReference<RegionHealth.Report> lastReported = new AtomicReference<>();

    public HealthHandler() {
        this(HealthCheckEnvironment.resources(), FailoverSettings.fromEnvironment());
    }

    public HealthHandler(HealthCheckResources services) {
        this(services, FailoverSettings.from(java.util.Map.of()));
    }

    public HealthHandler(HealthCheckResources services, FailoverSettings settings) {
        this.lagReports = new ReplicationLagReports(services.authEvents(), services.clock());
        this.region = services.config().region();
        var config = services.config();
        // Clients on which a throttled call fails at once: the check answers "throttled" within the
        // prober's timeout instead of retrying past it into "no answer" (see ThrottlingFailsFast).
        var dynamo = services.clients().failFastDynamoDb();
        var kms = services.clients().failFastKms();
        this.health = new RegionHealth(config.region(), settings,
                // Strong mode: the authority, read only (this internet-facing function writes nothing).
                config.claims().strong()
                        ? new DynamoDbLeaderRecords(services.clients().claimsDynamoDb(), config.claims().table(), services.clock())
                        : new DynamoDbLeaderRecords(dynamo, config.controlTable(), services.clock()),
                new DynamoDbHeartbeats(dynamo, config.controlTable()),
                () -> kms.getPublicKey(b -> b.keyId(config.signingKeyId())), services.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return RequestLogging.around(context, event == null ? null : HttpApiEvents.requestId(event), region, () -> handle(event));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        if (!"GET".equals(HttpApiEvents.method(event)) || !"/health".equals(HttpApiEvents.path(event))) {
            return HttpApiEvents.notFound();
        }
        RegionHealth.Report report = health.check();
        // Peers probe /health every few seconds: each new verdict reports how stale their data is
        // here. A verdict reused for more requests is not reported again.
        if (lastReported.getAndSet(report) != report) {
            report.replication().forEach((peer, replication) ->
                    replication.heartbeatAge().ifPresent(age -> lagReports.report(peer, age)));
        }
        return HttpApiEvents.json(report.healthy() ? 200 : 503, report.toJson());
    }
}
