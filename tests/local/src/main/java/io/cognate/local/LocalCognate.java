package io.cognate.local;

import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.config.ClaimsTableConfig;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.config.WriteForwardingConfig;
import io.cognate.config.FailoverSettings;
import io.cognate.config.ImportJobsConfig;
import io.cognate.config.PowertoolsConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.admin.AdminKeyPolicy;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.devices.DeviceTracking;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.SocialProviderEndpoints;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.conflicts.LocalConflicts;
import io.cognate.local.dynamo.GlobalTableReplicator;
import io.cognate.local.events.EventRuleInvoker;
import io.cognate.local.events.LocalEvent;
import io.cognate.local.events.LocalEventBridge;
import io.cognate.local.events.Outbox;
import io.cognate.local.gateway.FrontDoor;
import io.cognate.local.kms.KeyMaterialStore;
import io.cognate.local.localstack.LocalStackEndpoint;
import io.cognate.local.localstack.LocalStackEvents;
import io.cognate.local.localstack.LocalStackRoute53;
import io.cognate.local.route53.LocalRoute53;
import io.cognate.local.route53.RecordSet;
import io.cognate.local.route53.Route53Zones;
import io.cognate.local.usage.LocalUsage;
import io.cognate.local.status.LocalStatus;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The pool's public name: a record in a local Route 53 zone that the front door follows. */
    public static final String ZONE_NAME = "cognate.local";
    public static final String RECORD_NAME = "auth." + ZONE_NAME;
    private static final String EVENT_BUS = "cognate-local";
    /** The passkeys' relying party id here; the origins are http://localhost with the stack's ports. */
    public static final String PASSKEY_RELYING_PARTY = "localhost";
    /** The Claims table's name in strong mode, as the template names it for Environment "cognate". */
    public static final String CLAIMS_TABLE = "cognate-claims";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Set<String> downRegions = ConcurrentHashMap.newKeySet();
    private final Map<String, LocalRegion> regions = new LinkedHashMap<>();
    /** Each region's forwarding endpoints and bounds, as its environment names them. */
    private final Map<String, WriteForwardingConfig> forwardingConfigs = new java.util.concurrent.ConcurrentHashMap<>();
    private final KeyMaterialStore keyStore = new KeyMaterialStore();
    private final String primaryRegion;
    private final String userPoolId;
    private final AppClient appClient;
    private final LocalOptions options;
    private PrintStream console;
    private Route53Zones route53;
    private LocalStackEvents localStackEvents; // on LocalStack: its EventBridge, read back into eventBridge
    private String hostedZoneId;
    private final String m2mClientId;
    private String m2mClientSecret;
    private String adminAccessKeyId;
    private String adminSecretAccessKey;
    private LocalEventBridge eventBridge;
    private Outbox outbox;
    private GlobalTableReplicator replication;
    private FrontDoor frontDoor;
    private String issuer;
    private String signingKeyId;
    private String dataKeyId;
    private LocalStatus status;
    private LocalConflicts conflicts;
    /** Strong mode: the Claims table, one copy every region reaches (StrongConsistencyTable); else null. */
    private LocalDynamoDb claimsServer;
    private StrongConsistencyTable claimsTable;

    private LocalCognate(LocalOptions options) {
        this.options = options;
        this.primaryRegion = options.primary().name();
        SecureRandom random = new SecureRandom();
        this.userPoolId = primaryRegion + "_" + randomId(random, 9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        this.appClient = new AppClient(randomId(random, 26, "abcdefghijklmnopqrstuvwxyz0123456789"), "local-web-client",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH, AppClient.ALLOW_USER_SRP_AUTH, AppClient.ALLOW_USER_AUTH,
                        AppClient.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                        AppClient.ALLOW_REFRESH_TOKEN_AUTH),
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
        this.console = console;
        // The front door stands in for DNS: it follows the pool's Route 53 record, as clients would.
        frontDoor = own(new FrontDoor(options.frontDoorPort(), this::trafficEndpoint));
        issuer = "http://127.0.0.1:" + frontDoor.port();

        // On LocalStack the functions publish to LocalStack's EventBridge, and what it delivers
        // comes back into this one, which then only keeps the events and tells the subscribers.
        eventBridge = own(new LocalEventBridge(0, primaryRegion).start());
        outbox = new Outbox(console);
        eventBridge.subscribe(outbox);
        eventBridge.subscribe(this::narrateFailoverEvent);
        Optional<LocalStackEndpoint> localStack = options.localStack().map(LocalStackEndpoint::new);
        route53 = own(localStack.<Route53Zones>map(LocalStackRoute53::new)
                .orElseGet(() -> new LocalRoute53(0, options.clock()).start()));
        hostedZoneId = route53.createZone(ZONE_NAME);

        for (LocalOptions.RegionSpec spec : options.regions()) {
            regions.put(spec.name(), own(localStack.map(edge -> LocalRegion.startOnLocalStack(spec, edge))
                    .orElseGet(() -> LocalRegion.startInfrastructure(spec, keyStore))));
        }
        if (localStack.isPresent()) {
            localStackEvents = own(LocalStackEvents.start(localStack.get(), List.copyOf(regions.keySet()), EVENT_BUS,
                    eventBridge::deliver));
        }
        signingKeyId = createSigningKey();
        dataKeyId = createDataKey();
        if (options.strongConsistency()) {
            if (localStack.isPresent()) {
                throw new IllegalArgumentException("--consistency strong runs on the stack's own DynamoDB Local only");
            }
            claimsServer = own(LocalDynamoDb.startShared("claims"));
            claimsTable = StrongConsistencyTable.create(claimsServer.client(), CLAIMS_TABLE);
        }
        for (LocalRegion region : regions.values()) {
            Map<String, String> env = environment(region);
            region.startFunctions(CognateConfig.from(env), PowertoolsConfig.from(env), AuthorizerConfig.from(env),
                    FailoverSettings.from(env),
                    options.clock(), options.sleeper(),
                    Optional.ofNullable(claimsServer).map(LocalDynamoDb::client));
            // Each region forwards writes to the leader's own port, as on AWS to its regional endpoint.
            forwardingConfigs.put(region.name(), WriteForwardingConfig.from(env));
            region.services().useWriteForwarding(forwardingConfigs.get(region.name()));
        }
        // Polling slows down when nothing changes, so an idle local stack stays cheap.
        var replicator = GlobalTableReplicator.builder().tables(LocalRegion.TABLES.global())
                .idlePollInterval(Duration.ofMillis(500));
        regions.values().forEach(region -> replicator.region(region.replicaRegion()));
        // Each region's replicated-writes function gets every write applied to it as a stream batch (conflicts).
        conflicts = new LocalConflicts(regions.values().stream().map(region -> new LocalConflicts.Region(region.name(),
                region.dynamoClient(), region.replicatedWrites())).toList(),
                LocalRegion.TABLES, name -> !downRegions.contains(name));
        replicator.onReplicatedWrite(conflicts);
        replication = own(replicator.start());

        // First leader record and the pool's app client, written at the primary like any write.
        IdentityApiServices primary = regions.get(primaryRegion).services();
        LeaderRecord leader = primary.leaders().initialise(new LeaderRecord(primaryRegion, 1));
        primary.directory().putClient(appClient, leader);
        regions.get(primaryRegion).failover().trafficSwitch().pointAt(primaryRegion);
        primary.directory().putClient(machineToMachineClient(primary), leader);
        // One full admin key, as a deployment's first key: the Admin API is usable at once.
        var adminKey = primary.adminKeyIssuance().create(AdminKeyPolicy.FULL, "local stack's first admin key");
        adminAccessKeyId = adminKey.key().keyId();
        adminSecretAccessKey = adminKey.secretAccessKey();
        if (!replication.awaitReplicated(STARTUP_REPLICATION_TIMEOUT)) {
            throw new IllegalStateException("the leader record and app client did not replicate in "
                    + STARTUP_REPLICATION_TIMEOUT.toSeconds() + " s");
        }

        // Cognito's import jobs: their files go to the stack's stand-in for the import bucket.
        var importUploads = new LocalImportUploads(regions.keySet(), options.clock());
        for (LocalRegion region : regions.values()) {
            region.services().useImportJobs(new ImportJobsConfig(Optional.of(LocalImportUploads.BUCKET),
                    Optional.of(LocalImportUploads.endpoint(frontDoor.uri())), Optional.empty(), Optional.empty()),
                    importUploads::credentials);
        }
        frontDoor.register(LocalImportUploads.PATH, importUploads);
        frontDoor.register("/_local/config", FrontDoor.json(this::describe));
        frontDoor.register("/_local/outbox", outbox.httpHandler());
        frontDoor.register("/_local/usage", FrontDoor.json(() -> LocalUsage.jvm().snapshot()));
        new LocalControls(this).registerWith(frontDoor);
        // The live status page and its JSON: roles, epochs, lag, routing, failovers; no secrets.
        status = new LocalStatus(this, options.clock(), RECORD_NAME, "route53");
        status.registerWith(frontDoor);
        status.useConflictLog(conflicts);
        frontDoor.register(LocalConflicts.PATH, FrontDoor.json(conflicts::describe));
        frontDoor.start();
        if (options.scheduled()) {
            own(new LocalSchedule(options.timing().schedule(), List.copyOf(regions.values()), downRegions::contains,
                    options.clock(), console).start());
        }
    }

    /** A multi-region RSA_2048 key made at the primary and replicated to every other region. */
    private String createSigningKey() {
        LocalRegion primary = regions.get(primaryRegion);
        try (KmsClient kms = primary.newKmsClient()) {
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
    private AppClient machineToMachineClient(IdentityApiServices primary) {
        var secret = primary.clientSecrets().newSecret(m2mClientId);
        m2mClientSecret = secret.plaintext();
        return new AppClient(m2mClientId, "local-m2m-client", Set.of(),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30))
                .withOAuth(Set.of(AppClient.CLIENT_CREDENTIALS), Set.of(LocalRegion.DEMO_SCOPE, "cognate-demo/write"))
                .withSecret(secret.stored());
    }

    private KmsClient primaryKms() {
        return regions.get(primaryRegion).newKmsClient();
    }

    /** One region's function environment: what template.yaml sets on AWS, pointed at the local endpoints. */
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
        env.put(CognateConfig.EVENT_BUS_NAME, EVENT_BUS);
        env.put(CognateConfig.DYNAMODB_ENDPOINT, region.dynamoEndpoint().toString());
        env.put(CognateConfig.KMS_ENDPOINT, region.kmsEndpoint().toString());
        env.put(CognateConfig.EVENTBRIDGE_ENDPOINT, options.localStack().orElse(eventBridge.endpoint()).toString());
        env.put(PowertoolsConfig.SERVICE_NAME, "cognate-local");
        env.put(PowertoolsConfig.IDEMPOTENCY_TABLE, LocalRegion.IDEMPOTENCY_TABLE);
        LocalOptions.Timing timing = options.timing();
        env.put(FailoverSettings.REGIONS, String.join(",", regions.values().stream()
                .map(r -> r.name() + "=" + r.endpoint()).toList()));
        env.put(FailoverSettings.SCHEDULE_SECONDS, Long.toString(Math.max(1, timing.schedule().toSeconds())));
        env.put(FailoverSettings.PROBE_INTERVAL_MS, Long.toString(timing.probeInterval().toMillis()));
        env.put(FailoverSettings.FAILURE_THRESHOLD, Integer.toString(timing.failureThreshold()));
        env.put(FailoverSettings.PROBE_TIMEOUT_MS, Long.toString(timing.probeTimeout().toMillis()));
        env.put(FailoverSettings.DRAIN_LAG_MS, Long.toString(timing.drainLagBound().toMillis()));
        env.put(FailoverSettings.SWITCHOVER_TIMEOUT_SECONDS, Long.toString(Math.max(1, timing.switchoverTimeout().toSeconds())));
        env.put(FailoverSettings.TRAFFIC_SWITCH, "route53");
        env.put(FailoverSettings.HOSTED_ZONE_ID, hostedZoneId);
        env.put(FailoverSettings.RECORD_NAME, RECORD_NAME);
        env.put(FailoverSettings.RECORD_TTL_SECONDS, "5");
        env.put(FailoverSettings.RECORD_TARGETS, String.join(",", regions.values().stream()
                .map(r -> r.name() + "=" + regionDomain(r)).toList()));
        env.put(FailoverSettings.ROUTE53_ENDPOINT, route53.endpoint().toString());
        env.put(CognateConfig.DATA_KEY_ID, dataKeyId);
        // Passkeys: browsers treat http://localhost as a secure context, so the front door's and
        // every region's gateway port may use them under the relying party id "localhost".
        env.put(CognateConfig.RELYING_PARTY_ID, PASSKEY_RELYING_PARTY);
        env.put(CognateConfig.RELYING_PARTY_ORIGINS, String.join(",", java.util.stream.Stream.concat(
                java.util.stream.Stream.of(frontDoor.port()), regions.values().stream().map(r -> r.endpoint().getPort()))
                .map(port -> "http://" + PASSKEY_RELYING_PARTY + ":" + port).toList()));
        // Remembered devices are on locally, opted into per device, so the whole device flow can be tried.
        env.put(CognateConfig.DEVICE_TRACKING, DeviceTracking.USER_OPT_IN.name());
        // The token-verifier's authorizer in front of the demo routes; revocation checks on, to show them.
        env.put(AuthorizerConfig.CLIENT_IDS, appClient.clientId() + "," + m2mClientId);
        env.put(AuthorizerConfig.ROUTES, "{\"GET " + LocalRegion.DEMO_WHOAMI + "\": {\"tokenUse\": \"access\"}, "
                + "\"GET " + LocalRegion.DEMO_SCOPED + "\": {\"tokenUse\": \"access\", \"scopes\": [\"" + LocalRegion.DEMO_SCOPE + "\"]}}");
        env.put(AuthorizerConfig.CHECK_REVOCATION, "true");
        if (claimsTable != null) {
            env.put(ClaimsTableConfig.CLAIMS_TABLE, claimsTable.name());
            env.put(ClaimsTableConfig.CLAIMS_DYNAMODB_ENDPOINT, claimsServer.endpoint().toString());
        }
        return env;
    }

    /** The regional API domain a Route 53 record points at, shaped like API Gateway's. */
    private static String regionDomain(LocalRegion region) {
        return "d-" + region.gateway().apiId() + ".execute-api." + region.name() + ".amazonaws.com";
    }

    /** Where the pool's Route 53 record sends traffic; null (the front door answers 502) if nowhere. */
    private URI trafficEndpoint() {
        return trafficRegion().map(name -> regions.get(name).endpoint()).orElse(null);
    }

    /** The region the pool's Route 53 record points at now. */
    public Optional<String> trafficRegion() {
        return route53.find(hostedZoneId, RECORD_NAME, "CNAME")
                .flatMap(RecordSet::target)
                .flatMap(target -> regions.values().stream()
                        .filter(region -> (regionDomain(region) + ".").equalsIgnoreCase(target.endsWith(".") ? target : target + "."))
                        .map(LocalRegion::name).findFirst());
    }

    /** The highest leader epoch any region's copy holds. */
    public long leaderEpoch() {
        return regions.values().stream().map(LocalRegion::epoch).flatMap(Optional::stream).max(Long::compare).orElse(0L);
    }

    /** The region the newest leader record names (the copy with the highest epoch wins), or the primary. */
    public String activeRegion() {
        String active = primaryRegion;
        long newest = -1;
        for (LocalRegion region : regions.values()) {
            var leader = region.leaderRecord();
            if (leader.isPresent() && leader.get().epoch() > newest) {
                newest = leader.get().epoch();
                active = leader.get().activeRegion();
            }
        }
        return active;
    }

    private Map<String, Object> describe() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("userPoolId", userPoolId);
        config.put("clientId", appClient.clientId());
        config.put("m2mClientId", m2mClientId);
        config.put("m2mClientSecret", m2mClientSecret);
        config.put("adminAccessKeyId", adminAccessKeyId);
        config.put("adminSecretAccessKey", adminSecretAccessKey);
        config.put("issuer", issuer);
        config.put("frontDoor", frontDoor.uri().toString());
        config.put("activeRegion", activeRegion());
        config.put("trafficRegion", trafficRegion().orElse(null));
        config.put("epoch", leaderEpoch());
        config.put("writeForwarding", writeForwardingOrNull());
        config.put("signingKeyId", signingKeyId);
        config.put("dataKeyId", dataKeyId);
        config.put("directoryTable", LocalRegion.TABLES.directory());
        config.put("controlTable", LocalRegion.TABLES.control());
        List<Map<String, Object>> regionList = new ArrayList<>();
        for (LocalRegion region : regions.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", region.name());
            r.put("endpoint", region.endpoint().toString());
            // Where the region's tables and keys are, for commands that talk to them (admin-key).
            r.put("dynamoDbEndpoint", region.dynamoEndpoint().toString());
            r.put("kmsEndpoint", region.kmsEndpoint().toString());
            r.put("role", region.role());
            region.epoch().ifPresent(epoch -> r.put("epoch", epoch));
            r.put("down", downRegions.contains(region.name()));
            r.put("kmsFailing", region.kmsFailing());
            regionList.add(r);
        }
        config.put("regions", regionList);
        Map<String, Object> replicationState = new LinkedHashMap<>();
        replicationState.put("paused", replication.isPaused());
        replicationState.put("lagMs", replication.lagMillis());
        config.put("replication", replicationState);
        LocalOptions.Timing timing = options.timing();
        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("scheduleSeconds", timing.schedule().toSeconds());
        failover.put("probeIntervalMs", timing.probeInterval().toMillis());
        failover.put("failureThreshold", timing.failureThreshold());
        failover.put("scheduler", options.scheduled());
        config.put("failover", failover);
        return config;
    }

    // ---- failure switches and operations (also served under /_local/ by LocalControls) ----------

    /** A regional outage: the region's API answers 503 (so its health fails), replication to and from it stops. */
    public void setOutage(String regionName, boolean down) {
        LocalRegion region = region(regionName);
        region.gateway().setUnavailable(down);
        replication.setRegionDown(regionName, down);
        if (down ? downRegions.add(regionName) : downRegions.remove(regionName)) {
            console.println(down ? "local: region " + regionName + " is DOWN (its API answers 503, replication to and from it stops)"
                    : "local: region " + regionName + " is back UP");
        }
    }

    public boolean isDown(String regionName) {
        return downRegions.contains(region(regionName).name());
    }

    /**
     * Cuts (or restores) the other regions' view of one region's health: its {@code /health}
     * answers 503 while its API serves clients as before. With replication paused as well, the
     * others stop hearing its heartbeat too and one of them takes over, while this region's own
     * copy of the leader record still names it: two regions that each accept writes.
     */
    public void setHealthUnreachable(String regionName, boolean unreachable) {
        region(regionName).gateway().setHealthUnreachable(unreachable);
        console.println("local: " + regionName + (unreachable ? "'s health is UNREACHABLE from the other regions"
                : "'s health is reachable again"));
    }

    /** A regional KMS outage: every KMS call in the region fails. */
    public void setKmsFailing(String regionName, boolean failing) {
        region(regionName).kms().setFailing(failing);
        console.println("local: KMS in " + regionName + (failing ? " is FAILING" : " works again"));
    }

    /** KMS throttling in one region: every KMS call there is refused with ThrottlingException. */
    public void setKmsThrottled(String regionName, boolean throttled) {
        region(regionName).kms().setThrottled(throttled);
        console.println("local: KMS in " + regionName + (throttled ? " THROTTLES every request" : " no longer throttles"));
    }

    /** DynamoDB throttling in one region: {@code share} (0 to 1) of its functions' requests are throttled. */
    public void setDynamoDbThrottled(String regionName, double share) {
        region(regionName).setDynamoDbThrottled(share);
        console.println("local: DynamoDB in " + regionName + (share > 0
                ? " THROTTLES " + Math.round(share * 100) + " % of requests" : " no longer throttles"));
    }

    /** Pauses replication (a partition) and sets its lag. */
    public void setReplication(boolean paused, long lagMillis) {
        replication.setLagMillis(lagMillis);
        replication.setPaused(paused);
        console.println("local: replication " + (paused ? "PAUSED" : "flowing") + (lagMillis > 0 ? ", lag " + lagMillis + " ms" : ""));
    }

    /** What {@code POST /_local/migration} names: the legacy pool, and the key to sign calls to it with, if any. */
    public record LegacyPoolRequest(String endpoint, String region, String userPoolId, String clientId,
                                    Optional<String> clientSecret, Optional<String> accessKeyId,
                                    Optional<String> secretAccessKey, boolean keepSub) {
        @Override
        public String toString() {
            return "LegacyPoolRequest[" + endpoint + ", " + region + ", " + userPoolId + ", " + clientId + "]";
        }
    }

    /**
     * Names the legacy pool users are moved in from (empty: none), written at the active region as
     * the pool setting it is, so it replicates; the client secret sealed under the data key. The
     * key to sign calls to it with stays in this process's memory, given to every region.
     */
    public void setLegacyPool(Optional<LegacyPoolRequest> request) {
        IdentityApiServices active = regions.get(activeRegion()).services();
        Optional<io.cognate.domain.migration.LegacyPoolSetting> setting = request.map(r ->
                new io.cognate.domain.migration.LegacyPoolSetting(r.region(), r.userPoolId(), r.clientId(),
                        r.clientSecret().map(active::sealLegacyClientSecret),
                        Optional.ofNullable(r.endpoint()).map(URI::create), r.keepSub()));
        active.poolAdministration().setLegacyPool(userPoolId, setting);
        var credentials = request.flatMap(r -> r.accessKeyId().flatMap(id -> r.secretAccessKey()
                .map(secret -> LegacyPoolCredentials.of(id, secret))));
        regions.values().forEach(region -> region.legacyPoolCredentials().use(credentials));
        console.println(request.map(r -> "local: users are moved in from the legacy pool " + r.userPoolId() + " at "
                + (r.endpoint() == null ? r.region() : r.endpoint())).orElse("local: no legacy pool"));
    }

    /**
     * Turns the pool's write forwarding on or off, written at the active region like any pool
     * setting; returns once every region that is up serves the new value (replicated, and read
     * past the settings' cache).
     */
    public void setWriteForwarding(boolean forward) {
        regions.get(activeRegion()).services().poolAdministration().setWriteForwarding(userPoolId, forward);
        if (!replication.awaitReplicated(STARTUP_REPLICATION_TIMEOUT)) {
            throw new IllegalStateException("the write forwarding setting did not replicate in "
                    + STARTUP_REPLICATION_TIMEOUT.toSeconds() + " s");
        }
        for (LocalRegion region : regions.values()) {
            if (!downRegions.contains(region.name())) {
                region.services().poolAdministration().describe(userPoolId);
            }
        }
        console.println("local: write forwarding " + (forward ? "ON" : "OFF"));
    }

    private Boolean writeForwardingOrNull() {
        try {
            return writeForwarding();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Whether the regions know each other's endpoints for write forwarding: false makes them a
     * deployment without {@code RegionEndpoints}, whose secondaries refuse writes as read-only
     * replicas whatever the pool's setting, without writing the pool's settings (tests written for
     * the write fence use it; {@link #setWriteForwarding} is the pool's own switch).
     */
    public void linkRegionsForWriteForwarding(boolean linked) {
        regions.values().forEach(region -> region.services().useWriteForwarding(
                linked ? forwardingConfigs.get(region.name()) : WriteForwardingConfig.none()));
    }

    /**
     * Every region reaches Facebook or Login with Amazon at {@code standIns} (by provider type)
     * in place of Cognito's fixed endpoints: a provider the test runs. An empty map goes back to
     * Cognito's.
     */
    public void useSocialProviderStandIns(Map<ProviderType, SocialProviderEndpoints> standIns) {
        regions.values().forEach(region -> region.services().useSocialProviderStandIns(standIns));
    }

    /** Whether the pool forwards writes, as the active region reads its settings. */
    public boolean writeForwarding() {
        return regions.get(activeRegion()).services().poolAdministration().describe(userPoolId).writeForwarding();
    }

    /** Runs one region's scheduled health-check now, as its schedule rule would, and waits for it. */
    public Map<String, Object> runScheduledCheck(String regionName) {
        LocalRegion region = region(regionName);
        return region.watch().invoke(EventRuleInvoker.scheduledEvent(regionName, "cognate-health-check-schedule",
                options.clock().instant()), options.timing().schedule().multipliedBy(2));
    }

    /**
     * A planned switchover to {@code to}: the {@code SwitchoverRequested} event goes to the
     * health-check of every region that is up, at once, as a rule in each region would deliver it;
     * returns each region's answer once all have answered.
     */
    public Map<String, Map<String, Object>> switchover(String to) {
        region(to);
        console.println("local: switchover to " + to + " requested");
        Map<String, Map<String, Object>> answers = new ConcurrentHashMap<>();
        List<Thread> deliveries = new ArrayList<>();
        for (LocalRegion region : regions.values()) {
            if (downRegions.contains(region.name())) {
                continue;
            }
            String event = EventRuleInvoker.customEvent(region.name(), "cognate.operations", "SwitchoverRequested",
                    Map.of("to", to), options.clock().instant());
            deliveries.add(Thread.ofVirtual().start(() -> {
                try {
                    answers.put(region.name(), region.watch().invoke(event, options.timing().switchoverTimeout().multipliedBy(2)));
                } catch (RuntimeException e) {
                    answers.put(region.name(), Map.of("outcome", "FAILED", "detail", e.toString()));
                }
            }));
        }
        for (Thread delivery : deliveries) {
            try {
                delivery.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new java.util.TreeMap<>(answers);
    }

    private void narrateFailoverEvent(LocalEvent event) {
        if (!EventBridgeFailoverEvents.SOURCE.equals(event.source())) {
            return;
        }
        var timings = event.detail().path("timings");
        console.println("event: " + event.detailType() + " " + event.detailText("fromRegion") + " -> "
                + event.detailText("toRegion") + " at epoch " + event.detailText("epoch") + " ("
                + event.detailText("reason") + "): writable and flipped " + timings.path("totalMs").asLong() + " ms after "
                + (timings.has("firstFailedProbeAt") ? "the first failed probe" : "the fence"));
    }

    PrintStream console() {
        return console;
    }

    LocalOptions options() {
        return options;
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

    /** The full admin key made at start: its id, for SigV4 credentials. */
    public String adminAccessKeyId() {
        return adminAccessKeyId;
    }

    /** The full admin key's secret (also in /_local/config). */
    public String adminSecretAccessKey() {
        return adminSecretAccessKey;
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

    /** The local EventBridge: every event the functions published (code deliveries, failovers). */
    public LocalEventBridge eventBridge() {
        settleEvents();
        return eventBridge;
    }

    public Outbox outbox() {
        settleEvents();
        return outbox;
    }

    /** On LocalStack, takes in every event its EventBridge has delivered so far. */
    private void settleEvents() {
        if (localStackEvents != null) {
            localStackEvents.settle();
        }
    }

    public GlobalTableReplicator replication() {
        return replication;
    }

    /** Replication conflicts found so far (also at {@code GET /_local/conflicts}). */
    public LocalConflicts conflicts() {
        return conflicts;
    }

    /** The status page's source: its snapshot, and the hooks conflict detection and chaos runs fill. */
    public LocalStatus status() {
        return status;
    }

    String banner() {
        var text = new StringBuilder();
        text.append("Cognate local stack is up.\n");
        text.append("  front door     ").append(frontDoor.uri()).append("  (follows ").append(RECORD_NAME).append(")\n");
        for (LocalRegion region : regions.values()) {
            text.append(String.format("  %-14s %s  (%s)%n", region.name(), region.endpoint(), region.role()));
        }
        text.append("  user pool id   ").append(userPoolId).append('\n');
        text.append("  app client id  ").append(appClient.clientId()).append('\n');
        text.append("  m2m client id  ").append(m2mClientId).append("  (secret in /_local/config)\n");
        text.append("  admin key id   ").append(adminAccessKeyId).append("  (secret in /_local/config)\n");
        text.append("  issuer         ").append(issuer).append('\n');
        text.append("  config         ").append(frontDoor.uri()).append("/_local/config\n");
        text.append("  outbox         ").append(frontDoor.uri()).append("/_local/outbox\n");
        text.append("  status         ").append(frontDoor.uri()).append(LocalStatus.PAGE_PATH).append("  (live; JSON at ")
                .append(LocalStatus.JSON_PATH).append(")\n");
        text.append("  public name    ").append(RECORD_NAME).append(" -> ").append(trafficRegion().orElse("?"))
                .append(options.localStack().isPresent() ? "  (LocalStack Route 53 " : "  (local Route 53 ").append(route53.endpoint()).append(", zone ").append(hostedZoneId).append(")\n");
        if (options.scheduled()) {
            text.append(String.format("  health-check   every %d s, probing every %d ms, promoting after %d failures%n",
                    options.timing().schedule().toSeconds(), options.timing().probeInterval().toMillis(),
                    options.timing().failureThreshold()));
        }
        text.append("Press Ctrl-C to stop.\n");
        return text.toString();
    }

    /** Strong mode's Claims table (the template's cognate-<env>-claims), with --consistency strong; else empty. */
    public java.util.Optional<StrongConsistencyTable> claimsTable() {
        return java.util.Optional.ofNullable(claimsTable);
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
