package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.config.ImportJobsConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Cognito's import jobs need from the template, and no more: a private, encrypted, TLS-only
 * bucket whose files expire; identity-api told its name; the right to put and get that bucket's
 * objects only (what its presigned URLs do), and to invoke only itself (the job's run).
 */
class ImportJobsTemplateTest {
    private static JsonNode template;
    private static Map<String, JsonNode> statements;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
        JsonNode identityApi = SamTemplate.resources(template, "AWS::Serverless::Function").get("IdentityApiFunction");
        statements = new HashMap<>();
        for (JsonNode policy : identityApi.path("Properties").path("Policies")) {
            SamTemplate.statements(policy).forEach(s -> statements.put(s.path("Sid").asText(), s));
        }
        assertThat(identityApi.path("Properties").path("Environment").path("Variables").path(ImportJobsConfig.BUCKET)
                .path("Ref").asText()).isEqualTo("ImportBucket");
    }

    @Test
    void theBucketIsPrivateEncryptedAndEmptiesItself() {
        JsonNode bucket = SamTemplate.resources(template, "AWS::S3::Bucket").get("ImportBucket").path("Properties");
        assertThat(bucket.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0)
                .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isIn("AES256", "aws:kms");
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
        }
        assertThat(bucket.path("OwnershipControls").path("Rules").get(0).path("ObjectOwnership").asText())
                .isEqualTo("BucketOwnerEnforced");
        JsonNode rule = bucket.path("LifecycleConfiguration").path("Rules").get(0);
        assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
        assertThat(rule.path("ExpirationInDays").asInt()).isBetween(2, 7);

        JsonNode policy = SamTemplate.resources(template, "AWS::S3::BucketPolicy").get("ImportBucketPolicy").path("Properties");
        assertThat(policy.path("Bucket").path("Ref").asText()).isEqualTo("ImportBucket");
        JsonNode tls = policy.path("PolicyDocument").path("Statement").get(0);
        assertThat(tls.path("Effect").asText()).isEqualTo("Deny");
        assertThat(tls.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
    }

    @Test
    void identityApiMayPutAndGetTheBucketsObjectsAndInvokeOnlyItself() {
        JsonNode files = statements.get("ImportFiles");
        assertThat(actions(files)).containsExactlyInAnyOrder("s3:PutObject", "s3:GetObject");
        assertThat(files.path("Resource").toString()).contains("${ImportBucket.Arn}/*");
        for (var statement : statements.entrySet()) {
            if (!statement.getKey().equals("ImportFiles")) {
                assertThat(actions(statement.getValue())).as(statement.getKey()).noneMatch(a -> a.startsWith("s3:"));
            }
        }

        JsonNode run = statements.get("RunImportJobs");
        assertThat(actions(run)).containsExactly("lambda:InvokeFunction");
        assertThat(run.path("Resource").toString())
                .contains(":function:${AWS::StackName}-IdentityApiFunction-*").doesNotContain("function:*");
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
