package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.local.streams.StreamTrigger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conflict detection on AWS: both streams feed the replicated-writes function through mappings
 * that report failed records, halve failing batches, bound retries and age and keep what they
 * give up on; the function may read those two streams, write conflict records and repairs, and
 * nothing else.
 */
class ReplicatedWritesTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode template;
    private static JsonNode function;
    private static Map<String, JsonNode> mappings;
    private static Map<String, JsonNode> statements;

    @BeforeAll
    static void load() {
        try {
            template = SamTemplate.load();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        function = template.path("Resources").path("ReplicatedWritesFunction");
        mappings = SamTemplate.resources(template, "AWS::Lambda::EventSourceMapping");
        statements = new HashMap<>();
        for (JsonNode policy : function.path("Properties").path("Policies")) {
            SamTemplate.statements(policy).forEach(s -> statements.put(s.path("Sid").asText(), s));
        }
    }

    @Test
    void theDirectoryAndControlStreamsOfThisRegionFeedTheFunctionsAlias() {
        assertThat(function.path("Properties").path("Handler").asText())
                .isEqualTo("io.cognate.health.ReplicatedWritesHandler::handleRequest");
        assertThat(mappings).containsOnlyKeys("ReplicatedDirectoryWrites", "ReplicatedControlWrites");
        assertThat(source(mappings.get("ReplicatedDirectoryWrites"))).isEqualTo(List.of("DirectoryTable", "DirectoryStreamArn"));
        assertThat(source(mappings.get("ReplicatedControlWrites"))).isEqualTo(List.of("ControlTable", "ControlStreamArn"));
        mappings.forEach((name, mapping) -> assertThat(mapping.path("Properties").path("FunctionName").path("Ref").asText())
                .as(name).isEqualTo("ReplicatedWritesFunction.Alias"));
        // No SAM stream event: it would attach AWSLambdaDynamoDBExecutionRole, every stream of the account.
        assertThat(function.path("Properties").path("Events").isMissingNode()).isTrue();
        // A secondary names its replicas' streams, or CloudFormation refuses the stack.
        JsonNode rule = template.path("Rules").path("SecondaryReadsItsReplicasStreams");
        assertThat(rule.path("RuleCondition").toString()).contains("Role").contains("secondary");
        assertThat(rule.path("Assertions").toString()).contains("DirectoryStreamArn").contains("ControlStreamArn");
    }

    /** [the primary's table, the secondary's parameter] of a mapping's EventSourceArn. */
    private static List<String> source(JsonNode mapping) {
        JsonNode choice = mapping.path("Properties").path("EventSourceArn").path("Fn::If");
        assertThat(choice.get(0).asText()).isEqualTo("IsPrimary");
        assertThat(choice.get(1).path("Fn::GetAtt").get(1).asText()).isEqualTo("StreamArn");
        return List.of(choice.get(1).path("Fn::GetAtt").get(0).asText(), choice.get(2).path("Ref").asText());
    }

    @Test
    void aFailedRecordIsRetriedBoundedAndThenKeptNeverSkippedSilently() {
        mappings.forEach((name, mapping) -> {
            JsonNode properties = mapping.path("Properties");
            assertThat(properties.path("FunctionResponseTypes").toString()).as(name).isEqualTo("[\"ReportBatchItemFailures\"]");
            assertThat(properties.path("BisectBatchOnFunctionError").asBoolean()).as(name).isTrue();
            // The local stack's trigger retries as often as the mappings do.
            assertThat(properties.path("MaximumRetryAttempts").asInt()).as(name).isEqualTo(StreamTrigger.MAX_RETRY_ATTEMPTS);
            // Given up well within the stream's 24 hours, so the kept place can still be read again.
            assertThat(properties.path("MaximumRecordAgeInSeconds").asInt()).as(name).isBetween(60, 12 * 3600);
            assertThat(properties.path("ParallelizationFactor").asInt()).as(name).isEqualTo(1);
            assertThat(properties.path("StartingPosition").asText()).as(name).isEqualTo("TRIM_HORIZON");
            assertThat(properties.path("DestinationConfig").path("OnFailure").path("Destination").path("Fn::GetAtt").toString())
                    .as(name).isEqualTo("[\"ReplicatedWritesFailures\",\"Arn\"]");
        });
        JsonNode queue = template.path("Resources").path("ReplicatedWritesFailures");
        assertThat(queue.path("Type").asText()).isEqualTo("AWS::SQS::Queue");
        assertThat(queue.path("Properties").path("SqsManagedSseEnabled").asBoolean()).isTrue();
        JsonNode send = statements.get("KeepFailedBatches");
        assertThat(send.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(send.path("Resource").path("Fn::GetAtt").get(0).asText()).isEqualTo("ReplicatedWritesFailures");
        // Something in that queue is an alarm, not a secret.
        List<String> watched = new ArrayList<>();
        SamTemplate.resources(template, "AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> a.path("Properties").path("Namespace").asText().equals("AWS/SQS"))
                .forEach(a -> {
                    watched.add(a.path("Properties").path("Dimensions").get(0).path("Value").path("Fn::GetAtt").get(0).asText());
                    assertThat(a.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).isEqualTo("AlarmTopic");
                });
        assertThat(watched).contains("ReplicatedWritesFailures");
    }

    @Test
    void onlyWritesAnotherRegionMadeInvokeTheFunction() throws IOException {
        JsonNode directory = pattern("ReplicatedDirectoryWrites");
        assertThat(directory.path("dynamodb").path("NewImage").path("writerRegion").path("S").get(0).path("anything-but").get(0)
                .asText()).isEqualTo("${AWS::Region}");
        JsonNode control = pattern("ReplicatedControlWrites").path("dynamodb").path("NewImage");
        assertThat(control.path("pk").path("S").get(0).asText()).isEqualTo("CONFLICTS");
        assertThat(control.path("detectedIn").path("S").get(0).path("anything-but").get(0).asText()).isEqualTo("${AWS::Region}");
    }

    private static JsonNode pattern(String mapping) throws IOException {
        JsonNode filters = mappings.get(mapping).path("Properties").path("FilterCriteria").path("Filters");
        assertThat(filters).hasSize(1);
        return JSON.readTree(filters.get(0).path("Pattern").path("Fn::Sub").asText());
    }

    @Test
    void itReadsTwoStreamsAndWritesConflictRecordsAndFencedRepairsOnly() {
        JsonNode streams = statements.get("ReadTheStreams");
        assertThat(actions(streams)).containsExactlyInAnyOrder("dynamodb:DescribeStream", "dynamodb:GetRecords",
                "dynamodb:GetShardIterator", "dynamodb:ListStreams");
        assertThat(streams.path("Resource")).hasSize(2);
        assertThat(streams.path("Resource").toString()).contains("-directory/stream/*").contains("-control/stream/*");

        JsonNode records = statements.get("ConflictRecords");
        assertThat(leadingKeys(records)).isEqualTo("[\"CONFLICTS\"]");
        assertThat(actions(records)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        assertThat(records.path("Resource").toString()).contains("-control").doesNotContain("/stream");
        JsonNode fence = statements.get("WriteFence");
        assertThat(leadingKeys(fence)).isEqualTo("[\"LEADER\"]");
        assertThat(actions(fence)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:ConditionCheckItem");
        JsonNode repairs = statements.get("RepairLostWrites");
        assertThat(repairs.path("Resource").toString()).contains("-directory").doesNotContain("/stream");
        assertThat(actions(repairs)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem");

        JsonNode events = statements.get("AnnounceConflicts");
        assertThat(events.path("Condition").path("StringEquals").path("events:source").asText())
                .isEqualTo(EventBridgeFailoverEvents.SOURCE);
        assertThat(events.path("Condition").path("StringEquals").path("events:detail-type").toString())
                .isEqualTo("[\"" + EventBridgeFailoverEvents.REPLICATION_CONFLICT + "\"]");
        // Strong mode only: the leader item and the username claims of the Claims table, and the
        // leader item of Control that a read brings up to date. Releasing a claim is the only delete.
        JsonNode claims = statements.get("StrongLeaderRecordAndClaims");
        assertThat(claims.path("Resource").toString()).contains("-claims");
        assertThat(claims.path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"LEADER\",\"USERNAME#*\"]");
        JsonNode mirror = statements.get("MirrorLeaderRecord");
        assertThat(leadingKeys(mirror)).isEqualTo("[\"LEADER\"]");
        assertThat(actions(mirror)).containsExactly("dynamodb:PutItem");
        // Nothing else: no KMS, no Sessions table, no delete but a claim's release.
        assertThat(statements).containsOnlyKeys("ReadTheStreams", "ConflictRecords", "WriteFence", "RepairLostWrites",
                "StrongLeaderRecordAndClaims", "MirrorLeaderRecord", "AnnounceConflicts", "KeepFailedBatches",
                "WriteTraces");
        statements.forEach((sid, s) -> assertThat(actions(s)).noneMatch(a -> a.startsWith("kms:")
                || (a.contains("Delete") && !sid.equals("StrongLeaderRecordAndClaims"))));
    }

    private static String leadingKeys(JsonNode statement) {
        return statement.path("Condition").path("ForAllValues:StringEquals").path("dynamodb:LeadingKeys").toString();
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
