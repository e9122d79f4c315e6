package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.it.PoolUsers;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import io.cognate.local.events.LocalEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fresh local stack for one scenario, on virtual time with the production failover settings
 * (a run a minute, a probe every 10 s, promotion after 3 failures), no scheduler: the scenario
 * runs each region's scheduled check itself, one run per simulated minute.
 */
final class ScenarioStack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Where the next stacks keep their AWS services: empty for in-JVM, else a LocalStack edge endpoint. */
    private static volatile Optional<URI> localStack = Optional.empty();

    final VirtualTime time = new VirtualTime();
    final LocalOptions.Timing timing;
    final LocalCognate stack;
    final PoolUsers users;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    ScenarioStack(String... regions) {
        this(LocalOptions.Timing.production(), regions);
    }

    ScenarioStack(LocalOptions.Timing timing, String... regions) {
        this.timing = timing;
        LocalOptions options = LocalOptions.ephemeral(regions)
                .withTiming(timing)
                .withTime(time, time);
        options = localStack.map(options::withLocalStack).orElse(options);
        this.stack = LocalCognate.start(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        // The scenarios check the write fence (a secondary refuses writes): regions not linked for forwarding.
        this.stack.linkRegionsForWriteForwarding(false);
        this.users = PoolUsers.viaFrontDoor(stack);
    }

    ScenarioStack() {
        this("us-east-1", "eu-west-1");
    }

    /** The LocalStack variants of the scenarios: stacks made from now on use LocalStack at {@code edge}. */
    static void useLocalStack(URI edge) {
        localStack = Optional.of(edge);
    }

    /** Stacks made from now on use the in-JVM services again. */
    static void useInJvm() {
        localStack = Optional.empty();
    }

    LocalRegion region(String name) {
        return stack.region(name);
    }

    /** One scheduled run of {@code region}'s health-check; the clock then moves on to the next run. */
    Map<String, Object> runCheck(String region) {
        Instant start = time.instant();
        Map<String, Object> summary = stack.runScheduledCheck(region);
        time.advanceTo(start.plus(timing.schedule()));
        return summary;
    }

    void awaitReplicated() {
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(30))).as("replication caught up").isTrue();
    }

    /**
     * Waits until the regions that are up have exchanged every write: the replicator's own wait
     * refuses while a region is down, so this waits for a marker written now in every up region.
     */
    void awaitReplicatedExcept(String downRegion) throws InterruptedException {
        String marker = "probe-" + java.util.UUID.randomUUID();
        List<LocalRegion> up = stack.regions().stream().filter(r -> !r.name().equals(downRegion)).toList();
        for (LocalRegion region : up) {
            region.services().clients().dynamoDb().putItem(b -> b.tableName(LocalRegion.TABLES.control()).item(Map.of(
                    "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(marker + "#" + region.name()),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROBE"))));
        }
        for (int attempt = 0; attempt < 300; attempt++) {
            boolean everywhere = up.stream().allMatch(reader -> up.stream().allMatch(writer -> reader.services().clients()
                    .dynamoDb().getItem(b -> b.tableName(LocalRegion.TABLES.control()).consistentRead(true).key(Map.of(
                            "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(marker + "#" + writer.name()),
                            "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROBE")))).hasItem()));
            if (everywhere) {
                return;
            }
            Thread.sleep(100); // polling replication, bounded to 30 s
        }
        throw new AssertionError("replication between " + up + " did not catch up in 30 s");
    }

    /** The failover events published so far, oldest first. */
    List<LocalEvent> failoverEvents() {
        return stack.eventBridge().events().stream().filter(e -> "cognate.failover".equals(e.source())).toList();
    }

    /** A client of one region's own endpoint, bypassing the front door. */
    PoolUsers usersAt(String region) {
        LocalRegion r = stack.region(region);
        return new PoolUsers(stack, r.endpoint(), r.name());
    }

    JsonNode health(String region) throws Exception {
        return JSON.readTree(get(stack.region(region).endpoint().resolve("/health")).body());
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        users.close();
        stack.close();
    }
}
