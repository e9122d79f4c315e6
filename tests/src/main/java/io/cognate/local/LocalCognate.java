package io.cognate.local;

import io.cognate.adapters.aws.RegionServices;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.local.dynamo.GlobalTableReplicator;
import io.cognate.local.events.LocalEventBridge;
import io.cognate.local.events.Outbox;
import io.cognate.local.gateway.FrontDoor;
import io.cognate.local.kms.KeyMaterialStore;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The local two-region Cognate: per region a DynamoDB Local server, a KMS endpoint and an API
 * gateway in front of the real handlers; global tables kept in step by the replicator; one
 * EventBridge endpoint whose code-delivery events fill the outbox; and a front door that
 * routes to the active region. Everything runs in this JVM.
 */
public final class LocalCognate implements AutoCloseable {
    public static final String ACCOUNT_ID = "000000000000";
    private static final Duration STARTUP_REPLICATION_TIMEOUT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, LocalRegion> regions = new LinkedHashMap<>();
    private final KeyMaterialStore keyStore = new KeyMaterialStore();
    private final String primaryRegion;
    private final String userPoolId;
    private final AppClient appClient;
    private final String m2mClientId;
    private String m2mClientSecret;
    private LocalEventBridge eventBridge;
    private Outbox outbox;
    private GlobalTableReplicator replication;
    private FrontDoor frontDoor;
    private String issuer;
    private String signingKeyId;
    private String dataKeyId;

    private LocalCognate(LocalOptions options) {
        this.primaryRegion = options.primary().name();
        SecureRandom random = new SecureRandom();
        this.userPoolId = primaryRegion + "_" + randomId(random, 9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        this.appClient = new AppClient(randomId(random, 26, "abcdefghijklmnopqrstuvwxyz0123456789"), "local-web-client",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH, AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
        this.m2mClientId = randomId(random, 26, "abcdefghijklmnopqrstuvwxyz0123456789");
    }

    /** Starts every part; on failure, stops whatever had started and rethrows. */
    public static LocalCognate start(LocalOptions options, PrintStream console) {
        LocalCredentials.install();
        LocalCognate stack = new LocalCognate(options);
        try {
            stack.boot(options, console);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void boot(LocalOptions options, PrintStream console) {
        frontDoor = own(new FrontDoor(options.frontDoorPort(), this::activeEndpoint));
        issuer = "http://127.0.0.1:" + frontDoor.port();

        eventBridge = own(new LocalEventBridge(0, primaryRegion).start());
        outbox = new Outbox(console);
        eventBridge.subscribe(outbox);

        for (LocalOptions.RegionSpec spec : options.regions()) {
            regions.put(spec.name(), own(LocalRegion.startInfrastructure(spec, keyStore)));
        }
        signingKeyId = createSigningKey();
        dataKeyId = createDataKey();
        for (LocalRegion region : regions.values()) {
            Map<String, String> env = environment(region);
            region.startFunctions(CognateConfig.from(env), AuthorizerConfig.from(env));
        }
        // Polling slows down when nothing changes, so an idle local stack stays cheap.
        var replicator = GlobalTableReplicator.builder().tables(LocalRegion.TABLES.global())
                .idlePollInterval(Duration.ofMillis(500));
        regions.values().forEach(region -> replicator.region(region.dynamo()));
        replication = own(replicator.start());

        // First leader record and the pool's app client, written at the primary like any write.
        RegionServices primary = regions.get(primaryRegion).services();
        LeaderRecord leader = primary.leaders().initialise(new LeaderRecord(primaryRegion, 1));
        primary.directory().putClient(appClient, leader);
        primary.directory().putClient(machineToMachineClient(primary), leader);
        if (!replication.awaitReplicated(STARTUP_REPLICATION_TIMEOUT)) {
            throw new IllegalStateException("the leader record and app client did not replicate in "
                    + STARTUP_REPLICATION_TIMEOUT.toSeconds() + " s");
        }

        frontDoor.register("/_local/config", FrontDoor.json(this::describe));
        frontDoor.register("/_local/outbox", outbox.httpHandler());
        frontDoor.start();
    }

    /** A multi-region RSA_2048 key made at the primary and replicated to every other region. */
    private String createSigningKey() {
        LocalRegion primary = regions.get(primaryRegion);
        try (KmsClient kms = KmsClient.builder()
                .endpointOverride(primary.kmsEndpoint())
                .region(Region.of(primaryRegion))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(AwsCrtHttpClient.create())
                .build()) {
            String keyId = kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)
                    .multiRegion(true).description("Cognate local token signing key")).keyMetadata().keyId();
            for (String region : regions.keySet()) {
                if (!region.equals(primaryRegion)) {
                    kms.replicateKey(b -> b.keyId(keyId).replicaRegion(region));
                }
            }
            return keyId;
        }
    }

    /** A symmetric multi-region key for secrets (app client secrets), replicated like the signing key. */
    private String createDataKey() {
        try (KmsClient kms = primaryKms()) {
            String keyId = kms.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .multiRegion(true).description("Cognate local data key")).keyMetadata().keyId();
            for (String region : regions.keySet()) {
                if (!region.equals(primaryRegion)) {
                    kms.replicateKey(b -> b.keyId(keyId).replicaRegion(region));
                }
            }
            return keyId;
        }
    }

    /** A confidential client for the client credentials grant, allowed the demo scopes. */
    private AppClient machineToMachineClient(RegionServices primary) {
        var secret = primary.clientSecrets().newSecret(m2mClientId);
        m2mClientSecret = secret.plaintext();
        return new AppClient(m2mClientId, "local-m2m-client", Set.of(),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30))
                .withOAuth(Set.of(AppClient.CLIENT_CREDENTIALS), Set.of(LocalRegion.DEMO_SCOPE, "cognate-demo/write"))
                .withSecret(secret.stored());
    }

    private KmsClient primaryKms() {
        return KmsClient.builder()
                .endpointOverride(regions.get(primaryRegion).kmsEndpoint())
                .region(Region.of(primaryRegion))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    private Map<String, String> environment(LocalRegion region) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(CognateConfig.REGION, region.name());
        env.put(CognateConfig.USER_POOL_ID, userPoolId);
        env.put(CognateConfig.ISSUER, issuer);
        env.put(CognateConfig.DIRECTORY_TABLE, LocalRegion.TABLES.directory());
        env.put(CognateConfig.SESSIONS_TABLE, LocalRegion.TABLES.sessions());
        env.put(CognateConfig.CONTROL_TABLE, LocalRegion.TABLES.control());
        env.put(CognateConfig.LOCKOUT_TABLE, LocalRegion.TABLES.lockout());
        env.put(CognateConfig.SIGNING_KEY_ID, signingKeyId);
        env.put(CognateConfig.EVENT_BUS_NAME, "cognate-local");
        env.put(CognateConfig.DYNAMODB_ENDPOINT, region.dynamoEndpoint().toString());
        env.put(CognateConfig.KMS_ENDPOINT, region.kmsEndpoint().toString());
        env.put(CognateConfig.EVENTBRIDGE_ENDPOINT, eventBridge.endpoint().toString());
        env.put(CognateConfig.DATA_KEY_ID, dataKeyId);
        // The token-verifier's authorizer in front of the demo routes; revocation checks on, to show them.
        env.put(AuthorizerConfig.CLIENT_IDS, appClient.clientId() + "," + m2mClientId);
        env.put(AuthorizerConfig.ROUTES, "{\"GET " + LocalRegion.DEMO_WHOAMI + "\": {\"tokenUse\": \"access\"}, "
                + "\"GET " + LocalRegion.DEMO_SCOPED + "\": {\"tokenUse\": \"access\", \"scopes\": [\"" + LocalRegion.DEMO_SCOPE + "\"]}}");
        env.put(AuthorizerConfig.CHECK_REVOCATION, "true");
        return env;
    }

    /** The region the front door sends traffic to: the one the leader record names. */
    private URI activeEndpoint() {
        return regions.get(activeRegion()).endpoint();
    }

    public String activeRegion() {
        for (LocalRegion region : regions.values()) {
            try {
                var leader = region.services().leaders().current();
                if (leader.isPresent() && regions.containsKey(leader.get().activeRegion())) {
                    return leader.get().activeRegion();
                }
            } catch (RuntimeException unreachable) {
                // Ask the next region.
            }
        }
        return primaryRegion;
    }

    private Map<String, Object> describe() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("userPoolId", userPoolId);
        config.put("clientId", appClient.clientId());
        config.put("m2mClientId", m2mClientId);
        config.put("m2mClientSecret", m2mClientSecret);
        config.put("issuer", issuer);
        config.put("frontDoor", frontDoor.uri().toString());
        config.put("activeRegion", activeRegion());
        config.put("signingKeyId", signingKeyId);
        List<Map<String, Object>> regionList = new ArrayList<>();
        for (LocalRegion region : regions.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", region.name());
            r.put("endpoint", region.endpoint().toString());
            r.put("role", region.role());
            region.epoch().ifPresent(epoch -> r.put("epoch", epoch));
            regionList.add(r);
        }
        config.put("regions", regionList);
        return config;
    }

    public String userPoolId() {
        return userPoolId;
    }

    public String clientId() {
        return appClient.clientId();
    }

    /** The confidential client of the client credentials grant, and its secret. */
    public String m2mClientId() {
        return m2mClientId;
    }

    public String m2mClientSecret() {
        return m2mClientSecret;
    }

    public String issuer() {
        return issuer;
    }

    public URI frontDoorEndpoint() {
        return frontDoor.uri();
    }

    public LocalRegion region(String name) {
        LocalRegion region = regions.get(name);
        if (region == null) {
            throw new IllegalArgumentException("no local region " + name);
        }
        return region;
    }

    public List<LocalRegion> regions() {
        return List.copyOf(regions.values());
    }

    public LocalRegion primary() {
        return regions.get(primaryRegion);
    }

    public Outbox outbox() {
        return outbox;
    }

    public GlobalTableReplicator replication() {
        return replication;
    }

    String banner() {
        var text = new StringBuilder();
        text.append("Cognate local stack is up.\n");
        text.append("  front door     ").append(frontDoor.uri()).append("  (routes to the active region)\n");
        for (LocalRegion region : regions.values()) {
            text.append(String.format("  %-14s %s  (%s)%n", region.name(), region.endpoint(), region.role()));
        }
        text.append("  user pool id   ").append(userPoolId).append('\n');
        text.append("  app client id  ").append(appClient.clientId()).append('\n');
        text.append("  m2m client id  ").append(m2mClientId).append("  (secret in /_local/config)\n");
        text.append("  issuer         ").append(issuer).append('\n');
        text.append("  config         ").append(frontDoor.uri()).append("/_local/config\n");
        text.append("  outbox         ").append(frontDoor.uri()).append("/_local/outbox\n");
        text.append("Press Ctrl-C to stop.\n");
        return text.toString();
    }

    private <T extends AutoCloseable> T own(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.err.println("local stack: could not stop " + closeables.get(i).getClass().getSimpleName()
                        + ": " + e);
            }
        }
        closeables.clear();
    }

    private static String randomId(SecureRandom random, int length, String alphabet) {
        var id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
