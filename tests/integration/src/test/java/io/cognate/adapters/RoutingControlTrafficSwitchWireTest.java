package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.RoutingControlTrafficSwitch;
import io.cognate.local.LocalCredentials;
import io.cognate.local.arc.LocalRoutingControls;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53recoverycluster.Route53RecoveryClusterClient;
import software.amazon.awssdk.services.route53recoverycluster.model.EndpointTemporarilyUnavailableException;
import software.amazon.awssdk.services.route53recoverycluster.model.ResourceNotFoundException;
import software.amazon.awssdk.services.route53recoverycluster.model.RoutingControlState;
import software.amazon.awssdk.services.route53recoverycluster.model.UpdateRoutingControlStateEntry;

/**
 * The routing-control traffic switch, with the real ARC data-plane SDK client, against a local
 * cluster of three endpoints: flips, and goes on to the next endpoint when one fails.
 */
class RoutingControlTrafficSwitchWireTest {
    private LocalRoutingControls cluster;
    private final List<Route53RecoveryClusterClient> clients = new ArrayList<>();
    private String east;
    private String west;

    @BeforeEach
    void start() {
        cluster = new LocalRoutingControls(List.of("us-west-2", "ap-northeast-1", "eu-west-1"));
        east = cluster.createRoutingControl("cognate-us-east-1");
        west = cluster.createRoutingControl("cognate-eu-west-1");
    }

    @AfterEach
    void stop() {
        clients.forEach(Route53RecoveryClusterClient::close);
        cluster.close();
    }

    private Route53RecoveryClusterClient client(String region, URI endpoint) {
        var client = Route53RecoveryClusterClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER)
                .httpClient(AwsCrtHttpClient.create())
                .build();
        clients.add(client);
        return client;
    }

    private RoutingControlTrafficSwitch traffic(List<RoutingControlTrafficSwitch.Endpoint> extraFirst) {
        List<RoutingControlTrafficSwitch.Endpoint> endpoints = new ArrayList<>(extraFirst);
        cluster.endpoints().forEach((region, uri) -> endpoints.add(new RoutingControlTrafficSwitch.Endpoint(region, client(region, uri))));
        return new RoutingControlTrafficSwitch(endpoints, Map.of("us-east-1", east, "eu-west-1", west));
    }

    @Test
    void turnsTheTargetOnAndTheOthersOff() {
        var traffic = traffic(List.of());
        traffic.pointAt("us-east-1");
        assertThat(cluster.state(east)).isEqualTo("On");
        assertThat(cluster.state(west)).isEqualTo("Off");
        assertThat(traffic.current()).contains("us-east-1");

        traffic.pointAt("eu-west-1");
        traffic.pointAt("eu-west-1");
        assertThat(cluster.state(east)).isEqualTo("Off");
        assertThat(cluster.state(west)).isEqualTo("On");
        assertThat(traffic.current()).contains("eu-west-1");
        assertThat(cluster.requestCount("ap-northeast-1")).isZero();
    }

    @Test
    void triesTheClusterEndpointsInTurn() {
        // An endpoint nobody listens on, then one that answers "temporarily unavailable".
        var dead = new RoutingControlTrafficSwitch.Endpoint("closed", client("us-east-1", URI.create("http://127.0.0.1:9/v1")));
        var traffic = traffic(List.of(dead));
        cluster.setAvailable("us-west-2", false);
        var flip = traffic.pointAt("eu-west-1");
        assertThat(cluster.state(west)).isEqualTo("On");
        assertThat(flip.change()).contains("ap-northeast-1");
        assertThat(cluster.requestCount("us-west-2")).isPositive();
        assertThat(cluster.requestCount("eu-west-1")).isZero();

        cluster.setAvailable("ap-northeast-1", false);
        cluster.setAvailable("eu-west-1", false);
        assertThatThrownBy(() -> traffic.pointAt("us-east-1")).isInstanceOf(EndpointTemporarilyUnavailableException.class);
        assertThat(cluster.state(east)).isEqualTo("Off");
    }

    @Test
    void theDataPlaneSpeaksTheSdksShapes() {
        var client = client("us-west-2", cluster.endpoints().get("us-west-2"));
        client.updateRoutingControlStates(b -> b.updateRoutingControlStateEntries(
                UpdateRoutingControlStateEntry.builder().routingControlArn(east).routingControlState(RoutingControlState.ON).build(),
                UpdateRoutingControlStateEntry.builder().routingControlArn(west).routingControlState(RoutingControlState.ON).build()));
        var state = client.getRoutingControlState(b -> b.routingControlArn(west));
        assertThat(state.routingControlState()).isEqualTo(RoutingControlState.ON);
        assertThat(state.routingControlName()).isEqualTo("cognate-eu-west-1");
        assertThat(client.listRoutingControls(b -> { }).routingControls()).hasSize(2);
        assertThatThrownBy(() -> client.getRoutingControlState(b -> b.routingControlArn(east + "0")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
