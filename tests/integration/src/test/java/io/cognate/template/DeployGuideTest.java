package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md and the files its commands use: no item is written by hand, the first admin key
 * comes from {@code ./cognate admin-key}, the first app client from CreateUserPoolClient, the
 * switchover event matches the rule the template sets up, and the guide names every parameter a
 * deployment must give.
 */
class DeployGuideTest {
    private static final Path GUIDE = Path.of("..", "..", "docs", "deploy.md");
    private static final Path FILES = Path.of("..", "..", "docs", "deploy");
    private static final Path MODEL = Path.of("..", "..", "functions", "identity-api", "src", "main", "resources", "io",
            "cognate", "identity", "cognito-idp-model.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * No item is written by hand: the leader record is made by the primary's scheduled check
     * (FailoverWatchTest), the first admin key by {@code ./cognate admin-key}, whose flags the
     * guide's command gives, and the first app client by CreateUserPoolClient (below).
     */
    @Test
    void theGuideWritesNoItemByHandAndIssuesTheFirstKeyWithTheCommand() throws IOException {
        String guide = Files.readString(GUIDE);
        assertThat(guide).doesNotContain("put-item");
        assertThat(guide).contains("./cognate admin-key create --region $PRIMARY --env $ENV --data-key-id");
        assertThat(Files.readString(Path.of("..", "..", "cognate"))).contains("admin-key)");
    }

    /**
     * The first app client is made with CreateUserPoolClient: every option the guide's commands
     * give is a member of the operation's request in Cognito's model (or one of the CLI's own).
     */
    @Test
    void theGuideCreatesTheFirstClientWithCognitosOperation() throws IOException {
        String guide = Files.readString(GUIDE);
        JsonNode members = JSON.readTree(Files.readString(MODEL)).path("shapes").path("CreateUserPoolClientRequest")
                .path("members");
        int start = guide.indexOf("aws cognito-idp create-user-pool-client");
        assertThat(start).as("the guide creates the client with the Cognito CLI").isNotNegative();
        String command = guide.substring(start, guide.indexOf("--output text)", start));
        assertThat(command).contains("--endpoint-url", "--user-pool-id", "--client-name");
        var options = java.util.regex.Pattern.compile("--([a-z-]+)").matcher(command);
        while (options.find()) {
            String option = options.group(1);
            if (List.of("profile", "region", "endpoint-url", "query", "output").contains(option)) {
                continue;
            }
            String member = java.util.Arrays.stream(option.split("-"))
                    .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                    .collect(java.util.stream.Collectors.joining());
            assertThat(members.has(member)).as("--%s is CreateUserPoolClient's %s", option, member).isTrue();
        }
        assertThat(guide).doesNotContain("put-item --region $PRIMARY --table-name cognate-$ENV-directory");
    }

    @Test
    void theSwitchoverEventIsTheOneTheWatchRuleMatches() throws IOException {
        JsonNode entry = JSON.readTree(Files.readString(FILES.resolve("switchover.json"))).get(0);
        JsonNode pattern = SamTemplate.load().path("Resources").path("HealthWatchFunction").path("Properties")
                .path("Events").path("SwitchoverRequested").path("Properties").path("Pattern");
        assertThat(entry.path("Source").asText()).isEqualTo(pattern.path("source").get(0).asText());
        assertThat(entry.path("DetailType").asText()).isEqualTo(pattern.path("detail-type").get(0).asText());
        assertThat(JSON.readTree(entry.path("Detail").asText()).path("to").asText()).isEqualTo("TARGET_REGION");
    }

    @Test
    void theRecordChangeIsARoute53ChangeBatch() throws IOException {
        JsonNode change = JSON.readTree(Files.readString(FILES.resolve("record.json"))).path("Changes").get(0);
        assertThat(change.path("Action").asText()).isEqualTo("UPSERT");
        JsonNode set = change.path("ResourceRecordSet");
        assertThat(set.path("Type").asText()).isEqualTo("CNAME");
        assertThat(set.path("TTL").asInt()).isPositive();
        assertThat(set.path("ResourceRecords").get(0).path("Value").asText()).isEqualTo("REGION_TARGET");
        JsonNode policy = JSON.readTree(JSON.readTree(Files.readString(FILES.resolve("code-queue-policy.json")))
                .path("Policy").asText());
        assertThat(policy.path("Statement").get(0).path("Action").asText()).isEqualTo("sqs:SendMessage");
    }

    @Test
    void theGuideNamesEveryRequiredParameterAndEveryFileItUses() throws IOException {
        String guide = Files.readString(GUIDE);
        JsonNode parameters = SamTemplate.load().path("Parameters");
        parameters.fields().forEachRemaining(p -> {
            if (!p.getValue().has("Default")) {
                assertThat(guide).as("required parameter " + p.getKey()).contains(p.getKey() + "=");
            }
        });
        try (Stream<Path> files = Files.list(FILES)) {
            files.forEach(f -> assertThat(guide).as(f.toString()).contains("docs/deploy/" + f.getFileName()));
        }
        for (String env : List.of("--config-env primary", "--config-env secondary")) {
            assertThat(guide).contains("sam deploy " + env);
        }
        assertThat(Files.readString(Path.of("..", "..", "README.md"))).contains("docs/deploy.md");
    }
}
