package io.cognate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.aws.DynamoDbAdminKeys;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.domain.admin.AdminKey;
import io.cognate.domain.admin.AdminKeyIssuance;
import io.cognate.domain.admin.AdminKeyPolicy;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code ./cognate admin-key create|list|revoke}: issues, lists and revokes the admin access keys
 * that sign Admin and management calls, talking to one region's Directory and Control tables
 * and data key directly, so it works before any key exists (the deployment's first key is made
 * this way). Writes are fenced like every Directory write: run them against the leading region.
 *
 * <pre>
 * ./cognate admin-key create [--read-only] [--description TEXT] TARGET
 * ./cognate admin-key list TARGET
 * ./cognate admin-key revoke KEY_ID TARGET
 * TARGET: --local [http://127.0.0.1:8080]           (the running local stack's primary)
 *       | --region R --env ENV --data-key-id ID      (a deployment: tables cognate-ENV-directory/-control)
 * </pre>
 */
public final class AdminKeyCommand {
    private static final String USAGE = """
            usage: ./cognate admin-key create [--read-only] [--description TEXT] TARGET
                   ./cognate admin-key list TARGET
                   ./cognate admin-key revoke KEY_ID TARGET
            TARGET: --local [FRONT_DOOR_URL]                    the running local stack (default http://127.0.0.1:8080)
                  | --region REGION --env ENV --data-key-id ID  a deployment's leading region
            """;

    private AdminKeyCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; 0 on success, 1 when refused, 2 on a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Deque<String> rest = new ArrayDeque<>(args);
        String action = rest.pollFirst();
        if (action == null || !List.of("create", "list", "revoke").contains(action)) {
            err.print(USAGE);
            return 2;
        }
        AdminKeyPolicy policy = AdminKeyPolicy.FULL;
        String description = "";
        String keyId = null;
        String localFrontDoor = null;
        String region = null;
        String env = null;
        String dataKeyId = null;
        while (!rest.isEmpty()) {
            String arg = rest.pollFirst();
            switch (arg) {
                case "--read-only" -> policy = AdminKeyPolicy.READ_ONLY;
                case "--description" -> description = Optional.ofNullable(value(rest, arg)).orElse("");
                case "--local" -> localFrontDoor =
                        rest.isEmpty() || rest.peekFirst().startsWith("--") ? "http://127.0.0.1:8080" : rest.pollFirst();
                case "--region" -> region = value(rest, arg);
                case "--env" -> env = value(rest, arg);
                case "--data-key-id" -> dataKeyId = value(rest, arg);
                default -> {
                    if (arg.startsWith("--") || keyId != null) {
                        err.print(USAGE);
                        return 2;
                    }
                    keyId = arg;
                }
            }
        }
        boolean deployment = region != null && env != null && dataKeyId != null;
        if ((localFrontDoor == null) == !deployment || ("revoke".equals(action) != (keyId != null))) {
            err.print(USAGE);
            return 2;
        }
        Target target = localFrontDoor != null ? Target.local(localFrontDoor)
                : new Target(region, "cognate-" + env + "-directory", "cognate-" + env + "-control", dataKeyId,
                        Optional.empty(), Optional.empty());
        try (var clients = target.clients()) {
            var issuance = clients.issuance();
            switch (action) {
                case "create" -> {
                    var issued = issuance.create(policy, description);
                    out.println("AccessKeyId      " + issued.key().keyId());
                    out.println("SecretAccessKey  " + issued.secretAccessKey());
                    out.println("Policy           " + issued.key().policy());
                    out.println("The secret is shown once and stored only sealed; keep it now, e.g.:");
                    out.println("  aws configure set aws_access_key_id " + issued.key().keyId() + " --profile cognate-admin");
                    out.println("  aws configure set aws_secret_access_key <SecretAccessKey> --profile cognate-admin");
                }
                case "list" -> {
                    out.printf("%-22s %-10s %-8s %-26s %s%n", "AccessKeyId", "Policy", "Status", "Created", "Description");
                    for (AdminKey key : issuance.list()) {
                        out.printf("%-22s %-10s %-8s %-26s %s%n", key.keyId(), key.policy(),
                                key.active() ? "Active" : "Revoked", key.createdAt(), key.description());
                    }
                }
                default -> {
                    if (!issuance.revoke(keyId)) {
                        err.println("no active key " + keyId);
                        return 1;
                    }
                    out.println("revoked " + keyId);
                }
            }
            return 0;
        } catch (CognitoException e) {
            err.println(e.type() + ": " + e.getMessage());
            return 1;
        }
    }

    /** The flag's value, or null when the arguments end (the usage check then refuses the run). */
    private static String value(Deque<String> rest, String flag) {
        return rest.pollFirst();
    }

    /** Where the keys live: one region's tables and data key, with endpoints when local. */
    record Target(String region, String directoryTable, String controlTable, String dataKeyId,
                  Optional<URI> dynamoDbEndpoint, Optional<URI> kmsEndpoint) {

        /** The running local stack's leading region, as its /_local/config describes it. */
        static Target local(String frontDoor) throws Exception {
            JsonNode config = localConfig(frontDoor);
            String active = config.path("activeRegion").asText();
            for (JsonNode region : config.path("regions")) {
                if (region.path("name").asText().equals(active)) {
                    return new Target(active, config.path("directoryTable").asText(), config.path("controlTable").asText(),
                            config.path("dataKeyId").asText(),
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
    }

    /** The SDK clients of one run, closed when it ends. */
    record Clients(Target target, DynamoDbClient dynamo, KmsClient kms) implements AutoCloseable {
        AdminKeyIssuance issuance() {
            var random = new SecureRandom();
            var leaders = new DynamoDbLeaderRecords(dynamo, target.controlTable(), Clock.systemUTC());
            return new AdminKeyIssuance(
                    new DynamoDbAdminKeys(dynamo, target.directoryTable(), target.controlTable(), target.region()),
                    new KmsSecretEnvelopes(kms, target.dataKeyId(), random),
                    new WriteFence(target.region(), leaders), random, Clock.systemUTC());
        }

        @Override
        public void close() {
            dynamo.close();
            kms.close();
        }
    }
}
