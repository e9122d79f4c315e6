package io.cognate.adapters.aws;

import io.cognate.adapters.powertools.PowertoolsAuthEvents;
import io.cognate.config.CognateConfig;
import io.cognate.config.PowertoolsConfig;
import io.cognate.domain.AccountService;
import io.cognate.domain.Argon2idPasswordHasher;
import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.IdempotentSignUp;
import io.cognate.domain.IdentityService;
import io.cognate.domain.OneTimeCodes;
import io.cognate.domain.PasswordPolicy;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.WriteFence;
import io.cognate.domain.clients.ClientCredentialsGrant;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.mfa.TotpSecrets;
import io.cognate.domain.sessions.SessionRevocations;
import io.cognate.domain.sessions.SessionService;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.Revocations;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

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
    private final DynamoDbRevocations revocations;
    private final PowertoolsConfig powertools;
    private final AuthEvents authEvents;
    private volatile KmsSecretEnvelopes envelopes;
    private volatile IdentityService identityService;
    private volatile PasswordWiring passwords;
    private volatile AccountService accountService;
    private volatile SessionWiring sessionWiring;
    private volatile MfaWiring mfaWiring;
    private volatile IdempotentSignUp signUps;

    public RegionServices(CognateConfig config, AwsClients clients, Clock clock) {
        this(config, clients, clock, PowertoolsConfig.defaults());
    }

    /** With Powertools settings: metrics are EMF lines on standard output, as on Lambda. */
    public RegionServices(CognateConfig config, AwsClients clients, Clock clock, PowertoolsConfig powertools) {
        this(config, clients, clock, powertools, PowertoolsAuthEvents.toStandardOutput(
                powertools.metricsNamespace(), powertools.serviceName(), config.region()));
    }

    public RegionServices(CognateConfig config, AwsClients clients, Clock clock, PowertoolsConfig powertools,
                          AuthEvents authEvents) {
        this.powertools = powertools;
        this.authEvents = authEvents;
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.signer = new KmsTokenSigner(clients.kms(), config.signingKeyId());
        this.directory = new DynamoDbUserDirectory(clients.dynamoDb(), config.directoryTable(),
                config.controlTable(), config.region());
        this.leaders = new DynamoDbLeaderRecords(clients.dynamoDb(), config.controlTable(), clock);
        this.sessions = new DynamoDbSessionStore(clients.dynamoDb(), config.sessionsTable());
        this.revocations = new DynamoDbRevocations(clients.dynamoDb(), config.sessionsTable(), config.region());
    }

    public static RegionServices create(CognateConfig config) {
        return create(config, PowertoolsConfig.fromEnvironment());
    }

    public static RegionServices create(CognateConfig config, PowertoolsConfig powertools) {
        return new RegionServices(config, AwsClients.create(config), Clock.systemUTC(), powertools);
    }

    /** Where sign-ins, lockouts, promotions and replication lag are reported. */
    public AuthEvents authEvents() {
        return authEvents;
    }

    public PowertoolsConfig powertools() {
        return powertools;
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

    /**
     * The verifier of Cognate's own operations (GetUser, GlobalSignOut...): access tokens must
     * carry the admin scope, and revoked sessions are refused.
     */
    public TokenVerifier tokenVerifier() {
        return TokenVerifier.builder(config.issuer(), clock)
                .key(signingKey())
                .requiredAccessScopes(Set.of(TokenIssuer.ADMIN_SCOPE))
                .revocationCheck(new SessionRevocations(revocations))
                .build();
    }

    public Revocations revocations() {
        return revocations;
    }

    public SessionService sessionService() {
        return sessionWiring().sessions();
    }

    public ClientSecrets clientSecrets() {
        return sessionWiring().secrets();
    }

    public ClientCredentialsGrant clientCredentialsGrant() {
        return sessionWiring().clientCredentials();
    }

    private SessionWiring sessionWiring() {
        SessionWiring wiring = sessionWiring;
        if (wiring == null) {
            synchronized (this) {
                wiring = sessionWiring;
                if (wiring == null) {
                    // Built on first use: ClientSecrets holds randomness, never captured in a snapshot.
                    TokenIssuer issuer = new TokenIssuer(config.issuer(), signer, clock);
                    ClientSecrets secrets = new ClientSecrets(envelopes().alsoOpeningDirectCiphertexts(), new SecureRandom());
                    wiring = new SessionWiring(
                            new SessionService(directory, sessions, revocations, secrets, issuer, tokenVerifier(), clock),
                            secrets,
                            new ClientCredentialsGrant(directory, issuer));
                    sessionWiring = wiring;
                }
            }
        }
        return wiring;
    }

    private record SessionWiring(SessionService sessions, ClientSecrets secrets, ClientCredentialsGrant clientCredentials) {
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

    /**
     * SignUp answering retries with the first answer when the function has an Idempotency
     * table ({@code COGNATE_IDEMPOTENCY_TABLE}); without one, plain SignUp. Built on first use.
     */
    public Optional<IdempotentSignUp> idempotentSignUp() {
        if (powertools.idempotencyTable().isEmpty()) {
            return Optional.empty();
        }
        IdempotentSignUp current = signUps;
        if (current == null) {
            synchronized (this) {
                current = signUps;
                if (current == null) {
                    current = new IdempotentSignUp(identityService(), directory, passwords().hasher(),
                            new DynamoDbIdempotencyRecords(clients.dynamoDb(), powertools.idempotencyTable().get()),
                            clock);
                    signUps = current;
                }
            }
        }
        return Optional.of(current);
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

    /** USER_PASSWORD_AUTH with the pool's second factor, and RespondToAuthChallenge. */
    public MfaSignIn mfaSignIn() {
        return mfaWiring().signIn();
    }

    /** AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference. */
    public MfaEnrolment mfaEnrolment() {
        return mfaWiring().enrolment();
    }

    private MfaWiring mfaWiring() {
        MfaWiring wiring = mfaWiring;
        if (wiring == null) {
            synchronized (this) {
                wiring = mfaWiring;
                if (wiring == null) {
                    // Built on first use: the secrets and sessions hold randomness, never captured in a snapshot.
                    SecureRandom random = new SecureRandom();
                    var secrets = new TotpSecrets(config.userPoolId(), envelopes(), random);
                    var challenges = new ChallengeSessions(config.userPoolId(), envelopes(), clock);
                    var settings = new DynamoDbMfaSettings(clients.dynamoDb(), config.directoryTable(),
                            config.controlTable(), config.region());
                    var usedCodes = new DynamoDbUsedTotpCodes(clients.dynamoDb(), config.sessionsTable(), config.region());
                    PasswordWiring passwords = passwords();
                    wiring = new MfaWiring(
                            new MfaSignIn(config.mfaConfiguration(), identityService(), passwords.signIn(),
                                    passwords.attempts(),
                                    directory, settings, secrets, challenges, usedCodes, clock),
                            new MfaEnrolment(config.mfaConfiguration(), identityService(), directory, settings, secrets,
                                    challenges, usedCodes, new WriteFence(config.region(), leaders), clock));
                    mfaWiring = wiring;
                }
            }
        }
        return wiring;
    }

    /**
     * Envelope encryption under the multi-region data key (TOTP secrets, challenge sessions,
     * client secrets). Built on first use: it holds a SecureRandom, never captured in a snapshot.
     */
    private KmsSecretEnvelopes envelopes() {
        KmsSecretEnvelopes current = envelopes;
        if (current == null) {
            synchronized (this) {
                current = envelopes;
                if (current == null) {
                    current = new KmsSecretEnvelopes(clients.kms(), config.dataKeyId(), new SecureRandom());
                    envelopes = current;
                }
            }
        }
        return current;
    }

    private record MfaWiring(MfaSignIn signIn, MfaEnrolment enrolment) {
    }

    /** The password check every sign-in path shares: one hasher, one lockout count, one sign-in. */
    private record PasswordWiring(Argon2idPasswordHasher hasher, SignInAttempts attempts, PasswordSignIn signIn) {
    }

    /** Made with the identity service, which it is part of. */
    private PasswordWiring passwords() {
        identityService();
        return passwords;
    }

    private IdentityService buildIdentityService() {
        SecureRandom random = new SecureRandom();
        var passwordHasher = new Argon2idPasswordHasher(random);
        var attempts = new SignInAttempts(config.region(), config.lockout(),
                new DynamoDbLockoutCounters(clients.dynamoDb(), config.lockoutTable()),
                new DynamoDbLockVerdicts(clients.dynamoDb(), config.sessionsTable()), clock, authEvents);
        passwords = new PasswordWiring(passwordHasher, attempts, new PasswordSignIn(directory, passwordHasher, attempts, authEvents));
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
                passwords.signIn(),
                new DecoyDestinations(signer));
    }

    @Override
    public void close() {
        clients.close();
    }
}
