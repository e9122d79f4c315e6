package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's choice of consistency ({@code ReplicationConsistency}): EVENTUAL leaves every
 * global table as it was; STRONG adds the Claims table with multi-Region strong consistency, whose
 * three regions (three replicas, or two and a witness) the template's Rules insist on. The Rules
 * and the table's regions are evaluated here for every combination of the parameters, the way
 * CloudFormation evaluates them before creating anything.
 */
class StrongModeTemplateTest {
    private static final String PRIMARY = "us-east-1";
    private static final String SECONDARY = "us-east-2";
    private static final String THIRD = "us-west-2";

    private static JsonNode template;
    private static JsonNode claims;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
        claims = template.path("Resources").path("ClaimsTable");
    }

    @Test
    void eventualIsTheDefaultAndStrongTheOnlyOtherChoice() {
        JsonNode parameter = template.path("Parameters").path("ReplicationConsistency");
        assertThat(parameter.path("Default").asText()).isEqualTo("EVENTUAL");
        assertThat(parameter.path("AllowedValues")).extracting(JsonNode::asText).containsExactly("EVENTUAL", "STRONG");
        assertThat(template.path("Parameters").path("WitnessRegion").path("Default").asText()).isEmpty();
    }

    @Test
    void onlyTheClaimsTableIsStronglyConsistentAndOnlyInStrongMode() {
        var globalTables = SamTemplate.resources(template, "AWS::DynamoDB::GlobalTable");
        globalTables.forEach((name, table) -> {
            JsonNode consistency = table.path("Properties").path("MultiRegionConsistency");
            if (name.equals("ClaimsTable")) {
                assertThat(consistency.asText()).isEqualTo("STRONG");
            } else {
                // The Directory, Sessions and Control tables commit in transactions: they stay MREC.
                assertThat(consistency.isMissingNode()).as(name).isTrue();
            }
        });
        assertThat(claims.path("Condition").asText()).isEqualTo("CreatesClaimsTable");
        for (var values : combinations()) {
            boolean created = condition("CreatesClaimsTable", values);
            assertThat(created).as(values.toString())
                    .isEqualTo(values.get("Role").equals("primary") && values.get("ReplicationConsistency").equals("STRONG"));
        }
    }

    @Test
    void theClaimsTableHasNoStreamNoTtlAndTheUsualKeysAndEncryption() {
        JsonNode properties = claims.path("Properties");
        // MRSC: nothing replicates it after the fact and nothing in it expires.
        assertThat(properties.has("StreamSpecification")).isFalse();
        assertThat(properties.has("TimeToLiveSpecification")).isFalse();
        assertThat(properties.path("TableName").path("Fn::Sub").asText()).isEqualTo("cognate-${Environment}-claims");
        assertThat(properties.path("KeySchema").toString()).contains("\"pk\"").contains("HASH").contains("\"sk\"").contains("RANGE");
        assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void strongModeIsDeployableExactlyWithThreeRegions() {
        for (var values : combinations()) {
            boolean accepted = rulesHold(values);
            boolean strong = values.get("ReplicationConsistency").equals("STRONG");
            boolean third = !values.get("ThirdRegion").isEmpty();
            boolean witness = !values.get("WitnessRegion").isEmpty();
            boolean expected = strong ? third != witness : !witness;
            assertThat(accepted).as(values.toString()).isEqualTo(expected);
            if (accepted && strong) {
                // Replicas plus witness: the three regions MRSC requires.
                List<String> regions = claimsRegions(values);
                assertThat(regions).as(values.toString()).hasSize(3).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aWitnessThatHoldsAReplicaIsRefused() {
        var values = parameters("STRONG", "", PRIMARY);
        assertThat(rulesHold(values)).isFalse();
        values = parameters("STRONG", "", SECONDARY);
        assertThat(rulesHold(values)).isFalse();
    }

    /** Every combination of mode, third region and witness, for a primary and a secondary stack. */
    private static List<Map<String, String>> combinations() {
        List<Map<String, String>> all = new ArrayList<>();
        for (String role : List.of("primary", "secondary")) {
            for (String mode : List.of("EVENTUAL", "STRONG")) {
                for (String third : List.of("", THIRD)) {
                    for (String witness : List.of("", THIRD)) {
                        var values = parameters(mode, third, witness);
                        values.put("Role", role);
                        all.add(values);
                    }
                }
            }
        }
        return all;
    }

    private static Map<String, String> parameters(String mode, String third, String witness) {
        Map<String, String> values = new HashMap<>();
        values.put("Role", "primary");
        values.put("PrimaryRegion", PRIMARY);
        values.put("ReplicaRegion", SECONDARY);
        values.put("ReplicationConsistency", mode);
        values.put("ThirdRegion", third);
        values.put("WitnessRegion", witness);
        values.put("EncryptTablesWithTableKey", "false");
        // What a secondary must name for conflict detection (ReplicatedWritesTemplateTest).
        values.put("DirectoryStreamArn", "arn:aws:dynamodb:" + SECONDARY + ":111122223333:table/cognate-prod-directory/stream/x");
        values.put("ControlStreamArn", "arn:aws:dynamodb:" + SECONDARY + ":111122223333:table/cognate-prod-control/stream/x");
        return values;
    }

    /** Every rule whose RuleCondition holds has all its assertions hold. */
    private static boolean rulesHold(Map<String, String> values) {
        JsonNode rules = template.path("Rules");
        assertThat(rules.size()).isPositive();
        for (Iterator<JsonNode> it = rules.elements(); it.hasNext(); ) {
            JsonNode rule = it.next();
            if (rule.has("RuleCondition") && !truth(rule.path("RuleCondition"), values)) {
                continue;
            }
            for (JsonNode assertion : rule.path("Assertions")) {
                assertThat(assertion.path("AssertDescription").asText()).isNotBlank();
                if (!truth(assertion.path("Assert"), values)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The regions of the Claims table's replicas and witness, conditions resolved. */
    private static List<String> claimsRegions(Map<String, String> values) {
        List<String> regions = new ArrayList<>();
        for (JsonNode replica : claims.path("Properties").path("Replicas")) {
            JsonNode chosen = resolve(replica, values);
            if (chosen != null) {
                regions.add(value(chosen.path("Region"), values));
            }
        }
        JsonNode witnesses = resolve(claims.path("Properties").path("GlobalTableWitnesses"), values);
        if (witnesses != null) {
            witnesses.forEach(witness -> regions.add(value(witness.path("Region"), values)));
        }
        return regions;
    }

    /** A value with {@code Fn::If} resolved; null for {@code AWS::NoValue}. */
    private static JsonNode resolve(JsonNode node, Map<String, String> values) {
        if (node.has("Fn::If")) {
            JsonNode branches = node.path("Fn::If");
            return resolve(branches.get(condition(branches.get(0).asText(), values) ? 1 : 2), values);
        }
        if (node.path("Ref").asText().equals("AWS::NoValue")) {
            return null;
        }
        return node;
    }

    private static boolean condition(String name, Map<String, String> values) {
        return truth(template.path("Conditions").path(name), values);
    }

    /** CloudFormation's condition functions, as Rules and Conditions use them. */
    private static boolean truth(JsonNode node, Map<String, String> values) {
        if (node.has("Fn::Equals")) {
            return value(node.path("Fn::Equals").get(0), values).equals(value(node.path("Fn::Equals").get(1), values));
        }
        if (node.has("Fn::Not")) {
            return !truth(node.path("Fn::Not").get(0), values);
        }
        if (node.has("Fn::And")) {
            for (JsonNode part : node.path("Fn::And")) {
                if (!truth(part, values)) {
                    return false;
                }
            }
            return true;
        }
        if (node.has("Fn::Or")) {
            for (JsonNode part : node.path("Fn::Or")) {
                if (truth(part, values)) {
                    return true;
                }
            }
            return false;
        }
        if (node.has("Condition")) {
            return condition(node.path("Condition").asText(), values);
        }
        throw new AssertionError("not a condition CloudFormation evaluates: " + node);
    }

    private static String value(JsonNode node, Map<String, String> values) {
        if (node.isTextual()) {
            return node.asText();
        }
        String ref = node.path("Ref").asText();
        if (!values.containsKey(ref)) {
            throw new AssertionError("no value for " + node);
        }
        return values.get(ref);
    }
}
