package io.cognate.bench;

import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.sessions.SessionIds;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.local.LocalCredentials;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.local.kms.KeyMaterialStore;
import io.cognate.local.kms.LocalKms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * {@code ./cognate cold-start [launches]}: the token-verifier's cold start, measured locally.
 * Starts a local KMS (and DynamoDB, for the revocation-check variant), then launches fresh JVMs
 * on the shaded Lambda jar and times each from process start to its first authorized request.
 * Also times "JVM start to public key fetched" with the CRT and the URL-connection HTTP clients,
 * the choice the token-verifier's jar size rests on. Prints the jar sizes and the figures.
 */
public final class ColdStartMain {
    private static final String REGION = "us-east-1";
    private static final String ISSUER = "https://auth.example.com";

    private ColdStartMain() {
    }

    public static void main(String[] args) throws Exception {
        int launches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Path.of(System.getProperty("cognate.root", ".")).toAbsolutePath().normalize();
        Path jar = verifierJar(root);
        Path layer = root.resolve("functions/token-verifier/target/revocation-layer/java/lib");
        List<String> layerJars;
        try (var files = Files.list(layer)) {
            layerJars = files.map(Path::toString).sorted().toList();
        }
        String driverClasses = root.resolve("tests/benchmarks/target/classes").toString();

        try (LocalKms kms = LocalKms.start(REGION, 0, new KeyMaterialStore());
             LocalDynamoDb dynamo = LocalDynamoDb.start(REGION, 0);
             KmsClient kmsClient = KmsClient.builder().region(Region.of(REGION)).endpointOverride(kms.endpoint())
                     .credentialsProvider(LocalCredentials.PROVIDER)
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableNames tables = new TableNames("cold-directory", "cold-sessions", "cold-control", "cold-lockout");
            new CognateTables(tables).createIfMissing(dynamo.client());
            String keyId = kmsClient.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().keyId();
            String token = token(new KmsTokenSigner(kmsClient, keyId));

            Map<String, String> env = new HashMap<>();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put(CognateConfig.REGION, REGION);
            env.put(CognateConfig.USER_POOL_ID, REGION + "_coldstart");
            env.put(CognateConfig.ISSUER, ISSUER);
            env.put(CognateConfig.DIRECTORY_TABLE, tables.directory());
            env.put(CognateConfig.SESSIONS_TABLE, tables.sessions());
            env.put(CognateConfig.CONTROL_TABLE, tables.control());
            env.put(CognateConfig.SIGNING_KEY_ID, keyId);
            env.put(CognateConfig.KMS_ENDPOINT, kms.endpoint().toString());
            env.put(CognateConfig.DYNAMODB_ENDPOINT, dynamo.endpoint().toString());
            env.put(AuthorizerConfig.ROUTES, "{\"GET /demo/whoami\": {\"tokenUse\": \"access\"}}");

            System.out.printf("token-verifier Lambda jar: %s, %,d bytes (%.2f MB)%n", root.relativize(jar), Files.size(jar),
                    Files.size(jar) / 1_000_000.0);
            long layerBytes = 0;
            for (String file : layerJars) {
                layerBytes += Files.size(Path.of(file));
            }
            System.out.printf("revocation-check layer: %,d bytes (%.2f MB)%n", layerBytes, layerBytes / 1_000_000.0);
            System.out.printf("JVM: %s %s, options %s, %d launches each%n%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), ChildJvm.LAMBDA_JVM_OPTIONS, launches);

            measure("JVM start -> first authorized request (Lambda jar)", launches, List.of(jar.toString(), driverClasses),
                    ColdStartDriver.class.getName(), List.of(token), env, "AUTHORIZED");
            var withRevocation = new HashMap<>(env);
            withRevocation.put(AuthorizerConfig.CHECK_REVOCATION, "true");
            var revocationClasspath = new ArrayList<String>(List.of(jar.toString()));
            revocationClasspath.addAll(layerJars);
            revocationClasspath.add(driverClasses);
            measure("... with the revocation check (jar + layer, one DynamoDB query)", launches, revocationClasspath,
                    ColdStartDriver.class.getName(), List.of(token), withRevocation, "AUTHORIZED");

            List<String> fullClasspath = new ArrayList<>(List.of(driverClasses));
            fullClasspath.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
            for (String client : List.of("crt", "urlconnection")) {
                measure("JVM start -> public key fetched, " + client + " HTTP client", launches, fullClasspath,
                        HttpClientStartDriver.class.getName(), List.of(client, REGION, kms.endpoint().toString(), keyId),
                        env, "FETCHED");
            }
        }
    }

    static Path verifierJar(Path root) throws IOException {
        try (var files = Files.list(root.resolve("functions/token-verifier/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the token-verifier first (mvn package)"));
        }
    }

    private static String token(KmsTokenSigner signer) {
        Instant now = Instant.now();
        TokenIssuer issuer = new TokenIssuer(ISSUER, signer, Clock.systemUTC());
        AppClient client = new AppClient("coldstartclient", "web", Set.of(), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofDays(1));
        User user = new User("sub-cold", Username.of("cold"), UserStatus.CONFIRMED, true, Map.of("email", "cold@example.com"),
                "$argon2id$x", Optional.empty(), now, now);
        return issuer.issue(user, client, now, SessionIds.next(now)).accessToken();
    }

    private static void measure(String what, int launches, List<String> classpath, String mainClass, List<String> args,
                                Map<String, String> env, String line) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < launches; i++) {
            ChildJvm.Run run = ChildJvm.run(classpath, mainClass, args, env, line);
            if (run.untilLine() == null) {
                throw new IllegalStateException(what + ": the child never printed " + line + "; it printed " + run.lines()
                        + " and on stderr:\n" + run.errors());
            }
            millis.add(run.untilLine().toMillis());
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("%-68s min %5d ms  median %5d ms  max %5d ms%n", what, sorted.getFirst(),
                sorted.get(sorted.size() / 2), sorted.getLast());
    }
}
