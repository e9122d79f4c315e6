package io.cognate.local;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.FailoverServices;
import io.cognate.adapters.aws.RegionServices;
import io.cognate.adapters.aws.VerifierServices;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.config.PowertoolsConfig;
import io.cognate.config.FailoverSettings;
import io.cognate.domain.LeaderRecord;
import io.cognate.health.FailoverWatchHandler;
import io.cognate.health.HealthHandler;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.local.events.EventRuleInvoker;
import io.cognate.local.gateway.LocalApiGateway;
import io.cognate.local.kms.KeyMaterialStore;
import io.cognate.local.kms.LocalKms;
import io.cognate.ports.Sleeper;
import io.cognate.local.gateway.LambdaAuthorizer;
import io.cognate.local.gateway.LocalApiGateway;
import io.cognate.local.kms.KeyMaterialStore;
import io.cognate.local.kms.LocalKms;
import io.cognate.verifier.HttpApiAuthorizerHandler;
import io.cognate.verifier.WellKnownHandler;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

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
    /** Regional, like Lockout: SignUp's answers to retries (COGNATE_IDEMPOTENCY_TABLE). */
    public static final String IDEMPOTENCY_TABLE = "cognate-local-idempotency";

    private final String name;
    private final LocalDynamoDb dynamo;
    private final LocalKms kms;
    private final LocalApiGateway gateway;
    private RegionServices services;
    private FailoverServices failover;
    private EventRuleInvoker watch;
    private VerifierServices verifier;

    private LocalRegion(String name, LocalDynamoDb dynamo, LocalKms kms, LocalApiGateway gateway) {
        this.name = name;
        this.dynamo = dynamo;
        this.kms = kms;
        this.gateway = gateway;
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
        startFunctions(config, PowertoolsConfig.defaults(), authorizerConfig, failoverSettings, clock, sleeper);
    }

    void startFunctions(CognateConfig config, PowertoolsConfig powertools, AuthorizerConfig authorizerConfig,
                        FailoverSettings failoverSettings, Clock clock, Sleeper sleeper) {
        services = new RegionServices(config, AwsClients.create(config), clock, powertools);
        verifier = new VerifierServices(config, authorizerConfig, clock);
        failover = new FailoverServices(services, failoverSettings, sleeper);
        // The scheduled side of health-check: invoked by the local scheduler and /_local/switchover.
        watch = new EventRuleInvoker("health-check-watch", name, new FailoverWatchHandler(failover, sleeper));
        var wellKnown = new WellKnownHandler(verifier);
        var authorizer = new LambdaAuthorizer("token-authorizer", new HttpApiAuthorizerHandler(verifier));
        var identityApi = new IdentityApiHandler(services);
        gateway.route("POST /", "identity-api", identityApi)
                .route("POST /oauth2/token", "identity-api", identityApi)
                .route("GET " + DEMO_WHOAMI, "demo-whoami", new DemoWhoAmIHandler(name), authorizer)
                .route("GET " + DEMO_SCOPED, "demo-whoami", new DemoWhoAmIHandler(name), authorizer)
                .route("GET " + WellKnownHandler.JWKS_PATH, "token-verifier", wellKnown)
                .route("GET " + WellKnownHandler.DISCOVERY_PATH, "token-verifier", wellKnown)
                .route("GET /health", "health-check", new HealthHandler(services, failoverSettings))
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
        return dynamo.endpoint();
    }

    public URI kmsEndpoint() {
        return kms.endpoint();
    }

    public LocalKms kms() {
        return kms;
    }

    public LocalDynamoDb dynamo() {
        return dynamo;
    }

    public LocalApiGateway gateway() {
        return gateway;
    }

    public RegionServices services() {
        return services;
    }

    public FailoverServices failover() {
        return failover;
    }

    /** The health-check function's EventBridge entry point (schedule and switchover requests). */
    public EventRuleInvoker watch() {
        return watch;
    }

    /** What this region's token-verifier function runs on. */
    public VerifierServices verifierServices() {
        return verifier;
    }

    public Optional<Long> epoch() {
        return leader().map(LeaderRecord::epoch);
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

    private Optional<LeaderRecord> leader() {
        try {
            return services == null ? Optional.empty() : services.leaders().current();
        } catch (RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        gateway.close();
        if (failover != null) {
            failover.close();
        }
        if (services != null) {
            services.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        kms.close();
        dynamo.close();
    }
}
