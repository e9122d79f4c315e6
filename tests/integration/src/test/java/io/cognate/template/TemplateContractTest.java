package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.config.CognateConfig;
import io.cognate.config.PowertoolsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The template's promises to the code: handlers exist, configuration is complete, IAM is tight. */
class TemplateContractTest {
    private static JsonNode template;
    private static Map<String, JsonNode> functions;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
        functions = SamTemplate.resources(template, "AWS::Serverless::Function");
    }

    @Test
    void everyHandlerIsAClassOfItsOwnModule() {
        assertThat(functions).isNotEmpty();
        functions.forEach((name, function) -> {
            JsonNode properties = function.path("Properties");
            String codeUri = properties.path("CodeUri").asText();
            String handler = properties.path("Handler").asText();
            assertThat(codeUri).as(name).matches("functions/[a-z-]+/target/[a-z-]+-[0-9A-Za-z.-]+-lambda\\.jar");
            String module = codeUri.split("/")[1];
            String className = handler.substring(0, handler.indexOf("::"));
            Path classFile = Path.of("..", "..", "functions", module, "target", "classes", className.replace('.', '/') + ".class");
            assertThat(classFile).as(name + " handler in " + module).exists();
            // Each handler is a RequestHandler whose method takes its event type and the Lambda Context.
            String method = handler.substring(handler.indexOf("::") + 2);
            assertThatCode(() -> {
                Class<?> type = Class.forName(className);
                assertThat(com.amazonaws.services.lambda.runtime.RequestHandler.class).isAssignableFrom(type);
                assertThat(type.getMethods()).as(name + " has " + method + "(event, Context)")
                        .anySatisfy(m -> {
                            assertThat(m.getName()).isEqualTo(method);
                            assertThat(m.getParameterTypes()).hasSize(2);
                            assertThat(m.getParameterTypes()[1]).isEqualTo(Context.class);
                        });
            }).as(name).doesNotThrowAnyException();
        });
    }

    @Test
    void everyFunctionGetsTheConfigurationItsCodeRequires() {
        functions.forEach((name, function) -> {
            Map<String, String> env = new HashMap<>();
            env.put(CognateConfig.REGION, "us-east-1"); // set by Lambda itself
            template.path("Globals").path("Function").path("Environment").path("Variables").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), deployedValue(e.getValue())));
            function.path("Properties").path("Environment").path("Variables").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), deployedValue(e.getValue())));
            assertThatCode(() -> CognateConfig.from(env)).as(name).doesNotThrowAnyException();
            assertThat(env).as(name + " must not point at local endpoints")
                    .doesNotContainKeys(CognateConfig.DYNAMODB_ENDPOINT, CognateConfig.KMS_ENDPOINT,
                            CognateConfig.EVENTBRIDGE_ENDPOINT);
        });
    }

    /**
     * What a variable holds once deployed, as far as the template alone tells: a parameter's
     * default for {@code !Ref Parameter}, the literal for plain values, and for anything computed
     * at deploy time (a resource id, a substitution) a stand-in string.
     */
    private static String deployedValue(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        JsonNode parameter = template.path("Parameters").path(value.path("Ref").asText());
        if (value.has("Ref") && parameter.has("Default")) {
            return parameter.path("Default").asText();
        }
        return value.toString();
    }

    @Test
    void everyTableTheCodeUsesIsDefinedByTheTemplate() throws IOException {
        JsonNode variables = template.path("Globals").path("Function").path("Environment").path("Variables");
        List<JsonNode> tableNames = new ArrayList<>();
        for (String type : List.of("AWS::DynamoDB::GlobalTable", "AWS::DynamoDB::Table")) {
            SamTemplate.resources(template, type).values().forEach(t -> tableNames.add(t.path("Properties").path("TableName")));
        }
        for (String variable : List.of(CognateConfig.DIRECTORY_TABLE, CognateConfig.SESSIONS_TABLE, CognateConfig.CONTROL_TABLE)) {
            assertThat(tableNames).as(variable).contains(variables.path(variable));
        }
    }

    @Test
    void functionPoliciesNameActionsAndResourcesExactly() {
        functions.forEach((name, function) -> {
            for (JsonNode policy : function.path("Properties").path("Policies")) {
                for (JsonNode statement : SamTemplate.statements(policy)) {
                    List<String> actions = new ArrayList<>();
                    JsonNode action = statement.path("Action");
                    if (action.isArray()) {
                        action.forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(action.asText());
                    }
                    assertThat(actions).as(name + " " + statement.path("Sid").asText())
                            .isNotEmpty().allSatisfy(a -> assertThat(a).doesNotContain("*"));
                    assertThat(statement.path("Resource").isMissingNode()).as(name).isFalse();
                    // X-Ray's write actions have no resource-level permissions: "*" is allowed there only.
                    if (!X_RAY_WRITES.containsAll(actions)) {
                        assertThat(statement.path("Resource").asText()).as(name).isNotEqualTo("*");
                    }
                }
            }
        });
    }

    private static final java.util.Set<String> X_RAY_WRITES =
            java.util.Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    @Test
    void everyFunctionIsTracedAndMayWriteItsTraces() {
        assertThat(template.path("Globals").path("Function").path("Tracing").asText()).isEqualTo("Active");
        functions.forEach((name, function) -> {
            List<String> granted = new ArrayList<>();
            for (JsonNode policy : function.path("Properties").path("Policies")) {
                for (JsonNode statement : SamTemplate.statements(policy)) {
                    statement.path("Action").forEach(a -> granted.add(a.asText()));
                }
            }
            assertThat(granted).as(name).containsAll(X_RAY_WRITES);
        });
    }

    @Test
    void onlyIdentityApiHasTheIdempotencyTableAndItIsDefinedWithTtl() {
        JsonNode table = template.path("Resources").path("IdempotencyTable");
        assertThat(table.path("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.path("Properties").path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo("ttl");
        functions.forEach((name, function) -> {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            String policies = function.path("Properties").path("Policies").toString();
            if (name.equals("IdentityApiFunction")) {
                assertThat(variables.path(PowertoolsConfig.IDEMPOTENCY_TABLE).path("Ref").asText()).isEqualTo("IdempotencyTable");
                assertThat(policies).contains("IdempotencyTable");
            } else {
                assertThat(variables.has(PowertoolsConfig.IDEMPOTENCY_TABLE)).as(name).isFalse();
                assertThat(policies).as(name).doesNotContain("IdempotencyTable");
            }
            assertThat(function.path("Properties").path("Environment").path("Variables")
                    .path(PowertoolsConfig.SERVICE_NAME).asText()).as(name).startsWith("cognate-");
        });
        JsonNode globals = template.path("Globals").path("Function").path("Environment").path("Variables");
        assertThat(globals.has(PowertoolsConfig.METRICS_NAMESPACE)).isTrue();
        assertThat(globals.has("POWERTOOLS_LOG_LEVEL")).isTrue();
    }

    /** ListUserPoolClients queries the Directory's CLIENTS partition; ListUsers scans the table. */
    @Test
    void identityApiMayQueryAndScanTheDirectory() {
        List<String> granted = new ArrayList<>();
        for (JsonNode policy : functions.get("IdentityApiFunction").path("Properties").path("Policies")) {
            for (JsonNode statement : SamTemplate.statements(policy)) {
                if (statement.path("Resource").toString().contains("-directory")) {
                    statement.path("Action").forEach(a -> granted.add(a.asText()));
                }
            }
        }
        assertThat(granted).contains("dynamodb:Query", "dynamodb:Scan");
    }

    @Test
    void secretsNeverSitInTheTemplate() throws IOException {
        String text = Files.readString(SamTemplate.TEMPLATE).toLowerCase();
        assertThat(text).doesNotContain("password:").doesNotContain("secret:");
    }
}
