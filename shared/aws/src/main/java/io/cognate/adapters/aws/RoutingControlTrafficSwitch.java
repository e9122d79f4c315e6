package io.cognate.adapters.aws;

import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.TrafficFlip;
import io.cognate.ports.TrafficSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53recoverycluster.Route53RecoveryClusterClient;
import software.amazon.awssdk.services.route53recoverycluster.model.RoutingControlState;

/**
 * Moves traffic with Route 53 Application Recovery Controller routing controls, the data-plane
 * path AWS recommends for recovery: the target region's control goes On first, then every other
 * region's Off, so there is never a moment with no region on. Each call tries the cluster's
 * endpoints in turn until one answers, as AWS advises (any single endpoint may be unavailable).
 */
public final class RoutingControlTrafficSwitch implements TrafficSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingControlTrafficSwitch.class);

    private final List<Endpoint> endpoints;
    private final Map<String, String> routingControls;

    /** One client per cluster endpoint, in the order they are tried. */
    public record Endpoint(String name, Route53RecoveryClusterClient client) {
    }

    public RoutingControlTrafficSwitch(List<Endpoint> endpoints, Map<String, String> routingControls) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a routing control switch needs at least one cluster endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.routingControls = Map.copyOf(routingControls);
    }

    @Override
    public TrafficFlip pointAt(String region) {
        String on = routingControls.get(region);
        if (on == null) {
            throw new IllegalStateException("no routing control configured for region " + region);
        }
        List<String> answered = new ArrayList<>();
        answered.add(set(on, RoutingControlState.ON));
        routingControls.forEach((other, arn) -> {
            if (!other.equals(region)) {
                answered.add(set(arn, RoutingControlState.OFF));
            }
        });
        return new TrafficFlip(region, region + " on via " + String.join(",", answered.stream().distinct().toList()), true);
    }

    private String set(String arn, RoutingControlState state) {
        return onFirstAnswering(client -> {
            client.updateRoutingControlState(b -> b.routingControlArn(arn).routingControlState(state));
            return null;
        });
    }

    @Override
    public Optional<String> current() {
        for (Map.Entry<String, String> control : routingControls.entrySet()) {
            RoutingControlState[] state = new RoutingControlState[1];
            onFirstAnswering(client -> {
                state[0] = client.getRoutingControlState(b -> b.routingControlArn(control.getValue())).routingControlState();
                return null;
            });
            if (state[0] == RoutingControlState.ON) {
                return Optional.of(control.getKey());
            }
        }
        return Optional.empty();
    }

    /** Runs {@code call} on each endpoint in turn until one answers; returns that endpoint's name. */
    private String onFirstAnswering(Function<Route53RecoveryClusterClient, Void> call) {
        SdkException last = null;
        for (Endpoint endpoint : endpoints) {
            try {
                call.apply(endpoint.client());
                return endpoint.name();
            } catch (SdkException e) {
                LOG.warn("routing control endpoint {} failed ({}); trying the next", endpoint.name(), e.getClass().getSimpleName());
                last = e;
            }
        }
        throw last;
    }
}
