package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a deployment needs beyond the functions: alarms on replication and failover, the custom
 * domain, and Outputs that tell an operator everything the apps and the other region's stack need.
 */
class DeploymentTemplateTest {
    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::Region", "AWS::AccountId", "AWS::Partition",
            "AWS::URLSuffix", "AWS::StackName", "AWS::StackId", "AWS::NoValue", "AWS::NotificationARNs");
    /** Resources SAM generates from the template's own (stage of an HTTP API, alias of a function, role). */
    private static final Pattern SAM_GENERATED = Pattern.compile("(\\w+?)(ApiGatewayDefaultStage|Role|Alias\\w*)");
    private static JsonNode template;
    private static JsonNode properties;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
        try (InputStream in = DeploymentTemplateTest.class.getResourceAsStream("/cloudformation/properties.json")) {
            properties = new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, JsonNode> alarms(String metric) {
        var found = new java.util.LinkedHashMap<String, JsonNode>();
        SamTemplate.resources(template, "AWS::CloudWatch::Alarm").forEach((name, alarm) -> {
            if (metric.equals(alarm.path("Properties").path("MetricName").asText())) {
                found.put(name, alarm);
            }
        });
        return found;
    }

    private static JsonNode dimension(JsonNode alarm, String name) {
        for (JsonNode dimension : alarm.path("Properties").path("Dimensions")) {
            if (name.equals(dimension.path("Name").asText())) {
                return dimension.path("Value");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void everyGlobalTableHasAReplicationLatencyAlarmOnATableTheTemplateDefines() {
        List<JsonNode> globalTables = new ArrayList<>();
        // An MRSC table (the Claims table of strong mode) replicates before each write returns:
        // there is no lag to alarm on.
        SamTemplate.resources(template, "AWS::DynamoDB::GlobalTable").values().stream()
                .filter(t -> !"STRONG".equals(t.path("Properties").path("MultiRegionConsistency").asText()))
                .forEach(t -> globalTables.add(t.path("Properties").path("TableName")));
        Map<String, JsonNode> latency = alarms("ReplicationLatency");
        assertThat(latency).hasSameSizeAs(globalTables);
        List<JsonNode> watched = new ArrayList<>();
        latency.forEach((name, alarm) -> {
            assertThat(alarm.path("Properties").path("Namespace").asText()).as(name).isEqualTo("AWS/DynamoDB");
            JsonNode table = dimension(alarm, "TableName");
            assertThat(globalTables).as(name + " watches a global table of this template").contains(table);
            watched.add(table);
            // The receiving region is the peer: the replica region seen from the primary, and back.
            assertThat(dimension(alarm, "ReceivingRegion").path("Fn::If").toString())
                    .as(name).contains("IsPrimary").contains("ReplicaRegion").contains("PrimaryRegion");
            assertThat(alarm.path("Properties").path("Threshold").path("Ref").asText()).isEqualTo("ReplicationLatencyThresholdMs");
            assertThat(alarm.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).isEqualTo("AlarmTopic");
        });
        assertThat(watched).containsExactlyInAnyOrderElementsOf(globalTables);
    }

    @Test
    void theFailoverAlarmCountsTheRuleThatMatchesTheEventsTheCodePublishes() {
        JsonNode rule = template.path("Resources").path("FailoverEventsRule");
        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Events::Rule");
        JsonNode ruleProperties = rule.path("Properties");
        assertThat(ruleProperties.path("EventPattern").path("source").get(0).asText()).isEqualTo(EventBridgeFailoverEvents.SOURCE);
        assertThat(ruleProperties.path("EventBusName").path("Ref").asText()).isEqualTo("CognateBus");
        assertThat(ruleProperties.path("Targets").get(0).path("Arn").path("Ref").asText()).isEqualTo("AlarmTopic");

        Map<String, JsonNode> matched = alarms("MatchedEvents");
        assertThat(matched).hasSize(1);
        JsonNode alarm = matched.values().iterator().next();
        assertThat(alarm.path("Properties").path("Namespace").asText()).isEqualTo("AWS/Events");
        // A rule on a custom bus reports its metrics under both the bus and the rule name.
        assertThat(dimension(alarm, "EventBusName").path("Ref").asText()).isEqualTo("CognateBus");
        assertThat(dimension(alarm, "RuleName")).isEqualTo(ruleProperties.path("Name"));
        assertThat(alarm.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).isEqualTo("AlarmTopic");
    }

    @Test
    void onlyTheFailoverRuleAndThisAccountsAlarmsMayPublishToTheAlarmTopic() {
        JsonNode policy = template.path("Resources").path("AlarmTopicPolicy").path("Properties");
        assertThat(policy.path("Topics").get(0).path("Ref").asText()).isEqualTo("AlarmTopic");
        JsonNode statements = policy.path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(2);
        for (JsonNode statement : statements) {
            assertThat(statement.path("Action").asText()).isEqualTo("sns:Publish");
            assertThat(statement.path("Resource").path("Ref").asText()).isEqualTo("AlarmTopic");
            assertThat(statement.path("Principal").path("Service").asText()).endsWith(".amazonaws.com");
            assertThat(statement.path("Condition").isObject()).as("scoped by a condition").isTrue();
        }
        assertThat(statements.get(0).path("Condition").path("ArnEquals").path("aws:SourceArn").path("Fn::GetAtt").get(0).asText())
                .isEqualTo("FailoverEventsRule");
        assertThat(statements.get(1).path("Condition").path("StringEquals").path("aws:SourceAccount").path("Ref").asText())
                .isEqualTo("AWS::AccountId");
    }

    @Test
    void theCustomDomainIsMadeOnlyWhenANameAndACertificateAreGiven() {
        JsonNode condition = template.path("Conditions").path("HasCustomDomain");
        assertThat(condition.toString()).contains("DomainName").contains("CertificateArn");
        JsonNode domain = template.path("Resources").path("ApiDomain");
        JsonNode mapping = template.path("Resources").path("ApiDomainMapping");
        assertThat(domain.path("Condition").asText()).isEqualTo("HasCustomDomain");
        assertThat(mapping.path("Condition").asText()).isEqualTo("HasCustomDomain");
        JsonNode configuration = domain.path("Properties").path("DomainNameConfigurations").get(0);
        assertThat(configuration.path("EndpointType").asText()).isEqualTo("REGIONAL");
        assertThat(configuration.path("CertificateArn").path("Ref").asText()).isEqualTo("CertificateArn");
        assertThat(mapping.path("Properties").path("ApiId").path("Ref").asText()).isEqualTo("HttpApi");
        assertThat(mapping.path("Properties").path("DomainName").path("Ref").asText()).isEqualTo("ApiDomain");
        assertThat(mapping.path("Properties").path("Stage").asText()).isEqualTo("$default");
        // Without the parameters the stack still deploys: both default to empty.
        assertThat(template.path("Parameters").path("DomainName").path("Default").asText()).isEmpty();
        assertThat(template.path("Parameters").path("CertificateArn").path("Default").asText()).isEmpty();
    }

    @Test
    void theOutputsTellAppsAndThePeerStackWhatTheyNeed() {
        JsonNode outputs = template.path("Outputs");
        for (String name : List.of("ApiEndpoint", "UserPoolId", "ClientId", "Issuer", "SigningKeyId", "DataKeyId",
                "SigningKeyArn", "DataKeyArn", "DirectoryTableName", "SessionsTableName", "ControlTableName",
                "LockoutTableName", "EventBusName", "AlarmTopicArn", "CustomDomainUrl", "CustomDomainTarget",
                "CustomDomainHostedZoneId")) {
            assertThat(outputs.has(name)).as(name).isTrue();
        }
        assertThat(outputs.path("UserPoolId").path("Value").path("Ref").asText()).isEqualTo("UserPoolId");
        assertThat(outputs.path("ClientId").has("Condition")).as("the client id is always reported").isFalse();
        assertThat(outputs.path("CustomDomainTarget").path("Value").path("Fn::GetAtt").get(1).asText()).isEqualTo("RegionalDomainName");
        // The custom-domain outputs exist only where the domain does.
        for (String name : List.of("CustomDomainUrl", "CustomDomainTarget", "CustomDomainHostedZoneId")) {
            assertThat(outputs.path(name).path("Condition").asText()).as(name).isEqualTo("HasCustomDomain");
        }
        // Every table name the outputs report is one the template creates.
        List<JsonNode> tableNames = new ArrayList<>();
        SamTemplate.resources(template, "AWS::DynamoDB::GlobalTable").values()
                .forEach(t -> tableNames.add(t.path("Properties").path("TableName")));
        for (String name : List.of("DirectoryTableName", "SessionsTableName", "ControlTableName")) {
            assertThat(tableNames).as(name).contains(outputs.path(name).path("Value"));
        }
    }

    @Test
    void everyReferenceNamesAParameterAResourceOrAPseudoParameter() {
        Set<String> known = new HashSet<>(PSEUDO_PARAMETERS);
        template.path("Parameters").fieldNames().forEachRemaining(known::add);
        Set<String> resources = new HashSet<>();
        template.path("Resources").fieldNames().forEachRemaining(resources::add);
        known.addAll(resources);
        Set<String> conditions = new HashSet<>();
        template.path("Conditions").fieldNames().forEachRemaining(conditions::add);

        List<String> dangling = new ArrayList<>();
        walk(template, Set.of(), known, resources, conditions, dangling, "");
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode dependsOn = resource.getValue().path("DependsOn");
            List<String> targets = new ArrayList<>();
            if (dependsOn.isArray()) {
                dependsOn.forEach(d -> targets.add(d.asText()));
            } else if (dependsOn.isTextual()) {
                targets.add(dependsOn.asText());
            }
            for (String target : targets) {
                Matcher generated = SAM_GENERATED.matcher(target);
                boolean ok = resources.contains(target) || (generated.matches() && resources.contains(generated.group(1)));
                if (!ok) {
                    dangling.add(resource.getKey() + " DependsOn " + target);
                }
            }
            String condition = resource.getValue().path("Condition").asText("");
            if (!condition.isEmpty() && !conditions.contains(condition)) {
                dangling.add(resource.getKey() + " Condition " + condition);
            }
        });
        assertThat(dangling).isEmpty();
    }

    /** Collects Ref, GetAtt, Sub and If names that the template does not define. */
    private static void walk(JsonNode node, Set<String> subVariables, Set<String> known, Set<String> resources,
                             Set<String> conditions, List<String> dangling, String path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), subVariables, known, resources, conditions, dangling, path + "/" + i);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            JsonNode value = field.getValue();
            String here = path + "/" + field.getKey();
            switch (field.getKey()) {
                case "Ref" -> {
                    String name = value.asText();
                    String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    if (!known.contains(name) && !resources.contains(base)) {
                        dangling.add(here + " -> " + name);
                    }
                }
                case "Fn::GetAtt" -> {
                    if (!resources.contains(value.path(0).asText())) {
                        dangling.add(here + " -> " + value.path(0).asText());
                    }
                }
                case "Fn::If", "Condition" -> {
                    String condition = value.isArray() ? value.path(0).asText() : value.asText();
                    // "Condition" is also an IAM policy key, whose value is an object.
                    if ((value.isArray() || value.isTextual()) && !conditions.contains(condition)) {
                        dangling.add(here + " -> condition " + condition);
                    }
                }
                case "Fn::Sub" -> {
                    String text = value.isArray() ? value.path(0).asText() : value.asText();
                    Set<String> local = new HashSet<>(subVariables);
                    if (value.isArray()) {
                        value.path(1).fieldNames().forEachRemaining(local::add);
                    }
                    Matcher variable = Pattern.compile("\\$\\{([^}!]+)}").matcher(text);
                    while (variable.find()) {
                        String name = variable.group(1);
                        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                        if (!local.contains(name) && !known.contains(name) && !resources.contains(base)) {
                            dangling.add(here + " -> ${" + name + "}");
                        }
                    }
                    if (value.isArray()) {
                        walk(value.path(1), local, known, resources, conditions, dangling, here);
                    }
                }
                default -> walk(value, subVariables, known, resources, conditions, dangling, here);
            }
        }
    }

    @Test
    void cloudFormationResourcesUseOnlyDocumentedPropertyNames() throws IOException {
        assertThat(undocumentedProperties(template)).isEmpty();
    }

    @Test
    void aMisspelledAlarmPropertyIsCaught() throws IOException {
        String broken = Files.readString(SamTemplate.TEMPLATE).replaceFirst("\n      MetricName: ReplicationLatency",
                "\n      MetricNames: ReplicationLatency");
        assertThat(undocumentedProperties(SamTemplate.parse(broken))).anySatisfy(p -> assertThat(p).contains("MetricNames"));
        String brokenNested = Files.readString(SamTemplate.TEMPLATE).replaceFirst("\n          EndpointType: REGIONAL",
                "\n          EndPointType: REGIONAL");
        assertThat(undocumentedProperties(SamTemplate.parse(brokenNested))).anySatisfy(p -> assertThat(p).contains("EndPointType"));
    }

    /** Properties (and listed nested properties) of the documented CloudFormation types that are not in the list. */
    private static List<String> undocumentedProperties(JsonNode document) {
        List<String> unknown = new ArrayList<>();
        assertThat(properties.size()).isGreaterThan(5);
        document.path("Resources").fields().forEachRemaining(resource -> {
            String type = resource.getValue().path("Type").asText();
            JsonNode allowed = properties.path(type);
            if (allowed.isMissingNode()) {
                return;
            }
            resource.getValue().path("Properties").fields().forEachRemaining(property -> {
                if (!contains(allowed, property.getKey())) {
                    unknown.add(resource.getKey() + "." + property.getKey());
                }
                JsonNode nestedAllowed = properties.path(type + "/" + property.getKey());
                if (!nestedAllowed.isMissingNode()) {
                    for (JsonNode element : property.getValue()) {
                        element.fieldNames().forEachRemaining(name -> {
                            if (!contains(nestedAllowed, name)) {
                                unknown.add(resource.getKey() + "." + property.getKey() + "." + name);
                            }
                        });
                    }
                }
            });
        });
        return unknown;
    }

    private static boolean contains(JsonNode list, String name) {
        for (JsonNode entry : list) {
            if (entry.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyTableIsEncryptedWithTheDeploymentsOwnTableKey() {
        // Global tables: every replica names the table key's copy in its own region once the
        // second pass turns it on (a replica's key must be in the replica's region).
        SamTemplate.resources(template, "AWS::DynamoDB::GlobalTable").forEach((name, table) -> {
            assertThat(table.path("Properties").path("SSESpecification").path("SSEType").asText()).as(name).isEqualTo("KMS");
            List<String> replicaKeys = new ArrayList<>();
            for (JsonNode replica : table.path("Properties").path("Replicas")) {
                JsonNode spec = replica.has("Fn::If") ? replica.path("Fn::If").get(1) : replica;
                JsonNode choice = spec.path("SSESpecification").path("Fn::If");
                assertThat(choice.get(0).asText()).as(name).isEqualTo("EncryptsTablesWithTableKey");
                String arn = choice.get(1).path("KMSMasterKeyId").path("Fn::Sub").asText();
                assertThat(arn).as(name).endsWith(":key/${TableKey}")
                        .contains("${" + spec.path("Region").path("Ref").asText() + "}");
                replicaKeys.add(arn);
            }
            assertThat(replicaKeys).as(name).hasSize(3).doesNotHaveDuplicates();
        });
        // Regional tables: the key in the stack's own region from the first deploy on.
        SamTemplate.resources(template, "AWS::DynamoDB::Table").forEach((name, table) -> {
            JsonNode sse = table.path("Properties").path("SSESpecification");
            assertThat(sse.path("SSEType").asText()).as(name).isEqualTo("KMS");
            assertThat(sse.path("KMSMasterKeyId").path("Fn::If").toString()).as(name)
                    .contains("IsPrimary").contains("\"TableKey\"").contains("\"TableKeyReplica\"");
        });
        // Apart from the account's administrators, only DynamoDB may use the key, for this account.
        for (String key : List.of("TableKey", "TableKeyReplica")) {
            JsonNode statements = template.path("Resources").path(key).path("Properties").path("KeyPolicy").path("Statement");
            assertThat(statements).as(key).hasSize(2);
            JsonNode service = statements.get(1);
            assertThat(service.path("Action").toString()).as(key).doesNotContain("*");
            assertThat(service.path("Condition").path("StringEquals").path("kms:ViaService").path("Fn::Sub").asText())
                    .as(key).startsWith("dynamodb.");
            assertThat(service.path("Condition").path("StringEquals").path("kms:CallerAccount").path("Ref").asText())
                    .as(key).isEqualTo("AWS::AccountId");
        }
    }
}
