package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.conflicts.SecretAttributes;
import io.cognate.local.ConflictsCommand;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.conflicts.LocalConflicts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The conflicts the running local stack found, where an operator and a chaos run read them:
 * {@code ./cognate conflicts --local}, {@code GET /_local/conflicts} and the status page's JSON.
 * The conflict is handed to the stack's detector as a stream record would be (a stale leader's
 * copy of an item applied over the promoted leader's), so the shared stack is not split.
 */
@ExtendWith(ConflictsCommandTest.Stack.class)
class ConflictsCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCognate stack;
    private static String pk;
    private static final String HELD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$aGVsZA$" + UUID.randomUUID();
    private static final String INCOMING_HASH = "$argon2id$v=19$m=19456,t=2,p=1$aW5jb21pbmc$" + UUID.randomUUID();

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void oneConflictFound() {
        pk = "USER#" + UUID.randomUUID();
        // us-east-1's copy replicated to eu-west-1 over the one eu-west-1 held, as the replicator tells it.
        // Epochs far above the stack's: no region leads at them, so the record waits, and nothing is written.
        stack.conflicts().applied("eu-west-1", LocalRegion.TABLES.directory(), image(pk, 1_000_001, "eu-west-1", HELD_HASH),
                image(pk, 1_000_000, "us-east-1", INCOMING_HASH));
        // The record is written in eu-west-1; the command reads the leading region's copy.
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(30))).as("conflict record replicated").isTrue();
    }

    private static Map<String, AttributeValue> image(String pk, long epoch, String writer, String hash) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("PROFILE"),
                "version", AttributeValue.fromN("4"), "epoch", AttributeValue.fromN(Long.toString(epoch)),
                "writerRegion", AttributeValue.fromS(writer), "username", AttributeValue.fromS("conflicted-" + writer),
                "passwordHash", AttributeValue.fromS(hash));
    }

    @Test
    void theCommandListsTheConflictWithoutSecrets() throws Exception {
        CommandRuns.Run listed = CommandRuns.run(ConflictsCommand::run, "--local", stack.frontDoorEndpoint().toString());
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(pk).contains("STALE_LEADER_WRITE").contains("conflicted-us-east-1")
                .contains("eu-west-1@epoch1000001/v4").contains(SecretAttributes.REDACTED)
                .doesNotContain(HELD_HASH).doesNotContain(INCOMING_HASH);

        CommandRuns.Run json = CommandRuns.run(ConflictsCommand::run, "--json", "--local", stack.frontDoorEndpoint().toString());
        JsonNode records = JSON.readTree(json.out());
        assertThat(records.findValuesAsText("pk")).contains(pk);
    }

    @Test
    void theCommandRefusesAnIncompleteTarget() throws Exception {
        assertThat(CommandRuns.run(ConflictsCommand::run, "--region", "eu-west-1").exit()).isEqualTo(2);
        assertThat(CommandRuns.run(ConflictsCommand::run, "--limit", "0", "--local").exit()).isEqualTo(2);
    }

    @Test
    void theLocalEndpointCountsAndListsIt() throws Exception {
        JsonNode answer = get(LocalConflicts.PATH);
        assertThat(answer.path("detected").asLong()).isPositive();
        JsonNode conflict = null;
        for (JsonNode record : answer.path("conflicts")) {
            if (record.path("pk").asText().equals(pk)) {
                conflict = record;
            }
        }
        assertThat(conflict).isNotNull();
        assertThat(conflict.path("status").asText()).isEqualTo("PENDING");
        assertThat(conflict.path("winner").path("writerRegion").asText()).isEqualTo("eu-west-1");
        assertThat(conflict.path("loser").path("attributes").path("passwordHash").asText()).isEqualTo(SecretAttributes.REDACTED);
        assertThat(answer.toString()).doesNotContain(HELD_HASH).doesNotContain(INCOMING_HASH);
    }

    @Test
    void theStatusPageShowsIt() throws Exception {
        JsonNode status = get("/_local/status.json");
        assertThat(status.path("conflicts").findValuesAsText("item")).contains(pk + " / PROFILE");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.frontDoorEndpoint().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
