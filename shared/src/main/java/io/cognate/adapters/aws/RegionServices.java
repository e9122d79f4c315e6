package io.cognate.adapters.aws;

import io.cognate.config.CognateConfig;
import io.cognate.domain.AccountService;
import io.cognate.domain.Argon2idPasswordHasher;
import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.IdentityService;
import io.cognate.domain.OneTimeCodes;
import io.cognate.domain.PasswordPolicy;
import io.cognate.domain.WriteFence;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Cognate's services for one region, wired to the AWS adapters. Clients are built eagerly
 * (once per execution environment); anything holding randomness is built on first use, after
 * a SnapStart restore, never before the snapshot.
 */
public final class RegionServices implements AutoCloseable {
    private final CognateConfig config;
    private final AwsClients clients;
    private final Clock clock;
    private final KmsTokenSigner signer;
    private final DynamoDbUserDirectory directory;
    private final DynamoDbLeaderRecords leaders;
    private final DynamoDbSessionStore sessions;
    private volatile IdentityService identityService;
    private volatile AccountService accountService;

    public RegionServices(CognateConfig config, AwsClients clients, Clock clock) {
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.signer = new KmsTokenSigner(clients.kms(), config.signingKeyId());
        this.directory = new DynamoDbUserDirectory(clients.dynamoDb(), config.directoryTable(),
                config.controlTable(), config.region());
        this.leaders = new DynamoDbLeaderRecords(clients.dynamoDb(), config.controlTable(), clock);
        this.sessions = new DynamoDbSessionStore(clients.dynamoDb(), config.sessionsTable());
    }

    public static RegionServices create(CognateConfig config) {
        return new RegionServices(config, AwsClients.create(config), Clock.systemUTC());
    }

    public CognateConfig config() {
        return config;
    }

    public AwsClients clients() {
        return clients;
    }

    public Clock clock() {
        return clock;
    }

    public UserDirectory directory() {
        return directory;
    }

    public LeaderRecords leaders() {
        return leaders;
    }

    /** Fetches the public key from KMS on first call, then serves it from memory. */
    public SigningKey signingKey() {
        return SigningKey.of(signer.publicKey());
    }

    public TokenVerifier tokenVerifier() {
        return TokenVerifier.forKey(config.issuer(), signingKey(), clock);
    }

    public IdentityService identityService() {
        IdentityService service = identityService;
        if (service == null) {
            synchronized (this) {
                service = identityService;
                if (service == null) {
                    service = buildIdentityService();
                    identityService = service;
                }
            }
        }
        return service;
    }

    /** Built on first use, like the identity service whose access-token check it uses. */
    public AccountService accountService() {
        AccountService service = accountService;
        if (service == null) {
            synchronized (this) {
                service = accountService;
                if (service == null) {
                    SecureRandom random = new SecureRandom();
                    service = new AccountService(config.region(), directory, identityService(),
                            new WriteFence(config.region(), leaders),
                            new EventBridgeCodeDelivery(clients.eventBridge(), config.eventBusName()),
                            PasswordPolicy.cognitoDefault(), new Argon2idPasswordHasher(random),
                            new OneTimeCodes(random), new DecoyDestinations(signer), clock);
                    accountService = service;
                }
            }
        }
        return service;
    }

    private IdentityService buildIdentityService() {
        SecureRandom random = new SecureRandom();
        var passwordHasher = new Argon2idPasswordHasher(random);
        var attempts = new SignInAttempts(config.region(), config.lockout(),
                new DynamoDbLockoutCounters(clients.dynamoDb(), config.lockoutTable()),
                new DynamoDbLockVerdicts(clients.dynamoDb(), config.sessionsTable()), clock);
        return new IdentityService(
                config.region(), directory, sessions, leaders,
                new EventBridgeCodeDelivery(clients.eventBridge(), config.eventBusName()),
                PasswordPolicy.cognitoDefault(),
                passwordHasher,
                new OneTimeCodes(random),
                new RefreshTokens(random),
                new TokenIssuer(config.issuer(), signer, clock),
                tokenVerifier(),
                clock,
                new PasswordSignIn(directory, passwordHasher, attempts),
                new DecoyDestinations(signer));
    }

    @Override
    public void close() {
        clients.close();
    }
}
