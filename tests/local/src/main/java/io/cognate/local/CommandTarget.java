package io.cognate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Deque;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Where an operator command acts: the running local stack's leading region
 * ({@code --local [FRONT_DOOR_URL]}) or a deployment's region ({@code --region R --env E}, plus
 * {@code --data-key-id ID} for a command that seals or opens a secret). One parser for the
 * commands that write the Directory or Control tables directly (admin-key, import, legacy-pool,
 * write-forwarding, conflicts).
 */
record CommandTarget(String region, String directoryTable, String controlTable, String dataKeyId,
                     Optional<URI> dynamoDbEndpoint, Optional<URI> kmsEndpoint) {
    static final String LOCAL_FRONT_DOOR = "http://127.0.0.1:8080";

    /** The target's flags as a command reads its arguments. */
    static final class Flags {
        private String region;
        private String env;
        private String dataKeyId;
        private String localFrontDoor;

        /**
         * Takes {@code arg}, and its value from {@code rest}, when it is one of the target's flags;
         * false when it is not (the command reads it itself).
         */
        boolean take(String arg, Deque<String> rest) {
            switch (arg) {
                case "--local" -> localFrontDoor =
                        rest.isEmpty() || rest.peekFirst().startsWith("--") ? LOCAL_FRONT_DOOR : rest.pollFirst();
                case "--region" -> region = rest.pollFirst();
                case "--env" -> env = rest.pollFirst();
                case "--data-key-id" -> dataKeyId = rest.pollFirst();
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Exactly one of the local stack or a whole deployment: region and env, and the data key if {@code needsDataKey}. */
        boolean complete(boolean needsDataKey) {
            boolean deployment = region != null && env != null && (!needsDataKey || dataKeyId != null);
            return (localFrontDoor != null) != deployment;
        }

        boolean local() {
            return localFrontDoor != null;
        }

        /** The local stack's pool id, from its /_local/config (a deployment's comes from {@code --user-pool-id}). */
        String localUserPoolId() throws Exception {
            return localConfig(localFrontDoor).path("userPoolId").asText();
        }

        /** The target named; call after {@link #complete}. */
        CommandTarget target() throws Exception {
            return localFrontDoor != null ? CommandTarget.local(localFrontDoor)
                    : new CommandTarget(region, deploymentTable("directory"), deploymentTable("control"),
                            dataKeyId == null ? "" : dataKeyId, Optional.empty(), Optional.empty());
        }

        /** A deployment's table by its template name ({@code cognate-<env>-<name>}); call after {@link #complete}, not for the local stack. */
        String deploymentTable(String name) {
            if (env == null) {
                throw new IllegalStateException("no deployment named (--env)");
            }
            return "cognate-" + env + "-" + name;
        }
    }

    /** The running local stack's leading region, as its /_local/config describes it. */
    static CommandTarget local(String frontDoor) throws Exception {
        JsonNode config = localConfig(frontDoor);
        String active = config.path("activeRegion").asText();
        for (JsonNode region : config.path("regions")) {
            if (region.path("name").asText().equals(active)) {
                return new CommandTarget(active, config.path("directoryTable").asText(),
                        config.path("controlTable").asText(), config.path("dataKeyId").asText(),
                        Optional.of(URI.create(region.path("dynamoDbEndpoint").asText())),
                        Optional.of(URI.create(region.path("kmsEndpoint").asText())));
            }
        }
        throw new IllegalStateException("the local stack at " + frontDoor + " names no leading region");
    }

    /** The running local stack's /_local/config. */
    static JsonNode localConfig(String frontDoor) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(frontDoor + "/_local/config")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body());
        }
    }

    Clients clients() {
        AwsCredentialsProvider credentials = dynamoDbEndpoint.isPresent()
                ? LocalCredentials.PROVIDER : DefaultCredentialsProvider.builder().build();
        var http = UrlConnectionHttpClient.create();
        var dynamo = DynamoDbClient.builder().region(Region.of(region)).credentialsProvider(credentials).httpClient(http);
        dynamoDbEndpoint.ifPresent(dynamo::endpointOverride);
        var kms = KmsClient.builder().region(Region.of(region)).credentialsProvider(credentials).httpClient(http);
        kmsEndpoint.ifPresent(kms::endpointOverride);
        return new Clients(this, dynamo.build(), kms.build());
    }

    /** The SDK clients of one run, closed when it ends. */
    record Clients(CommandTarget target, DynamoDbClient dynamo, KmsClient kms) implements AutoCloseable {
        @Override
        public void close() {
            dynamo.close();
            kms.close();
        }
    }
}
