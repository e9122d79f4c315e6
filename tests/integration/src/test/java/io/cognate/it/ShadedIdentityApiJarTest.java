package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.bench.ChildJvm;
import io.cognate.bench.IdentityApiColdStartDriver;
import io.cognate.config.CognateConfig;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * identity-api's deployment package, on its own in a fresh JVM as Lambda runs it, answers a real
 * GetUser against the local stack, and writes its log lines as JSON objects with Powertools' keys
 * through the shared JSON-lines backend ({@code io.cognate.adapters.logging}): no log4j in the jar,
 * whose shaded copy found none of its plugins and wrote plain text. Nothing secret in any line.
 */
@ExtendWith(ShadedIdentityApiJarTest.Stack.class)
class ShadedIdentityApiJarTest {
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static Path jar() throws Exception {
        return jar("identity-api");
    }

    private static Path jar(String function) throws Exception {
        Path target = ROOT.resolve("functions/" + function + "/target");
        assumeTrue(Files.isDirectory(target), function + " has not been packaged (run mvn verify / ./cognate test)");
        try (var files = Files.list(target)) {
            var jar = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst();
            assumeTrue(jar.isPresent(), function + " has not been packaged (run mvn verify / ./cognate test)");
            return jar.get();
        }
    }

    /** health-check's jar is built the same way: the JSON-lines backend registered, no log4j. */
    @Test
    void theHealthCheckJarRegistersTheJsonLinesBackendAndCarriesNoLog4j() throws Exception {
        try (ZipFile zip = new ZipFile(jar("health-check").toFile())) {
            assertThat(zip.stream().map(entry -> entry.getName()))
                    .noneMatch(name -> name.startsWith("org/apache/logging/log4j/"));
            String providers = new String(zip.getInputStream(zip.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertThat(providers).isEqualTo("io.cognate.adapters.logging.JsonLineServiceProvider");
            assertThat(zip.getEntry("io/cognate/adapters/logging/JsonLineServiceProvider.class")).isNotNull();
        }
    }

    /** What template.yaml gives identity-api, the AWS endpoints pointed at the stack's primary region. */
    private static Map<String, String> environment(LocalRegion region) {
        CognateConfig config = region.services().config();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put(CognateConfig.REGION, region.name());
        env.put(CognateConfig.USER_POOL_ID, config.userPoolId());
        env.put(CognateConfig.ISSUER, config.issuer());
        env.put(CognateConfig.DIRECTORY_TABLE, config.directoryTable());
        env.put(CognateConfig.SESSIONS_TABLE, config.sessionsTable());
        env.put(CognateConfig.CONTROL_TABLE, config.controlTable());
        env.put(CognateConfig.LOCKOUT_TABLE, config.lockoutTable());
        env.put(CognateConfig.SIGNING_KEY_ID, config.signingKeyId());
        env.put(CognateConfig.DATA_KEY_ID, config.dataKeyId());
        env.put(CognateConfig.KMS_ENDPOINT, region.kmsEndpoint().toString());
        env.put(CognateConfig.DYNAMODB_ENDPOINT, region.dynamoEndpoint().toString());
        env.put("POWERTOOLS_SERVICE_NAME", "cognate-identity-api");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }

    @Test
    void theLambdaJarAloneAnswersGetUserAndLogsJsonLinesWithoutSecrets() throws Exception {
        Path jar = jar();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.stream().map(entry -> entry.getName()))
                    .as("log4j is left out of the Lambda jar").noneMatch(name -> name.startsWith("org/apache/logging/log4j/"));
        }
        String token = Accounts.signIn(stack, stack.primary(), Accounts.confirmedUser(stack)).accessToken();
        ChildJvm.Run run = ChildJvm.run(List.of(jar.toString(), ROOT.resolve("tests/benchmarks/target/classes").toString()),
                IdentityApiColdStartDriver.class.getName(),
                List.of("GetUser", "{\"AccessToken\":\"" + token + "\"}", "\"Username\""),
                environment(stack.primary()), "ANSWERED");

        assertThat(run.lines()).as(run.errors()).contains("ANSWERED");
        assertThat(run.exitCode()).isZero();
        // A backend was found, and Powertools could set its level through it.
        assertThat(run.errors()).doesNotContain("No SLF4J providers", "No LoggingManager", "SLF4J(W)");
        assertThat(run.lines()).noneMatch(line -> line.contains(token));
        assertThat(run.errors()).doesNotContain(token);

        List<JsonNode> logLines = new ArrayList<>();
        for (String line : run.lines()) {
            if (line.startsWith("{") && !line.startsWith("{\"_aws\"")) {
                logLines.add(JSON.readTree(line));
            }
        }
        // Every line the function wrote is either a JSON log line, an EMF metric or the driver's own.
        assertThat(run.lines()).allMatch(line -> line.startsWith("{") || line.startsWith("phase: ")
                || line.equals("ANSWERED"));
        JsonNode answered = logLines.stream()
                .filter(line -> line.path("message").asText().startsWith("operation=GetUser outcome=ok"))
                .findFirst().orElseThrow(() -> new AssertionError("no GetUser log line in " + run.lines()));
        assertThat(answered.path("level").asText()).isEqualTo("INFO");
        assertThat(answered.path("correlation_id").asText()).isEqualTo("cold-start-1");
        assertThat(answered.path("region").asText()).isEqualTo(stack.primary().name());
        assertThat(answered.path("service").asText()).isEqualTo("cognate-identity-api");
        assertThat(answered.path("cold_start").isBoolean()).isTrue();
        assertThat(answered.path("timestamp").asText()).isNotEmpty();
    }
}
