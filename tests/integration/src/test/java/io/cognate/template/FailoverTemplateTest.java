package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.adapters.aws.EventBridgeCodeDelivery;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.failover.FailoverReport;
import io.cognate.health.FailoverWatchHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the failover check needs from the template: its triggers, its settings and tight permissions. */
class FailoverTemplateTest {
    private static JsonNode template;
    private static JsonNode watch;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
        watch = SamTemplate.resources(template, "AWS::Serverless::Function").get("HealthWatchFunction");
    }

    @Test
    void runsEveryMinuteAndOnSwitchoverRequests() {
        assertThat(watch).isNotNull();
        JsonNode events = watch.path("Properties").path("Events");
        assertThat(events.path("EveryMinute").path("Type").asText()).isEqualTo("Schedule");
        assertThat(events.path("EveryMinute").path("Properties").path("Schedule").asText()).isEqualTo("rate(1 minute)");
        JsonNode rule = events.path("SwitchoverRequested");
        assertThat(rule.path("Type").asText()).isEqualTo("EventBridgeRule");
        assertThat(rule.path("Properties").path("EventBusName").path("Ref").asText()).isEqualTo("CognateBus");
        assertThat(rule.path("Properties").path("Pattern").path("detail-type").get(0).asText()).isEqualTo("SwitchoverRequested");
        assertThat(rule.path("Properties").path("Pattern").path("source").get(0).asText()).isEqualTo("cognate.operations");
        assertThat(watch.path("Properties").path("Timeout").asInt()).isGreaterThan(60);
    }

    @Test
    void setsEverySettingTheTrafficSwitchesRead() {
        JsonNode variables = watch.path("Properties").path("Environment").path("Variables");
        for (String name : List.of(FailoverSettings.REGIONS, FailoverSettings.TRAFFIC_SWITCH, FailoverSettings.HOSTED_ZONE_ID,
                FailoverSettings.RECORD_NAME, FailoverSettings.RECORD_TARGETS, FailoverSettings.ARC_CLUSTER_ENDPOINTS,
                FailoverSettings.ARC_ROUTING_CONTROLS, FailoverSettings.PROBE_INTERVAL_MS, FailoverSettings.FAILURE_THRESHOLD)) {
            assertThat(variables.has(name)).as(name).isTrue();
        }
        assertThat(variables.has(FailoverSettings.ROUTE53_ENDPOINT)).as("no local endpoint on AWS").isFalse();
    }

    @Test
    void mayChangeOnlyTheOneRecordControlTableAndBus() {
        Map<String, JsonNode> statements = new java.util.HashMap<>();
        for (JsonNode policy : watch.path("Properties").path("Policies")) {
            SamTemplate.statements(policy).forEach(statement -> statements.put(statement.path("Sid").asText(), statement));
        }
        JsonNode flip = statements.get("FlipTheRecord");
        assertThat(actions(flip)).containsExactlyInAnyOrder("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets");
        assertThat(flip.path("Resource").toString()).contains("hostedzone/${HostedZoneId}");
        assertThat(flip.path("Condition").path("ForAllValues:StringEquals")
                .path("route53:ChangeResourceRecordSetsNormalizedRecordNames").get(0).path("Ref").asText()).isEqualTo("DomainName");
        assertThat(actions(statements.get("FlipRoutingControls")))
                .containsExactlyInAnyOrder("route53-recovery-cluster:UpdateRoutingControlState",
                        "route53-recovery-cluster:GetRoutingControlState");
        assertThat(statements.get("FlipRoutingControls").path("Resource").path("Ref").asText()).isEqualTo("ArcRoutingControlArns");
        assertThat(statements.get("AnnounceFailover").path("Resource").path("Fn::GetAtt").toString()).contains("CognateBus");
        JsonNode control = statements.get("LeaderRecordAndHeartbeats");
        assertThat(actions(control)).contains("dynamodb:UpdateItem");
        assertThat(control.path("Resource").toString()).contains("-control").doesNotContain("-directory");
        // Strong mode: the leader record's authority in the Claims table, its partition only.
        JsonNode strong = statements.get("StrongLeaderRecord");
        assertThat(strong.path("Resource").toString()).contains("-claims");
        assertThat(strong.path("Condition").path("ForAllValues:StringEquals").path("dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"LEADER\"]");
        statements.values().stream().filter(s -> !s.path("Sid").asText().equals("LeaderRecordAndHeartbeats"))
                .filter(s -> !s.path("Sid").asText().equals("StrongLeaderRecord"))
                .forEach(s -> assertThat(actions(s)).as(s.path("Sid").asText()).doesNotContain("dynamodb:UpdateItem"));
    }

    /**
     * Finding 10 of the security review: health-check could put any item in Directory and
     * Sessions, and identity-api could put any event on the bus that also starts a switchover.
     */
    @Test
    void finding10EachFunctionWritesOnlyItsOwnItemsAndEvents() throws Exception {
        Map<String, JsonNode> statements = new java.util.HashMap<>();
        for (JsonNode policy : watch.path("Properties").path("Policies")) {
            SamTemplate.statements(policy).forEach(statement -> statements.put(statement.path("Sid").asText(), statement));
        }
        assertThat(statements.get("DrainMarkers").path("Condition").path("ForAllValues:StringLike")
                .path("dynamodb:LeadingKeys").toString()).isEqualTo("[\"DRAIN#*\"]");
        JsonNode announce = statements.get("AnnounceFailover").path("Condition").path("StringEquals");
        assertThat(announce.path("events:source").asText()).isEqualTo(EventBridgeFailoverEvents.SOURCE);
        for (FailoverReport.Kind kind : FailoverReport.Kind.values()) {
            assertThat(announce.path("events:detail-type").toString()).contains(kind.detailType());
        }
        JsonNode identityApi = SamTemplate.resources(SamTemplate.load(), "AWS::Serverless::Function").get("IdentityApiFunction");
        Map<String, JsonNode> identityStatements = new java.util.HashMap<>();
        for (JsonNode policy : identityApi.path("Properties").path("Policies")) {
            SamTemplate.statements(policy).forEach(s -> identityStatements.put(s.path("Sid").asText(), s));
        }
        JsonNode deliver = identityStatements.get("DeliverCodes").path("Condition").path("StringEquals");
        assertThat(deliver.path("events:source").asText()).isEqualTo(EventBridgeCodeDelivery.SOURCE)
                .isNotEqualTo(FailoverWatchHandler.OPERATIONS_SOURCE);
        List<String> detailTypes = new ArrayList<>();
        deliver.path("events:detail-type").forEach(type -> detailTypes.add(type.asText()));
        assertThat(detailTypes).containsExactlyInAnyOrder(EventBridgeCodeDelivery.DETAIL_TYPE,
                EventBridgeCodeDelivery.DECOY_DETAIL_TYPE);
    }

    /**
     * Finding 7 of the security review: /health was unthrottled, so a flood reached the function
     * (a DynamoDB read and a KMS call each). API Gateway throttles the route now, with the limits
     * the local gateway applies in every scenario.
     */
    @Test
    void finding7HealthIsRateLimitedByApiGatewayAsLocally() {
        JsonNode health = SamTemplate.resources(template, "AWS::Serverless::Function").get("HealthCheckFunction")
                .path("Properties").path("Events").path("Health");
        assertThat(health.path("Properties").path("Path").asText()).isEqualTo("/health");
        JsonNode limits = health.path("Properties").path("RouteSettings");
        assertThat(limits.path("ThrottlingRateLimit").isNumber()).isTrue();
        assertThat(limits.path("ThrottlingRateLimit").asInt()).isEqualTo(io.cognate.local.LocalRegion.HEALTH_RATE_LIMIT);
        assertThat(limits.path("ThrottlingBurstLimit").asInt()).isEqualTo(io.cognate.local.LocalRegion.HEALTH_BURST_LIMIT);
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }
}
