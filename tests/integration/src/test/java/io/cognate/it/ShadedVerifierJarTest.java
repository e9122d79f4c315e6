package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.bench.ChildJvm;
import io.cognate.bench.ColdStartDriver;
import io.cognate.bench.ColdStartPhases;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The token-verifier's deployment package, on its own in a fresh JVM, as Lambda would run it:
 * it reads its environment, fetches the public key from (local) KMS and authorizes a real token
 * and refuses a forged one. Proves the shade kept every class the function needs, with and
 * without the revocation-check layer, and that the jar stays within its 8 MB budget. Its log
 * lines, written by the jar's own SLF4J backend ({@code io.cognate.adapters.logging}), are JSON
 * objects on the same standard output as the driver's verdicts.
 */
@ExtendWith(ShadedVerifierJarTest.Stack.class)
class ShadedVerifierJarTest {
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final long JAR_BUDGET_BYTES = 8_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static Path jar() throws Exception {
        Path target = ROOT.resolve("functions/token-verifier/target");
        assumeTrue(Files.isDirectory(target), "the token-verifier has not been packaged (run mvn verify / ./cognate test)");
        try (var files = Files.list(target)) {
            var jar = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst();
            assumeTrue(jar.isPresent(), "the token-verifier has not been packaged (run mvn verify / ./cognate test)");
            return jar.get();
        }
    }

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
        env.put(CognateConfig.SIGNING_KEY_ID, config.signingKeyId());
        env.put(CognateConfig.KMS_ENDPOINT, region.kmsEndpoint().toString());
        env.put(CognateConfig.DYNAMODB_ENDPOINT, region.dynamoEndpoint().toString());
        env.put(AuthorizerConfig.CLIENT_IDS, stack.clientId());
        // As template.yaml sets them for every function.
        env.put("POWERTOOLS_SERVICE_NAME", "cognate-token-verifier");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }

    /** The driver's AUTHORIZED / DENIED lines, without the function's log lines and the phase marks. */
    private static List<String> verdicts(ChildJvm.Run run) {
        return run.lines().stream().filter(line -> !line.startsWith("{") && !line.startsWith(ColdStartPhases.PREFIX))
                .toList();
    }

    /** The function's log lines, each parsed as the JSON object it must be. */
    private static List<JsonNode> logLines(ChildJvm.Run run) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : run.lines()) {
            if (line.startsWith("{")) {
                parsed.add(JSON.readTree(line));
            }
        }
        return parsed;
    }

    @Test
    void theLambdaJarAloneAuthorizesRealTokensAndRefusesForgedOnes() throws Exception {
        Path jar = jar();
        assertThat(Files.size(jar)).isLessThanOrEqualTo(JAR_BUDGET_BYTES);
        String token = Accounts.signIn(stack, stack.primary(), Accounts.confirmedUser(stack)).accessToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(342);
        LocalRegion secondary = stack.regions().get(1);
        ChildJvm.Run run = ChildJvm.run(List.of(jar.toString(), ROOT.resolve("tests/benchmarks/target/classes").toString()),
                ColdStartDriver.class.getName(), List.of(token, forged), environment(secondary), "AUTHORIZED");
        assertThat(verdicts(run)).as(run.errors()).containsExactly("AUTHORIZED", "DENIED");
        assertThat(run.exitCode()).isZero();
        assertThat(run.errors()).doesNotContain(token);
        assertThat(run.lines()).noneMatch(line -> line.contains(token) || line.contains(forged));
        // A backend was found, and Powertools could set its level through it.
        assertThat(run.errors()).doesNotContain("No SLF4J providers", "No LoggingManager");

        JsonNode denial = logLines(run).stream()
                .filter(line -> line.path("message").asText().startsWith("authorizer: denied"))
                .findFirst().orElseThrow(() -> new AssertionError("no denial log line in " + run.lines()));
        assertThat(denial.path("level").asText()).isEqualTo("INFO");
        assertThat(denial.path("correlation_id").asText()).isEqualTo(ColdStartDriver.REQUEST_ID_PREFIX + "2");
        assertThat(denial.path("region").asText()).isEqualTo(secondary.name());
        assertThat(denial.path("service").asText()).isEqualTo("cognate-token-verifier");
        assertThat(denial.path("cold_start").isBoolean()).isTrue();
        assertThat(denial.path("timestamp").asText()).isNotEmpty();
    }

    @Test
    void theRevocationCheckNeedsItsLayerAndWorksWithIt() throws Exception {
        Path jar = jar();
        var session = Accounts.signIn(stack, stack.primary(), Accounts.confirmedUser(stack));
        Map<String, String> env = new HashMap<>(environment(stack.primary()));
        env.put(AuthorizerConfig.CHECK_REVOCATION, "true");
        String testClasses = ROOT.resolve("tests/benchmarks/target/classes").toString();

        ChildJvm.Run withoutLayer = ChildJvm.run(List.of(jar.toString(), testClasses), ColdStartDriver.class.getName(),
                List.of(session.accessToken()), env, "AUTHORIZED");
        assertThat(withoutLayer.exitCode()).isNotZero();
        assertThat(withoutLayer.errors()).contains("revocation-check layer");

        var classpath = new ArrayList<String>(List.of(jar.toString()));
        try (var layer = Files.list(ROOT.resolve("functions/token-verifier/target/revocation-layer/java/lib"))) {
            layer.forEach(file -> classpath.add(file.toString()));
        }
        classpath.add(testClasses);
        ChildJvm.Run allowed = ChildJvm.run(classpath, ColdStartDriver.class.getName(), List.of(session.accessToken()), env,
                "AUTHORIZED");
        assertThat(verdicts(allowed)).as(allowed.errors()).containsExactly("AUTHORIZED");

        try (var cognito = TwoRegionStoryTest.cognito(stack.primary())) {
            cognito.globalSignOut(b -> b.accessToken(session.accessToken()));
        }
        ChildJvm.Run denied = ChildJvm.run(classpath, ColdStartDriver.class.getName(), List.of(session.accessToken()), env,
                "AUTHORIZED");
        assertThat(verdicts(denied)).as(denied.errors()).containsExactly("DENIED");
    }
}
