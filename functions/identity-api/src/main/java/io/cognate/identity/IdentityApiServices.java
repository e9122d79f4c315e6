package io.cognate.identity;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.DynamoDbAdminKeys;
import io.cognate.adapters.aws.DynamoDbAuthorizationCodes;
import io.cognate.adapters.aws.DynamoDbDevices;
import io.cognate.adapters.aws.DynamoDbGroupDirectory;
import io.cognate.adapters.aws.DynamoDbIdempotencyRecords;
import io.cognate.adapters.aws.DynamoDbImportJobs;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbLockVerdicts;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.adapters.aws.DynamoDbMfaSettings;
import io.cognate.adapters.aws.DynamoDbPasskeys;
import io.cognate.adapters.aws.DynamoDbPendingSamlRequests;
import io.cognate.adapters.aws.DynamoDbPoolSettings;
import io.cognate.adapters.aws.DynamoDbReplicaCatchUp;
import io.cognate.adapters.aws.DynamoDbRevocations;
import io.cognate.adapters.aws.DynamoDbSendBudgets;
import io.cognate.adapters.aws.DynamoDbSessionStore;
import io.cognate.adapters.aws.DynamoDbSignCounters;
import io.cognate.adapters.aws.DynamoDbUsedSamlAssertions;
import io.cognate.adapters.aws.DynamoDbUsedTotpCodes;
import io.cognate.adapters.aws.DynamoDbUserAuthEventLog;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.adapters.aws.EventBridgeCodeDelivery;
import io.cognate.adapters.aws.KmsDataKeys;
import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.adapters.aws.LambdaImportJobLauncher;
import io.cognate.adapters.aws.S3ImportUploads;
import io.cognate.adapters.aws.StrongClaims;
import io.cognate.adapters.forwarding.HttpLeaderForwarder;
import io.cognate.adapters.migration.CognitoLegacyPool;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import io.cognate.adapters.passwords.LegacyPasswordHashes;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.adapters.saml.JdkSamlXml;
import io.cognate.adapters.triggers.HttpTriggerInvoker;
import io.cognate.adapters.triggers.LambdaTriggerInvoker;
import io.cognate.adapters.triggers.RoutingTriggerInvoker;
import io.cognate.adapters.webauthn.WebAuthn4jVerifier;
import io.cognate.config.CognateConfig;
import io.cognate.config.ImportJobsConfig;
import io.cognate.config.Lazy;
import io.cognate.config.PowertoolsConfig;
import io.cognate.config.WriteForwardingConfig;
import io.cognate.domain.AccountService;
import io.cognate.domain.AdminUsers;
import io.cognate.domain.ClientSendBudget;
import io.cognate.domain.CognitoException;
import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.IdempotentSignUp;
import io.cognate.domain.IdentityService;
import io.cognate.domain.OneTimeCodes;
import io.cognate.domain.PasswordRecords;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.WriteFence;
import io.cognate.domain.admin.AdminKeyIssuance;
import io.cognate.domain.admin.AdminRequestAuthentication;
import io.cognate.domain.clients.AppClientRegistry;
import io.cognate.domain.clients.ClientCredentialsGrant;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.devices.DeviceKeys;
import io.cognate.domain.devices.DeviceService;
import io.cognate.domain.devices.DeviceSignIn;
import io.cognate.domain.events.AuthEventHistory;
import io.cognate.domain.events.SignInHistory;
import io.cognate.domain.federation.FederatedAuthorize;
import io.cognate.domain.federation.FederatedSignIn;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.IdentityProviders;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.SocialProviderEndpoints;
import io.cognate.domain.federation.saml.SamlIdentityProvider;
import io.cognate.domain.federation.saml.SamlProviderDetails;
import io.cognate.domain.federation.saml.SamlServiceProvider;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.domain.forwarding.ForwardingKeys;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.domain.groups.GroupService;
import io.cognate.domain.imports.PresignedS3Url;
import io.cognate.domain.imports.RecentLeaderRecord;
import io.cognate.domain.imports.UserImport;
import io.cognate.domain.imports.UserImportJobs;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.mfa.TotpSecrets;
import io.cognate.domain.migration.UserMigration;
import io.cognate.domain.oauth.AuthorizationCodeGrant;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.domain.oauth.HostedSessions;
import io.cognate.domain.passkeys.PasskeyAssertions;
import io.cognate.domain.passkeys.PasskeyRegistration;
import io.cognate.domain.passkeys.PasskeySignIn;
import io.cognate.domain.pool.PoolAdministration;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.domain.pool.PoolSettingsSource;
import io.cognate.domain.sessions.SessionRevocations;
import io.cognate.domain.sessions.SessionService;
import io.cognate.domain.signin.ChoiceSignIn;
import io.cognate.domain.signin.CustomChallengeSignIn;
import io.cognate.domain.signin.NewPasswordChallenge;
import io.cognate.domain.srp.SrpSignIn;
import io.cognate.domain.srp.SrpVerifiers;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.domain.triggers.SenderCodes;
import io.cognate.domain.triggers.Triggers;
import io.cognate.domain.users.UserListing;
import io.cognate.ports.AdminKeys;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.ImportJobLauncher;
import io.cognate.ports.ImportUploads;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.Revocations;
import io.cognate.ports.Sleeper;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * identity-api's services for one region, wired to the AWS adapters. Clients and stores are
 * built eagerly (once per execution environment); every service is built once, on first use,
 * through a {@link Lazy}: anything holding randomness is then made after a SnapStart restore,
 * never before the snapshot.
 */
public final class IdentityApiServices implements AutoCloseable {
    /** The triggers a pool starts with (Cognito's LambdaConfigType as JSON), set by the template. */
    static final String STARTING_TRIGGERS = "COGNATE_POOL_LAMBDA_CONFIG";

    private final CognateConfig config;
    private final AwsClients clients;
    private final Clock clock;
    private final PowertoolsConfig powertools;
    private final AuthEvents authEvents;
    private final KmsTokenSigner signer;
    private final DynamoDbUserDirectory directory;
    private final DynamoDbGroupDirectory groups;
    private final DynamoDbLeaderRecords leaders;
    private final DynamoDbSessionStore sessions;
    private final DynamoDbRevocations revocations;
    private final EventBridgeCodeDelivery codeDelivery;
    private final DynamoDbUserAuthEventLog authEventLog;
    private final WriteFence fence;
    private final DecoyDestinations decoys;
    private final DynamoDbSendBudgets sendBudgets;
    private final ClientSendBudget sendBudget;

    private final Lazy<SigningKey> signingKey;
    private final Lazy<TokenIssuer> issuer;
    private final Lazy<TokenVerifier> tokenVerifier;
    private final Lazy<SecureRandom> random;
    private final Lazy<OneTimeCodes> codes;
    private final Lazy<KmsSecretEnvelopes> envelopes;
    private final Lazy<PasswordWiring> passwords;
    private final Lazy<IdentityService> identityService;
    private final Lazy<AccountService> accountService;
    private final Lazy<SessionWiring> sessionWiring;
    private final Lazy<MfaWiring> mfaWiring;
    private final Lazy<PasskeyWiring> passkeyWiring;
    private final Lazy<IdempotentSignUp> signUps;
    private final AdminKeys adminKeys;
    private final Lazy<AdminRequestAuthentication> adminRequests;
    private final Lazy<AdminKeyIssuance> adminKeyIssuance;
    private final Lazy<GroupService> groupService;
    private final Lazy<AppClientRegistry> appClients;
    private final Lazy<FederationWiring> federation;
    private final Lazy<AdminUsers> adminUsers;
    private final Lazy<NewPasswordChallenge> newPasswordChallenge;
    private final DynamoDbPoolSettings poolSettingsStore;
    private final PoolSettingsSource poolSettings;
    private final Lazy<Triggers> triggers;
    private final CognitoLegacyPool legacyPool;
    private final DynamoDbMfaSettings mfaSettings;
    private final DynamoDbImportJobs importJobStore;
    private volatile ImportJobsConfig importJobsConfig = ImportJobsConfig.fromEnvironment();
    private volatile Supplier<PresignedS3Url.Credentials> uploadCredentials =
            S3ImportUploads.functionCredentials();
    private final Lazy<ImportJobLauncher> importJobLauncher;
    private final Lazy<UserImportJobs> userImportJobs;
    private volatile WriteForwardingConfig writeForwardingConfig = WriteForwardingConfig.fromEnvironment();
    private volatile Map<ProviderType, SocialProviderEndpoints> socialProviderStandIns = Map.of();
    private final HttpLeaderForwarder leaderForwarder = new HttpLeaderForwarder();
    private final Lazy<WriteForwarding> writeForwarding;

    public IdentityApiServices(CognateConfig config, AwsClients clients, Clock clock) {
        this(config, clients, clock, PowertoolsConfig.defaults());
    }

    /** With Powertools settings: metrics are EMF lines on standard output, as on Lambda. */
    public IdentityApiServices(CognateConfig config, AwsClients clients, Clock clock, PowertoolsConfig powertools) {
        this(config, clients, clock, powertools, DefaultCredentialsProvider.builder().build());
    }

    /** The same, asking the legacy pool of lazy migration with {@code legacyPoolCredentials}. */
    public IdentityApiServices(CognateConfig config, AwsClients clients, Clock clock, PowertoolsConfig powertools,
                               AwsCredentialsProvider legacyPoolCredentials) {
        this(config, clients, clock, powertools, EmfAuthEvents.toStandardOutput(
                powertools.metricsNamespace(), powertools.serviceName(), config.region()), legacyPoolCredentials);
    }

    public IdentityApiServices(CognateConfig config, AwsClients clients, Clock clock, PowertoolsConfig powertools,
                               AuthEvents authEvents) {
        this(config, clients, clock, powertools, authEvents, DefaultCredentialsProvider.builder().build());
    }

    /**
     * With the credentials the legacy pool of lazy migration is asked with: the SDK's default
     * chain on AWS (the function's role); the local stack passes the legacy local pool's admin key.
     */
    public IdentityApiServices(CognateConfig config, AwsClients clients, Clock clock, PowertoolsConfig powertools,
                               AuthEvents authEvents, AwsCredentialsProvider legacyPoolCredentials) {
        this.legacyPool = new CognitoLegacyPool(legacyPoolCredentials);
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.powertools = powertools;
        this.authEvents = authEvents;
        this.signer = new KmsTokenSigner(clients::kms, config.signingKeyId(), clients.kmsSignRequests());
        this.directory = new DynamoDbUserDirectory(clients.dynamoDb(), config.directoryTable(),
                config.controlTable(), config.region(),
                StrongClaims.forTable(clients.claimsDynamoDb(), config.claims().table(), config.region(), clock));
        this.groups = new DynamoDbGroupDirectory(clients.dynamoDb(), config.directoryTable(),
                config.controlTable(), config.region());
        this.leaders = DynamoDbLeaderRecords.forMode(clients.dynamoDb(), config.controlTable(),
                clients.claimsDynamoDb(), config.claims().table(), clock);
        this.sessions = new DynamoDbSessionStore(clients.dynamoDb(), config.sessionsTable());
        this.revocations = new DynamoDbRevocations(clients.dynamoDb(), config.sessionsTable(), config.region());
        this.codeDelivery = new EventBridgeCodeDelivery(clients::eventBridge, config.eventBusName());
        this.authEventLog = new DynamoDbUserAuthEventLog(clients.dynamoDb(), config.directoryTable(), config.region());
        this.fence = new WriteFence(config.region(), leaders);
        this.mfaSettings = new DynamoDbMfaSettings(clients.dynamoDb(), config.directoryTable(),
                config.controlTable(), config.region());
        this.decoys = new DecoyDestinations(signer);
        this.sendBudgets = new DynamoDbSendBudgets(clients.dynamoDb(), config.lockoutTable());
        this.sendBudget = new ClientSendBudget(sendBudgets, config.codeSendsPerClientPerHour(), clock);
        // The pool's settings replicate with the Directory; until UpdateUserPool writes them, the
        // deployment's MFA configuration and Cognito's default password policy hold.
        this.poolSettingsStore = new DynamoDbPoolSettings(clients.dynamoDb(), config.directoryTable(),
                config.controlTable(), config.region());
        // The triggers too: the template's PoolLambdaConfig, until UpdateUserPool sets LambdaConfig.
        this.poolSettings = new PoolSettingsSource(poolSettingsStore,
                PoolSettings.initial(config.userPoolId(), config.mfaConfiguration(),
                        PoolOperations.startingLambdaConfig(System.getenv(STARTING_TRIGGERS),
                                config.dynamoDbEndpoint().isPresent())), clock);
        // The pool's triggers, read from its replicated settings: a Lambda function is invoked in
        // this region (the one of the ARN's name deployed here) through the SDK, an http:// URL
        // (the local stack only) by POST. A CustomEmailSender's code is encrypted under the pool's
        // KMSKeyID with a data key from this region's KMS.
        this.triggers = Lazy.of(() -> new Triggers(config.region(), config.userPoolId(),
                () -> poolSettings.current().lambdaConfig(),
                new RoutingTriggerInvoker(
                        new LambdaTriggerInvoker(config.region(),
                                region -> clients.lambda(region, LambdaTriggerInvoker.TIMEOUT)),
                        new HttpTriggerInvoker()),
                new SenderCodes(new KmsDataKeys(clients::kms, config.region()), config.userPoolId())));

        // Fetched from KMS on first use, then served from memory.
        this.signingKey = Lazy.of(() -> SigningKey.of(signer.publicKey()));
        this.issuer = Lazy.of(() -> new TokenIssuer(config.issuer(), signer, clock, groups));
        // Cognate's own operations (GetUser, GlobalSignOut...): access tokens must carry the
        // admin scope, and revoked sessions are refused.
        this.tokenVerifier = Lazy.of(() -> TokenVerifier.builder(config.issuer(), clock)
                .key(signingKey.get())
                .requiredAccessScopes(Set.of(TokenIssuer.ADMIN_SCOPE))
                .revocationCheck(new SessionRevocations(revocations))
                .build());
        this.random = Lazy.of(SecureRandom::new);
        this.codes = Lazy.of(() -> new OneTimeCodes(random.get()));
        // Envelope encryption under the multi-region data key (TOTP secrets, challenge sessions,
        // client secrets).
        this.envelopes = Lazy.of(() -> new KmsSecretEnvelopes(clients::kms, config.dataKeyId(), random.get()));
        this.passwords = Lazy.of(this::buildPasswords);
        this.identityService = Lazy.of(this::buildIdentityService);
        this.accountService = Lazy.of(() -> new AccountService(config.region(), directory, identityService.get(),
                fence, codeDelivery, poolSettings, passwords.get().records(), codes.get(), decoys,
                passwords.get().signIn(), sendBudget, clock,
                (clientId, username, clientMetadata) -> passwords.get().migration().onForgotPassword(clientId, username,
                        clientMetadata)));
        this.sessionWiring = Lazy.of(this::buildSessionWiring);
        this.mfaWiring = Lazy.of(this::buildMfaWiring);
        this.passkeyWiring = Lazy.of(this::buildPasskeyWiring);
        // Admin keys replicate with the Directory; their secrets are sealed under the data key.
        this.adminKeys = new DynamoDbAdminKeys(clients.dynamoDb(), config.directoryTable(), config.controlTable(),
                config.region());
        this.adminRequests = Lazy.of(() -> new AdminRequestAuthentication(config.userPoolId(), adminKeys, envelopes.get(),
                authEvents, clock, random.get()));
        this.adminKeyIssuance = Lazy.of(() -> new AdminKeyIssuance(adminKeys, envelopes.get(), fence, random.get(), clock));
        this.signUps = Lazy.of(() -> new IdempotentSignUp(identityService.get(), directory, passwords.get().signIn(),
                new DynamoDbIdempotencyRecords(clients.dynamoDb(), powertools.idempotencyTable().orElseThrow()),
                clock));
        this.groupService = Lazy.of(() -> new GroupService(config.userPoolId(), directory, groups, fence, clock));
        this.federation = Lazy.of(() -> new FederationWiring(config, clients.dynamoDb(), envelopes.get(), fence,
                directory, random::get, () -> writeForwarding(), () -> socialProviderStandIns, clock));
        this.appClients = Lazy.of(() -> new AppClientRegistry(config.userPoolId(), directory, fence,
                sessionWiring.get().secrets(), random.get(), clock, federation.get().references()));
        this.adminUsers = Lazy.of(() -> new AdminUsers(config.userPoolId(), config.region(), directory, fence,
                codeDelivery, poolSettings, passwords.get().records(), accountService.get(),
                sessionWiring.get().sessions(), mfaWiring.get().enrolment(), random.get(), clock, triggers.get()));
        // Cognito's import jobs: files in the import bucket, rows through the import command's code.
        this.importJobStore = new DynamoDbImportJobs(clients.dynamoDb(), config.directoryTable(), config.controlTable(),
                config.region());
        this.importJobLauncher = Lazy.of(this::buildImportJobLauncher);
        this.userImportJobs = Lazy.of(this::buildUserImportJobs);
        // Writes asked of a region that does not lead go to the leader's regional endpoint, signed
        // with a secret sealed under the data key; the pool's setting turns it off.
        this.writeForwarding = Lazy.of(() -> new WriteForwarding(config.region(), config.userPoolId(), leaders,
                () -> poolSettings.current().writeForwarding(),
                new ForwardingKeys(config.userPoolId(), config.region(), envelopes.get(), random.get(), clock),
                leaderForwarder,
                new DynamoDbReplicaCatchUp(clients.dynamoDb(), Set.of(config.directoryTable(), config.sessionsTable()),
                        Sleeper.system()),
                () -> writeForwardingConfig, authEvents, clock));
        this.newPasswordChallenge = Lazy.of(() -> new NewPasswordChallenge(identityService.get(),
                new ChallengeSessions(config.userPoolId(), envelopes.get(), clock), directory, fence,
                poolSettings, passwords.get().records(), mfaWiring.get().signIn(), clock));
    }

    public static IdentityApiServices create(CognateConfig config) {
        return create(config, PowertoolsConfig.fromEnvironment());
    }

    public static IdentityApiServices create(CognateConfig config, PowertoolsConfig powertools) {
        return new IdentityApiServices(config, AwsClients.create(config), Clock.systemUTC(), powertools);
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

    /** Serves one request reading each app client once ({@link DynamoDbUserDirectory#sharingClientReads}). */
    public <T> T sharingClientReads(Supplier<T> request) {
        return directory.sharingClientReads(request);
    }

    public LeaderRecords leaders() {
        return leaders;
    }

    /** Fetches the public key from KMS on first call, then serves it from memory. */
    public SigningKey signingKey() {
        return signingKey.get();
    }

    /**
     * The verifier of Cognate's own operations (GetUser, GlobalSignOut...): access tokens must
     * carry the admin scope, and revoked sessions are refused.
     */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier.get();
    }

    public Revocations revocations() {
        return revocations;
    }

    public SessionService sessionService() {
        return sessionWiring.get().sessions();
    }

    public ClientSecrets clientSecrets() {
        return sessionWiring.get().secrets();
    }

    public ClientCredentialsGrant clientCredentialsGrant() {
        return sessionWiring.get().clientCredentials();
    }

    public IdentityService identityService() {
        return identityService.get();
    }

    /**
     * SignUp answering retries with the first answer when the function has an Idempotency
     * table ({@code COGNATE_IDEMPOTENCY_TABLE}); without one, plain SignUp.
     */
    public Optional<IdempotentSignUp> idempotentSignUp() {
        return powertools.idempotencyTable().isEmpty() ? Optional.empty() : Optional.of(signUps.get());
    }

    public AccountService accountService() {
        return accountService.get();
    }

    /** CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups and the memberships' operations. */
    public GroupService groupService() {
        return groupService.get();
    }

    /** Identity providers, resource servers and federated sign-in. */
    FederationWiring federation() {
        return federation.get();
    }

    /**
     * The seam of the authorization endpoint to upstream OIDC and OAuth 2.0 providers:
     * {@code start} for {@code /oauth2/authorize?identity_provider=...}, {@code finish} for
     * {@code /oauth2/idpresponse}.
     */
    public FederatedAuthorize federatedAuthorize() {
        return federation.get().authorize();
    }

    /** The pool's side of a federated sign-in: the user an upstream identity is. */
    public FederatedSignIn federatedSignIn() {
        return federation.get().signIn();
    }

    /** The pool's identity providers (CreateIdentityProvider and friends). */
    public IdentityProviders identityProviders() {
        return federation.get().providers();
    }

    /** CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients. */
    public AppClientRegistry appClientRegistry() {
        return appClients.get();
    }

    /** ListUsers. */
    public UserListing userListing() {
        return new UserListing(config.userPoolId(), directory);
    }

    /** AdminListUserAuthEvents and the feedback operations, over the events sign-ins recorded. */
    public AuthEventHistory authEventHistory() {
        return new AuthEventHistory(config.userPoolId(), directory, authEventLog, clock);
    }

    /** USER_PASSWORD_AUTH with the pool's second factor, and RespondToAuthChallenge. */
    public MfaSignIn mfaSignIn() {
        return mfaWiring.get().signIn();
    }

    /** USER_AUTH, choice-based sign-in. */
    public ChoiceSignIn choiceSignIn() {
        return mfaWiring.get().choice();
    }

    /** CUSTOM_AUTH: the pool's challenge triggers, on the same lockout count and sessions as the other flows. */
    public CustomChallengeSignIn customChallengeSignIn() {
        return mfaWiring.get().custom();
    }

    /** USER_SRP_AUTH's PASSWORD_VERIFIER challenge and its answer. */
    public SrpSignIn srpSignIn() {
        return mfaWiring.get().srp();
    }

    /** The Admin user operations (AdminCreateUser, AdminGetUser, AdminDisableUser...). */
    public AdminUsers adminUsers() {
        return adminUsers.get();
    }

    /** RespondToAuthChallenge NEW_PASSWORD_REQUIRED: a temporary password replaced at the first sign-in. */
    public NewPasswordChallenge newPasswordChallenge() {
        return newPasswordChallenge.get();
    }

    /** ConfirmDevice, GetDevice, ListDevices, ForgetDevice, UpdateDeviceStatus. */
    public DeviceService deviceService() {
        return mfaWiring.get().devices().devices();
    }

    /** DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER: a remembered device proven in place of the second factor. */
    public DeviceSignIn deviceSignIn() {
        return mfaWiring.get().devices();
    }

    /** AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference. */
    public MfaEnrolment mfaEnrolment() {
        return mfaWiring.get().enrolment();
    }

    /** StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential. */
    public PasskeyRegistration passkeyRegistration() {
        return passkeyWiring.get().registration();
    }

    /**
     * Passkey sign-in's verification half, for USER_AUTH's WEB_AUTHN challenge: works in every
     * region (the credentials replicate, the counts are kept where every region may write).
     */
    public PasskeyAssertions passkeyAssertions() {
        return passkeyWiring.get().assertions();
    }

    /** Checks the SigV4 signature and policy of Admin and management requests. */
    public AdminRequestAuthentication adminRequestAuthentication() {
        return adminRequests.get();
    }

    /** Issues, lists and revokes admin access keys (the admin-key command, the local stack's first key). */
    public AdminKeyIssuance adminKeyIssuance() {
        return adminKeyIssuance.get();
    }

    /**
     * Where import files go and how their runs start, in place of what the environment says: the
     * local stack points the uploads at its own endpoint, signed with its own key. Called before
     * the first request; the import-job services are built on first use.
     */
    public void useImportJobs(ImportJobsConfig config, Supplier<PresignedS3Url.Credentials> credentials) {
        this.importJobsConfig = config;
        this.uploadCredentials = credentials;
    }

    /**
     * Where this region forwards writes while another leads (the local runtime passes its regions'
     * ports, or none; on AWS the function's {@code COGNATE_REGIONS}). Read at each request.
     */
    public void useWriteForwarding(WriteForwardingConfig config) {
        this.writeForwardingConfig = config;
    }

    /**
     * Where this region reaches Facebook or Login with Amazon in place of Cognito's fixed endpoints:
     * the local runtime's tests point them at a provider they run. Nothing on AWS calls it, and no
     * pool setting or request reaches it (ProviderDetails cannot move those endpoints). Read at
     * each sign-in.
     */
    public void useSocialProviderStandIns(Map<ProviderType, SocialProviderEndpoints> standIns) {
        this.socialProviderStandIns = Map.copyOf(standIns);
    }

    /** Write forwarding: the sender's and the leader's side. */
    public WriteForwarding writeForwarding() {
        return writeForwarding.get();
    }

    /** GetCSVHeader and the user import job operations. */
    public UserImportJobs userImportJobs() {
        return userImportJobs.get();
    }

    /** Starts the run of a started import job: this function again, asynchronously, or a background thread. */
    public ImportJobLauncher importJobLauncher() {
        return importJobLauncher.get();
    }

    private ImportJobLauncher buildImportJobLauncher() {
        ImportJobsConfig jobs = importJobsConfig;
        if (jobs.functionName().isPresent()) {
            return new LambdaImportJobLauncher(clients, config.region(), jobs.functionName().get(), jobs.functionVersion());
        }
        // Outside Lambda (the local stack) the process lives on: a thread runs the job to its end.
        return jobId -> Thread.ofVirtual().name("import-" + jobId).start(() -> {
            try {
                userImportJobs.get().run(jobId, java.time.Duration.ofDays(1));
            } catch (RuntimeException failed) {
                org.slf4j.LoggerFactory.getLogger(IdentityApiServices.class)
                        .warn("import job {} run failed: {}", jobId, failed.getClass().getName());
            }
        });
    }

    private UserImportJobs buildUserImportJobs() {
        ImportJobsConfig jobs = importJobsConfig;
        ImportUploads uploads = jobs.bucket().<ImportUploads>map(bucket -> new S3ImportUploads(bucket, config.region(),
                jobs.uploadsEndpoint(), uploadCredentials, clock)).orElseGet(() -> new ImportUploads() {
                    @Override
                    public java.net.URI uploadUrl(String jobId, java.time.Instant expiresAt) {
                        throw CognitoException.unsupportedOperation("User import jobs need an import bucket ("
                                + ImportJobsConfig.BUCKET + ").");
                    }

                    @Override
                    public Optional<java.io.InputStream> open(String jobId) {
                        return Optional.empty();
                    }
                });
        // The rows' fence reads the leader record once a second, not once a row (each row's
        // transaction checks it again); the job's own moves use the request's fence.
        var importer = new UserImport(directory, new WriteFence(config.region(),
                new RecentLeaderRecord(leaders, java.time.Duration.ofSeconds(1), clock)), LegacyPasswordHashes::format, clock);
        return new UserImportJobs(config.userPoolId(), importJobStore, importer, fence, uploads,
                jobId -> importJobLauncher.get().launch(jobId), clock, random.get());
    }

    /**
     * Whether a trigger may be an {@code http://} URL: only where the configuration overrides the
     * AWS endpoints, which the local runtime and the tests alone do; a deployment never.
     */
    public boolean httpTriggersAllowed() {
        return config.dynamoDbEndpoint().isPresent();
    }

    /** The pool's settings as requests read them: cached for {@link PoolSettingsSource#FRESH_FOR}. */
    public PoolSettingsSource poolSettings() {
        return poolSettings;
    }

    /** DescribeUserPool, UpdateUserPool, AddCustomAttributes, DeleteUserPool. */
    public PoolAdministration poolAdministration() {
        return new PoolAdministration(config.userPoolId(), poolSettings, poolSettingsStore, fence, clock);
    }

    /**
     * The password check every sign-in path shares (one hasher, one lockout count, one sign-in),
     * and what every password write stores (hash and SRP verifier).
     */
    private record PasswordWiring(PasswordRecords records, SrpVerifiers verifiers, SignInAttempts attempts,
                                  PasswordSignIn signIn, UserMigration migration) {
    }

    private PasswordWiring buildPasswords() {
        var hasher = new Argon2idPasswordHasher(random.get());
        var verifiers = new SrpVerifiers(config.userPoolId(), envelopes.get(), random.get(), decoys);
        var attempts = new SignInAttempts(config.region(), config.lockout(),
                new DynamoDbLockoutCounters(clients.dynamoDb(), config.lockoutTable()),
                new DynamoDbLockVerdicts(clients.dynamoDb(), config.sessionsTable()), clock, authEvents);
        // Every sign-in, refused or not, is recorded in the user's event history (one PutItem).
        var history = new SignInHistory(authEventLog, codeDelivery, config.region(), clock, random.get(), authEvents,
                CallerAddresses::current);
        var records = new PasswordRecords(hasher, verifiers);
        // Lazy migration: a user not here yet is moved in from the UserMigration trigger, or else
        // from the legacy Cognito pool the pool's settings name, at their first sign-in or reset.
        var migration = new UserMigration(config.userPoolId(), directory, groups, mfaSettings, fence, records, hasher,
                triggers.get(), () -> poolSettings.current().legacyPool(), legacyPool, envelopes.get(),
                new ForwardedUserMigration(this::writeForwarding, config.region()), clock);
        return new PasswordWiring(records, verifiers, attempts,
                new PasswordSignIn(directory, hasher, attempts, authEvents, history, migration::onSignIn), migration);
    }

    private IdentityService buildIdentityService() {
        PasswordWiring wiring = passwords.get();
        return new IdentityService(
                config.region(), directory, sessions, fence, codeDelivery,
                poolSettings,
                wiring.records(),
                codes.get(),
                new RefreshTokens(random.get()),
                issuer.get(),
                tokenVerifier.get(),
                clock,
                wiring.signIn(),
                decoys,
                sendBudget,
                triggers.get());
    }

    private record SessionWiring(SessionService sessions, ClientSecrets secrets, ClientCredentialsGrant clientCredentials) {
    }

    private SessionWiring buildSessionWiring() {
        ClientSecrets secrets = new ClientSecrets(envelopes.get().alsoOpeningDirectCiphertexts(), random.get());
        return new SessionWiring(
                new SessionService(directory, sessions, revocations, secrets, issuer.get(), tokenVerifier.get(), clock,
                        triggers.get()),
                secrets,
                // A V3_0 PreTokenGeneration trigger is asked for machine-to-machine tokens too.
                new ClientCredentialsGrant(directory, issuer.get(),
                        (clientId, scopes) -> triggers.get().preTokenGenerationForClient(clientId, scopes,
                                java.util.Map.of())));
    }

    private record MfaWiring(MfaSignIn signIn, MfaEnrolment enrolment, SrpSignIn srp, ChoiceSignIn choice,
                             DeviceSignIn devices, CustomChallengeSignIn custom) {
    }

    private MfaWiring buildMfaWiring() {
        var secrets = new TotpSecrets(config.userPoolId(), envelopes.get(), random.get());
        var challenges = new ChallengeSessions(config.userPoolId(), envelopes.get(), clock);
        var settings = mfaSettings;
        var usedCodes = new DynamoDbUsedTotpCodes(clients.dynamoDb(), config.sessionsTable(), config.region());
        PasswordWiring wiring = passwords.get();
        var deviceService = new DeviceService(config.devices(), identityService.get(), directory,
                new DynamoDbDevices(clients.dynamoDb(), config.directoryTable(), config.controlTable(), config.region()),
                new DeviceKeys(config.region(), decoys, random.get()), fence, clock);
        var devices = new DeviceSignIn(config.userPoolId(), deviceService, identityService.get(), wiring.signIn(),
                wiring.attempts(), directory, challenges, envelopes.get(), usedCodes, random.get(), clock);
        var signIn = new MfaSignIn(poolSettings::mfaConfiguration, identityService.get(), wiring.signIn(), wiring.attempts(),
                directory, settings, secrets, challenges, usedCodes, clock, Optional.of(devices));
        var srp = new SrpSignIn(config.userPoolId(), identityService.get(), wiring.signIn(), directory,
                wiring.verifiers(), envelopes.get(), usedCodes, random.get(), clock);
        var delivery = new ChoiceSignIn.Delivery(config.region(), codeDelivery, sendBudget, sendBudgets, codes.get(),
                decoys);
        return new MfaWiring(signIn,
                new MfaEnrolment(poolSettings::mfaConfiguration, identityService.get(), directory, settings, secrets,
                        challenges, usedCodes, fence, clock),
                srp,
                new ChoiceSignIn(identityService.get(), signIn, srp, wiring.signIn(), directory, challenges, usedCodes,
                        delivery, passkeyAssertionsOnFirstUse(), poolSettings::mfaConfiguration, random.get(), clock),
                devices,
                new CustomChallengeSignIn(identityService.get(), signIn, srp, wiring.signIn(), wiring.attempts(),
                        directory, challenges, usedCodes, random.get()));
    }

    private record PasskeyWiring(PasskeyRegistration registration, PasskeyAssertions assertions) {
    }

    /**
     * USER_AUTH's passkey factor, built at its first use: every sign-in path shares the MFA
     * wiring, and building webauthn4j's verifier with its Jackson 3 converters there loaded about
     * 500 classes into a password sign-in's cold start that never asks for a passkey.
     */
    private PasskeyAssertions passkeyAssertionsOnFirstUse() {
        return new PasskeyAssertions() {
            @Override
            public boolean hasPasskeys(String sub) {
                return passkeyWiring.get().assertions().hasPasskeys(sub);
            }

            @Override
            public Assertion start(io.cognate.domain.User user) {
                return passkeyWiring.get().assertions().start(user);
            }

            @Override
            public boolean verify(io.cognate.domain.User user, byte[] challenge, String credentialJson) {
                return passkeyWiring.get().assertions().verify(user, challenge, credentialJson);
            }
        };
    }

    private PasskeyWiring buildPasskeyWiring() {
        var store = new DynamoDbPasskeys(clients.dynamoDb(), config.directoryTable(), config.controlTable(), config.region());
        var verifier = new WebAuthn4jVerifier();
        return new PasskeyWiring(
                new PasskeyRegistration(config.relyingParty(), identityService.get(), store, verifier, fence, random.get(),
                        clock),
                new PasskeySignIn(config.relyingParty(), store,
                        new DynamoDbSignCounters(clients.dynamoDb(), config.sessionsTable(), config.region(), clock),
                        verifier, random.get()));
    }

    /** Lazy migration: the UserMigration trigger or the legacy pool, and the legacy pool's setting. */
    public UserMigration userMigration() {
        return passwords.get().migration();
    }

    /** Seals a legacy pool's app client secret under the data key, for its {@code LegacyPoolSetting}. */
    public String sealLegacyClientSecret(String clientSecret) {
        return UserMigration.sealClientSecret(envelopes.get(), config.userPoolId(), clientSecret);
    }

    // SAML 2.0 federation, the pool as service provider (POST /saml2/idpresponse).
    private final Lazy<SamlSignIn> samlSignIn = Lazy.of(this::buildSamlSignIn);

    private SamlSignIn buildSamlSignIn() {
        JdkSamlXml xml = new JdkSamlXml();
        return new SamlSignIn(SamlServiceProvider.of(config.userPoolId(), List.of(config.issuer())),
                providerName -> samlProvider(providerName, xml), xml,
                new DynamoDbPendingSamlRequests(clients.dynamoDb(), config.sessionsTable(), config.region()),
                new DynamoDbUsedSamlAssertions(clients.dynamoDb(), config.sessionsTable(), config.region()),
                clock);
    }

    /** SP-initiated SAML sign-in (started by /oauth2/authorize) and the answers at /saml2/idpresponse. */
    public SamlSignIn samlSignIn() {
        return samlSignIn.get();
    }

    /**
     * The pool's SAML provider of that name, as identity-provider management stores it (its
     * MetadataFile, IDPInit); empty for an unknown name or a provider of another type, so every
     * response naming it is refused alike.
     */
    private Optional<SamlIdentityProvider> samlProvider(String providerName, JdkSamlXml xml) {
        try {
            IdentityProvider provider = identityProviders().describe(config.userPoolId(), providerName);
            if (provider.type() != ProviderType.SAML) {
                return Optional.empty();
            }
            return Optional.of(SamlProviderDetails.provider(provider.name(), provider.details(), xml));
        } catch (CognitoException unknown) {
            return Optional.empty();
        }
    }

    private final Lazy<OAuthWiring> oauth = Lazy.of(this::buildOAuth);

    private OAuthWiring buildOAuth() {
        return new OAuthWiring(config.region(), config.issuer(),
            directory(), new AuthorizationRequests(directory()),
            new AuthorizationCodeGrant(config.region(), directory(),
                    new DynamoDbAuthorizationCodes(clients.dynamoDb(), config.sessionsTable(), config.region()),
                    identityService(), random::get, clock),
            new HostedSessions(config.userPoolId(), envelopes.get(), clock),
            // userInfo takes any access token with openid (OpenID Connect Core §5.3), revoked sessions refused.
            TokenVerifier.builder(config.issuer(), clock).key(signingKey())
                    .requiredAccessScopes(Set.of("openid"))
                    .revocationCheck(new SessionRevocations(revocations)).build(),
            this::identityService, this::mfaSignIn, this::newPasswordChallenge,
            // Passkeys on the hosted pages: USER_AUTH's WEB_AUTHN challenge, the API's own.
            this::choiceSignIn, config.relyingParty().isPresent(),
            // identity_provider / idp_identifier: OIDC and OAuth 2.0 providers through federation's
            // sealed state, SAML through a stored AuthnRequest; built only when a request names one.
            new io.cognate.domain.federation.UpstreamAuthorizeRedirects(
                    () -> federation.get().directory(), directory(),
                    this::federatedAuthorize, this::samlSignIn),
            random.get(), clock);
    }

    /** The OAuth endpoints' and hosted pages' services (/oauth2/authorize, /login, /oauth2/userInfo...). */
    OAuthWiring oauth() {
        return oauth.get();
    }

    // The hosted pages' branding (SetUICustomization), stored next to the pool's settings.
    private final Lazy<BrandingWiring> branding = Lazy.of(this::buildBranding);

    private BrandingWiring buildBranding() {
        return new BrandingWiring(config, clients.dynamoDb(), fence, directory, clock);
    }

    /** SetUICustomization, GetUICustomization and the branded hosted pages' service. */
    io.cognate.domain.branding.UiCustomizations uiCustomizations() {
        return branding.get().customizations();
    }

    @Override
    public void close() {
        legacyPool.close();
        clients.close();
    }
}
