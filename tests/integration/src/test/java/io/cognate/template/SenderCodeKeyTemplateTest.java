package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.domain.triggers.SenderCodes;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The identity API may encrypt custom sender codes under the one key the deployment names, for this
 * pool's encryption context only, and may not decrypt them; with no key named it has no grant.
 */
class SenderCodeKeyTemplateTest {
    @Test
    void generatesDataKeysUnderTheNamedKeyForThisPoolOnly() throws IOException {
        JsonNode template = SamTemplate.load();
        JsonNode identityApi = SamTemplate.resources(template, "AWS::Serverless::Function").get("IdentityApiFunction");
        JsonNode conditional = null;
        for (JsonNode policy : identityApi.path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                if (statement.path("Fn::If").path(1).path("Sid").asText().equals("EncryptSenderCodes")) {
                    conditional = statement.path("Fn::If");
                }
            }
        }
        assertThat(conditional).as("EncryptSenderCodes, granted only under a condition").isNotNull();
        assertThat(conditional.path(0).asText()).isEqualTo("HasSenderCodeKey");
        assertThat(conditional.path(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
        assertThat(template.path("Conditions").path("HasSenderCodeKey").toString()).contains("SenderCodeKeyId");

        JsonNode statement = conditional.path(1);
        assertThat(statement.path("Action").asText()).isEqualTo("kms:GenerateDataKey");
        assertThat(statement.path("Resource").path("Fn::Sub").asText())
                .isEqualTo("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${SenderCodeKeyId}");
        assertThat(statement.path("Condition").path("StringEquals")
                .path("kms:EncryptionContext:" + SenderCodes.USER_POOL_CONTEXT_KEY).path("Ref").asText())
                .isEqualTo("UserPoolId");
        assertThat(template.path("Parameters").path("SenderCodeKeyId").path("Default").asText()).isEmpty();
    }
}
