package io.cognate.local;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.config.FailoverSettings;
import io.cognate.config.PowertoolsConfig;
import io.cognate.domain.LeaderRecord;
import io.cognate.health.FailoverServices;
import io.cognate.health.FailoverWatchHandler;
import io.cognate.health.HealthCheckResources;
import io.cognate.health.HealthHandler;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.ReplicaRegion;
import io.cognate.local.dynamo.TableNames;
import io.cognate.local.events.EventRuleInvoker;
import io.cognate.local.gateway.LambdaAuthorizer;
import io.cognate.local.gateway.LocalApiGateway;
import io.cognate.local.kms.KeyMaterialStore;
import io.cognate.local.kms.LocalKms;
import io.cognate.local.localstack.LocalStackEndpoint;
import io.cognate.local.usage.LocalUsage;
import io.cognate.ports.Sleeper;
import io.cognate.verifier.HttpApiAuthorizerHandler;
import io.cognate.verifier.VerifierServices;
import io.cognate.verifier.WellKnownHandler;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * One simulated AWS region: its DynamoDB Local server with Cognate's tables, its KMS endpoint,
 * and its API gateway in front of the three functions' real handlers, with the token-verifier's
 * authorizer in front of the sample protected routes.
 */
public final class LocalRegion implements AutoCloseable {
    /** The sample protected routes: any access token of the pool; one carrying {@link #DEMO_SCOPE}. */
    public static final String DEMO_WHOAMI = "/demo/whoami";
    public static final String DEMO_SCOPED = "/demo/scoped/whoami";
    public static final String DEMO_SCOPE = "cognate-demo/read";
    public static final TableNames TABLES = new TableNames(
            "cognate-local-directory", "cognate-local-sessions", "cognate-local-control", "cognate-local-lockout");
    /**
     * The route settings {@code template.yaml} gives {@code GET /health} on AWS, applied by the local
     * gateway too: a flood of the public health check is answered 429 by the gateway.
     */
    public static final int HEALTH_RATE_LIMIT = 5;
    public static final int HEALTH_BURST_LIMIT = 10;
    /** Regional, like Lockout: SignUp's answers to retries (COGNATE_IDEMPOTENCY_TABLE). */
    public static final String IDEMPOTENCY_TABLE = "cognate-local-idempotency";

    private final String name;
    private final LocalDynamoDb dynamo; // null on LocalStack
    private final LocalKms kms; // null on LocalStack
    private final ReplicaRegion replica;
    private final URI dynamoEndpoint;
    private final URI kmsEndpoint;
    private final Optional<LocalStackEndpoint> localStack;
    private final Runnable closeLocalStackClients;
    private final LocalApiGateway gateway;
    private IdentityApiServices services;
    /** What this region's lazy migration signs its calls to the legacy pool with (set by /_local/migration). */
    private final LegacyPoolCredentials legacyPoolCredentials = new LegacyPoolCredentials();
    private FailoverServices failover;
    private EventRuleInvoker watch;
    /** The replicated-writes function's clients: its own, so the chaos runs' DynamoDB throttling switch leaves them be. */
    private AwsClients replicatedWritesClients;
    /** The stack's own view of this region's leader record: neither counted nor throttled. */
    private DynamoDbLeaderRecords statusLeaders;
    private HealthCheckResources replicatedWrites;
    private VerifierServices verifier;
    /** The DynamoDB throttling switch on this region's functions' SDK clients (chaos runs turn it on). */
    private final io.cognate.local.dynamo.DynamoDbThrottle dynamoDbThrottle = new io.cognate.local.dynamo.DynamoDbThrottle(this::dynamoEndpoint);

    private LocalRegion(String name, LocalDynamoDb dynamo, LocalKms kms, LocalApiGateway gateway) {
        this.name = name;
        this.dynamo = dynamo;
        this.kms = kms;
        this.replica = ReplicaRegion.of(dynamo);
        this.dynamoEndpoint = dynamo.endpoint();
        this.kmsEndpoint = kms.endpoint();
        this.localStack = Optional.empty();
        this.closeLocalStackClients = () -> { };
        this.gateway = gateway;
    }

    private LocalRegion(String name, ReplicaRegion replica, LocalStackEndpoint localStack, LocalApiGateway gateway,
                        Runnable closeClients) {
        this.name = name;
        this.closeLocalStackClients = closeClients;
        this.dynamo = null;
        this.kms = null;
        this.replica = replica;
        this.dynamoEndpoint = localStack.edge();
        this.kmsEndpoint = localStack.edge();
        this.localStack = Optional.of(localStack);
        this.gateway = gateway;
    }

    /**
     * This region's DynamoDB and KMS in LocalStack (the same edge endpoint, this region's name):
     * the regional tables are made as in {@link #startInfrastructure}, and the global ones are
     * kept in step by the stack's replicator reading LocalStack's streams, since LocalStack's own
     * replicas have no streams of their own to read.
     */
    static LocalRegion startOnLocalStack(LocalOptions.RegionSpec spec, LocalStackEndpoint localStack) {
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        DynamoDbClient dynamoDb = localStack.dynamoDb(spec.name(), http);
        DynamoDbStreamsClient streams = localStack.dynamoDbStreams(spec.name(), http);
        try {
            new CognateTables(TABLES).createIfMissing(dynamoDb);
            return new LocalRegion(spec.name(), new ReplicaRegion(spec.name(), dynamoDb, streams), localStack,
                    new LocalApiGateway(spec.name(), spec.port()), () -> {
                        dynamoDb.close();
                        streams.close();
                        http.close();
                    });
        } catch (RuntimeException e) {
            dynamoDb.close();
            streams.close();
            http.close();
            throw e;
        }
    }

    static LocalRegion startInfrastructure(LocalOptions.RegionSpec spec, KeyMaterialStore keys) {
        LocalDynamoDb dynamo = LocalDynamoDb.start(spec.name(), 0);
        try {
            new CognateTables(TABLES).createIfMissing(dynamo.client());
            new CognateTables(TABLES).createRegionalIfMissing(dynamo.client(), IDEMPOTENCY_TABLE);
            LocalKms kms = LocalKms.start(spec.name(), 0, keys);
            return new LocalRegion(spec.name(), dynamo, kms, new LocalApiGateway(spec.name(), spec.port()));
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    /** Wires the real handlers to this region's endpoints, as Lambda would from its environment. */
    void startFunctions(CognateConfig config, AuthorizerConfig authorizerConfig, FailoverSettings failoverSettings,
                        Clock clock, Sleeper sleeper) {
        startFunctions(config, PowertoolsConfig.defaults(), authorizerConfig, failoverSettings, clock, sleeper,
                Optional.empty());
    }

    /** {@code claims}: the stack's own client of strong mode's Claims table (empty in eventual mode). */
    void startFunctions(CognateConfig config, PowertoolsConfig powertools, AuthorizerConfig authorizerConfig,
                        FailoverSettings failoverSettings, Clock clock, Sleeper sleeper,
                        Optional<DynamoDbClient> claims) {
        // The functions' SDK calls are counted (GET /_local/usage); the stack's own clients are not.
        var counted = List.<ExecutionInterceptor>of(LocalUsage.jvm().sdkCalls());
        var countedAndThrottled = List.<ExecutionInterceptor>of(LocalUsage.jvm().sdkCalls(), dynamoDbThrottle);
        services = new IdentityApiServices(config, AwsClients.create(config, countedAndThrottled), clock, powertools,
                legacyPoolCredentials);
        verifier = new VerifierServices(config, authorizerConfig, clock, counted);
        // health-check shares the region's clients and metrics with identity-api, as one process does here.
        var healthResources = new HealthCheckResources(config, services.clients(), clock, services.authEvents());
        failover = new FailoverServices(healthResources, failoverSettings, sleeper);
        // The scheduled side of health-check: invoked by the local scheduler and /_local/switchover.
        watch = new EventRuleInvoker("health-check-watch", name, new FailoverWatchHandler(failover, sleeper));
        // The stream side of health-check (ReplicatedWritesHandler), fed by LocalConflicts. Its SDK
        // clients are not throttled: on AWS a throttled read is retried by the SDK and then by the
        // event source mapping, which the local trigger's immediate retries would not outlast.
        replicatedWritesClients = AwsClients.create(config, counted);
        replicatedWrites = new HealthCheckResources(config, replicatedWritesClients, clock, services.authEvents());
        // What the stack reports (epoch, /_local/status) reads past the throttling switch: a
        // throttled read would wait out the SDK's back-off, seconds of it at a 90 % share.
        statusLeaders = DynamoDbLeaderRecords.forMode(dynamoClient(), config.controlTable(),
                claims.orElse(dynamoClient()), config.claims().table(), clock);
        var wellKnown = new WellKnownHandler(verifier);
        var authorizer = new LambdaAuthorizer("token-verifier", new HttpApiAuthorizerHandler(verifier));
        var identityApi = new IdentityApiHandler(services);
        gateway.route("POST /", "identity-api", identityApi)
                .route("POST /oauth2/token", "identity-api", identityApi)
                .route("POST /saml2/idpresponse", "identity-api", identityApi)
                .route("GET /oauth2/idpresponse", "identity-api", identityApi)
                .route("GET /oauth2/authorize", "identity-api", identityApi)
                .route("GET /oauth2/userInfo", "identity-api", identityApi)
                .route("POST /oauth2/userInfo", "identity-api", identityApi)
                .route("POST /oauth2/revoke", "identity-api", identityApi)
                .route("GET /login", "identity-api", identityApi)
                .route("POST /login", "identity-api", identityApi)
                .route("POST /mfa", "identity-api", identityApi)
                .route("POST /newPassword", "identity-api", identityApi)
                .route("POST /passkey", "identity-api", identityApi)
                .route("GET /logout", "identity-api", identityApi)
                .route("GET /signup", "identity-api", identityApi)
                .route("POST /signup", "identity-api", identityApi)
                .route("GET /confirmUser", "identity-api", identityApi)
                .route("POST /confirmUser", "identity-api", identityApi)
                .route("GET /forgotPassword", "identity-api", identityApi)
                .route("POST /forgotPassword", "identity-api", identityApi)
                .route("POST /confirmForgotPassword", "identity-api", identityApi)
                .route("GET /hosted/ui.css", "identity-api", identityApi)
                .route("GET /hosted/logo", "identity-api", identityApi)
                .route("GET " + DEMO_WHOAMI, "demo-whoami", new DemoWhoAmIHandler(name), authorizer)
                .route("GET " + DEMO_SCOPED, "demo-whoami", new DemoWhoAmIHandler(name), authorizer)
                .route("GET " + WellKnownHandler.JWKS_PATH, "token-verifier", wellKnown)
                .route("GET " + WellKnownHandler.DISCOVERY_PATH, "token-verifier", wellKnown)
                .route("GET /health", "health-check", new HealthHandler(healthResources, failoverSettings))
                .throttle("GET /health", HEALTH_RATE_LIMIT, HEALTH_BURST_LIMIT, clock)
                .start();
    }

    public String name() {
        return name;
    }

    /** This region's API endpoint: what a Cognito client's endpoint URL points at. */
    public URI endpoint() {
        return gateway.uri();
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI kmsEndpoint() {
        return kmsEndpoint;
    }

    /** The in-JVM KMS, with its failure switch; LocalStack's KMS has none. */
    public LocalKms kms() {
        if (kms == null) {
            throw new IllegalStateException("KMS of " + name + " is LocalStack's, which has no failure switch");
        }
        return kms;
    }

    /** Whether this region's KMS is switched to failing (never, on LocalStack). */
    public boolean kmsFailing() {
        return kms != null && kms.isFailing();
    }

    /** A new KMS client of this region's KMS; the caller closes it. */
    public KmsClient newKmsClient() {
        return kms != null ? kms.newClient() : localStack.orElseThrow().kms(name);
    }

    /** The in-JVM DynamoDB server; on LocalStack use {@link #dynamoClient()}. */
    public LocalDynamoDb dynamo() {
        if (dynamo == null) {
            throw new IllegalStateException("DynamoDB of " + name + " is LocalStack's");
        }
        return dynamo;
    }

    /** A DynamoDB client of this region's tables (owned by the region). */
    public DynamoDbClient dynamoClient() {
        return replica.dynamo();
    }

    /** This region as the global-table replicator sees it: its tables and their streams. */
    public ReplicaRegion replicaRegion() {
        return replica;
    }

    public LocalApiGateway gateway() {
        return gateway;
    }

    LegacyPoolCredentials legacyPoolCredentials() {
        return legacyPoolCredentials;
    }

    public IdentityApiServices services() {
        return services;
    }

    public FailoverServices failover() {
        return failover;
    }

    /** The health-check function's EventBridge entry point (schedule and switchover requests). */
    /** The replicated-writes function's resources in this region: configuration, clients, clock, metrics. */
    public HealthCheckResources replicatedWrites() {
        return replicatedWrites;
    }

    public EventRuleInvoker watch() {
        return watch;
    }

    /** What this region's token-verifier function runs on. */
    public VerifierServices verifierServices() {
        return verifier;
    }

    public Optional<Long> epoch() {
        return leaderRecord().map(LeaderRecord::epoch);
    }

    /** primary while this region's copy of the leader record names it, fenced during a switchover, else secondary. */
    public String role() {
        try {
            return failover == null ? "unknown"
                    : failover.transitions().state().map(state -> state.roleOf(name)).orElse("unknown");
        } catch (RuntimeException unreachable) {
            return "unknown";
        }
    }

    /** This region's copy of the leader record, read past the throttling switch; empty when unreadable. */
    public Optional<LeaderRecord> leaderRecord() {
        try {
            return statusLeaders == null ? Optional.empty() : statusLeaders.current();
        } catch (RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    /** The share (0 to 1) of this region's functions' DynamoDB requests answered as throttled. */
    public void setDynamoDbThrottled(double share) {
        dynamoDbThrottle.setShare(share);
    }

    public double dynamoDbThrottled() {
        return dynamoDbThrottle.share();
    }

    @Override
    public void close() {
        gateway.close();
        dynamoDbThrottle.close();
        if (replicatedWritesClients != null) {
            replicatedWritesClients.close();
        }
        if (failover != null) {
            failover.close();
        }
        if (services != null) {
            services.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (kms != null) {
            kms.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        closeLocalStackClients.run();
    }
}
