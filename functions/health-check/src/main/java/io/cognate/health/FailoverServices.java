package io.cognate.health;

import io.cognate.adapters.aws.DynamoDbDrainMarkers;
import io.cognate.adapters.aws.DynamoDbHeartbeats;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.adapters.aws.Route53TrafficSwitch;
import io.cognate.adapters.aws.RoutingControlTrafficSwitch;
import io.cognate.adapters.aws.SdkTracing;
import io.cognate.config.FailoverSettings;
import io.cognate.ports.DrainMarkers;
import io.cognate.ports.FailoverEvents;
import io.cognate.ports.Heartbeats;
import io.cognate.ports.LeaderTransitions;
import io.cognate.ports.Sleeper;
import io.cognate.ports.TrafficSwitch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53recoverycluster.Route53RecoveryClusterClient;

/**
 * What the scheduled failover check needs beyond a region's usual services: the leader
 * transitions and heartbeats in the Control table, the traffic switch, and the failover events.
 * Built once per execution environment, with one URL-connection HTTP client for the switch's SDK
 * clients (not the CRT client: AwsClients says why).
 */
public final class FailoverServices implements AutoCloseable {
    /** A routing control call that has not answered by then is retried at the next cluster endpoint. */
    private static final Duration CLUSTER_CALL_TIMEOUT = Duration.ofSeconds(3);

    private final HealthCheckResources region;
    private final FailoverSettings settings;
    private final DynamoDbLeaderRecords leaders;
    private final DynamoDbHeartbeats heartbeats;
    private final EventBridgeFailoverEvents events;
    private final DynamoDbDrainMarkers drainMarkers;
    private final SdkHttpClient http;
    private final List<AutoCloseable> switchClients = new ArrayList<>();
    private final TrafficSwitch trafficSwitch;

    public FailoverServices(HealthCheckResources region, FailoverSettings settings, Sleeper sleeper) {
        this.region = region;
        this.settings = settings;
        var config = region.config();
        var dynamo = region.clients().dynamoDb();
        this.leaders = DynamoDbLeaderRecords.forMode(dynamo, config.controlTable(), region.clients().claimsDynamoDb(),
                config.claims().table(), region.clock());
        this.heartbeats = new DynamoDbHeartbeats(dynamo, config.controlTable());
        this.events = new EventBridgeFailoverEvents(region.clients()::eventBridge, config.eventBusName());
        this.drainMarkers = new DynamoDbDrainMarkers(dynamo, List.of(config.directoryTable(), config.sessionsTable()));
        this.http = UrlConnectionHttpClient.create();
        this.trafficSwitch = switchFor(settings.traffic(), sleeper);
    }

    private TrafficSwitch switchFor(FailoverSettings.Traffic traffic, Sleeper sleeper) {
        return switch (traffic.kind()) {
            case NONE -> TrafficSwitch.none();
            case ROUTE53 -> {
                var builder = Route53Client.builder().region(Region.AWS_GLOBAL).httpClient(http)
                        .overrideConfiguration(c -> c.executionInterceptors(SdkTracing.interceptors(System.getenv())));
                traffic.route53Endpoint().ifPresent(builder::endpointOverride);
                Route53Client route53 = builder.build();
                switchClients.add(route53);
                yield new Route53TrafficSwitch(route53, traffic, region.clock(), sleeper);
            }
            case ARC -> {
                List<RoutingControlTrafficSwitch.Endpoint> endpoints = new ArrayList<>();
                for (FailoverSettings.ClusterEndpoint endpoint : traffic.clusterEndpoints()) {
                    Route53RecoveryClusterClient client = Route53RecoveryClusterClient.builder()
                            .region(Region.of(endpoint.region()))
                            .endpointOverride(endpoint.endpoint())
                            .httpClient(http)
                            .overrideConfiguration(c -> c.apiCallTimeout(CLUSTER_CALL_TIMEOUT)
                                    .executionInterceptors(SdkTracing.interceptors(System.getenv())))
                            .build();
                    switchClients.add(client);
                    endpoints.add(new RoutingControlTrafficSwitch.Endpoint(endpoint.endpoint().getHost(), client));
                }
                yield new RoutingControlTrafficSwitch(endpoints, traffic.routingControls());
            }
        };
    }

    public HealthCheckResources region() {
        return region;
    }

    public FailoverSettings settings() {
        return settings;
    }

    public LeaderTransitions transitions() {
        return leaders;
    }

    public Heartbeats heartbeats() {
        return heartbeats;
    }

    public DrainMarkers drainMarkers() {
        return drainMarkers;
    }

    public FailoverEvents events() {
        return events;
    }

    public TrafficSwitch trafficSwitch() {
        return trafficSwitch;
    }

    @Override
    public void close() {
        for (AutoCloseable client : switchClients) {
            try {
                client.close();
            } catch (Exception e) {
                // Closing is best effort; the process is going away.
            }
        }
        http.close();
    }
}
