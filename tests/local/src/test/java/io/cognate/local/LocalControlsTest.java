package io.cognate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.config.FailoverSettings;
import io.cognate.local.gateway.FrontDoor;
import io.cognate.ports.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local stack's failure switches and switchover over HTTP, and a front door that follows the DNS record. */
class LocalControlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static final SteppedClock CLOCK = new SteppedClock();
    private static LocalCognate stack;

    /** Real time, which the test moves on past a health verdict's lifetime where it needs a fresh check. */
    private static final class SteppedClock extends Clock {
        private final AtomicLong offsetNanos = new AtomicLong();

        void step(Duration by) {
            offsetNanos.addAndGet(by.toNanos());
        }

        @Override
        public Instant instant() {
            return Instant.now().plusNanos(offsetNanos.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @BeforeAll
    static void start() {
        stack = LocalCognate.start(LocalOptions.ephemeral().withTime(CLOCK, Sleeper.system()),
                new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
    }

    /** /health reuses its verdict for a few seconds; past that, it checks again. */
    private static HttpResponse<String> freshHealth(URI endpoint) throws Exception {
        CLOCK.step(FailoverSettings.MAX_HEALTH_VERDICT_LIFETIME);
        return get(endpoint.resolve("/health"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.frontDoorEndpoint().resolve(path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode config() throws Exception {
        return JSON.readTree(get(stack.frontDoorEndpoint().resolve("/_local/config")).body());
    }

    @Test
    void switchesAnswerAndShowInTheConfig() throws Exception {
        assertThat(post("/_local/regions/eu-west-1/kms", "{\"failing\": true}").statusCode()).isEqualTo(200);
        JsonNode westHealth = JSON.readTree(freshHealth(stack.region("eu-west-1").endpoint()).body());
        assertThat(westHealth.path("status").asText()).isEqualTo("unhealthy");
        assertThat(westHealth.path("checks").path("kms").path("ok").asBoolean()).isFalse();
        assertThat(config().path("regions").get(1).path("kmsFailing").asBoolean()).isTrue();
        post("/_local/regions/eu-west-1/kms", "{\"failing\": false}");

        assertThat(post("/_local/regions/eu-west-1/outage", "{\"down\": true}").statusCode()).isEqualTo(200);
        assertThat(get(stack.region("eu-west-1").endpoint().resolve("/health")).statusCode()).isEqualTo(503);
        assertThat(config().path("regions").get(1).path("down").asBoolean()).isTrue();
        assertThat(stack.replication().isRegionDown("eu-west-1")).isTrue();
        post("/_local/regions/eu-west-1/outage", "{\"down\": false}");
        assertThat(freshHealth(stack.region("eu-west-1").endpoint()).statusCode()).isEqualTo(200);

        HttpResponse<String> replication = post("/_local/replication", "{\"paused\": true, \"lagMs\": 250}");
        assertThat(JSON.readTree(replication.body()).path("lagMs").asLong()).isEqualTo(250);
        assertThat(config().path("replication").path("paused").asBoolean()).isTrue();
        post("/_local/replication", "{\"paused\": false, \"lagMs\": 0}");
        assertThat(stack.replication().isPaused()).isFalse();
        assertThat(CONSOLE.toString(StandardCharsets.UTF_8)).contains("region eu-west-1 is DOWN").contains("replication PAUSED");
    }

    @Test
    void badRequestsAreRefusedPlainly() throws Exception {
        assertThat(post("/_local/regions/mars-north-1/outage", "{\"down\": true}").statusCode()).isEqualTo(404);
        assertThat(post("/_local/regions/eu-west-1/meteor", "{\"down\": true}").statusCode()).isEqualTo(404);
        assertThat(post("/_local/regions/eu-west-1/outage", "{\"down\": \"yes\"}").statusCode()).isEqualTo(400);
        assertThat(post("/_local/regions/eu-west-1/outage", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/_local/replication", "{\"lagMs\": -5}").statusCode()).isEqualTo(400);
        assertThat(post("/_local/switchover", "{\"to\": \"nowhere\"}").statusCode()).isEqualTo(400);
        assertThat(get(stack.frontDoorEndpoint().resolve("/_local/switchover")).statusCode()).isEqualTo(405);
        assertThat(stack.isDown("eu-west-1")).isFalse();
    }

    @Test
    void theLegacyPoolIsSetAndClearedWithNoSecretEchoedOrPrinted() throws Exception {
        String body = "{\"endpoint\": \"http://127.0.0.1:8090\", \"region\": \"us-east-1\", "
                + "\"userPoolId\": \"us-east-1_Legacy1\", \"clientId\": \"legacyclient\", "
                + "\"clientSecret\": \"client-secret-not-to-show\", \"accessKeyId\": \"CGNLEGACYKEY\", "
                + "\"secretAccessKey\": \"key-secret-not-to-show\"}";
        HttpResponse<String> set = post("/_local/migration", body);

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("us-east-1_Legacy1").contains("\"clientSecret\":\"sealed\"")
                .doesNotContain("client-secret-not-to-show").doesNotContain("key-secret-not-to-show");
        var stored = stack.region(stack.activeRegion()).services().poolSettings().fresh().legacyPool().orElseThrow();
        assertThat(stored.userPoolId()).isEqualTo("us-east-1_Legacy1");
        assertThat(stored.sealedClientSecret()).hasValueSatisfying(
                sealed -> assertThat(sealed).doesNotContain("client-secret-not-to-show"));
        assertThat(CONSOLE.toString(StandardCharsets.UTF_8)).contains("moved in from the legacy pool us-east-1_Legacy1")
                .doesNotContain("client-secret-not-to-show").doesNotContain("key-secret-not-to-show");

        assertThat(post("/_local/migration", "{\"region\": \"us-east-1\", \"userPoolId\": \"us-east-1_L1\"}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/_local/migration", "{\"region\": \"mars\", \"userPoolId\": \"us-east-1_L1\", "
                + "\"clientId\": \"c\"}").statusCode()).isEqualTo(400);
        assertThat(post("/_local/migration", "{\"region\": \"us-east-1\", \"userPoolId\": \"us-east-1_L1\", "
                + "\"clientId\": \"c\", \"accessKeyId\": \"K\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> cleared = post("/_local/migration", "{}");
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(stack.region(stack.activeRegion()).services().poolSettings().fresh().legacyPool()).isEmpty();
    }

    @Test
    void aSwitchoverMovesTheRecordAndTheFrontDoorFollowsIt() throws Exception {
        HttpResponse<String> answer = post("/_local/switchover", "{\"to\": \"eu-west-1\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(answer.body());
        assertThat(result.path("regions").path("us-east-1").path("outcome").asText()).isEqualTo("FENCED");
        assertThat(result.path("regions").path("eu-west-1").path("outcome").asText()).isEqualTo("PROMOTED");
        assertThat(result.path("trafficRegion").asText()).isEqualTo("eu-west-1");

        HttpResponse<String> health = freshHealth(stack.frontDoorEndpoint());
        assertThat(health.headers().firstValue(FrontDoor.UPSTREAM_HEADER)).contains(stack.region("eu-west-1").endpoint().toString());
        assertThat(JSON.readTree(health.body()).path("role").asText()).isEqualTo("primary");
        // us-east-1 reads its role from its own copy of the leader record, which replicates.
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(30))).isTrue();
        JsonNode config = config();
        assertThat(config.path("epoch").asLong()).isEqualTo(3);
        assertThat(config.path("regions").get(0).path("role").asText()).isEqualTo("secondary");

        post("/_local/switchover", "{\"to\": \"us-east-1\"}");
        assertThat(stack.trafficRegion()).contains("us-east-1");
        assertThat(stack.activeRegion()).isEqualTo("us-east-1");
    }
}
