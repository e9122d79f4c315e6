package io.cognate.testing;

import io.cognate.domain.triggers.SenderCodes;
import io.cognate.domain.migration.LegacyPoolSetting;
import io.cognate.domain.migration.UserMigration;
import io.cognate.domain.triggers.Triggers;
import io.cognate.config.CognateConfig;
import io.cognate.domain.AccountService;
import io.cognate.domain.AdminUsers;
import io.cognate.domain.AppClient;
import io.cognate.domain.ClientSendBudget;
import io.cognate.domain.DecoyDestinations;
import io.cognate.domain.IdentityService;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.OneTimeCodes;
import io.cognate.domain.PasswordHasher;
import io.cognate.domain.PasswordRecords;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.User;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.devices.DeviceConfiguration;
import io.cognate.domain.devices.DeviceKeys;
import io.cognate.domain.devices.DeviceService;
import io.cognate.domain.devices.DeviceSignIn;
import io.cognate.domain.groups.GroupService;
import io.cognate.domain.events.AuthEventHistory;
import io.cognate.domain.events.SignInHistory;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.mfa.TotpSecrets;
import io.cognate.domain.passkeys.PasskeyAssertions;
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
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.RefreshTokens;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.TokenSigner;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One region's core services wired as identity-api wires them (IdentityApiServices), on the
 * in-memory stores instead of DynamoDB and KMS: the same classes, the same shared password check
 * and lockout count, the same write fence. Passwords are hashed with {@link
 * FastTestPasswordHasher} unless the builder is given another hasher, codes go to a {@link RecordingCodeDelivery}, tokens are signed by a
 * {@link LocalRsaSigner} over the {@link FixedTestKey} unless another signer is given, and time is a
 * {@link MutableClock}.
 *
 * <p>The region starts as the leader at epoch 1 and holds one public app client, {@link
 * #CLIENT_ID}, allowed USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH. The services write the
 * Directory through a {@link WatchedUserDirectory}, so tests can interleave competing writes.
 */
public final class InMemoryRegion {
    public static final String CLIENT_ID = "test-client";
    public static final String USER_POOL_ID = "us-east-1_TestPool";
    public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    public static final Duration ACCESS_TOKEN_VALIDITY = Duration.ofHours(1);
    public static final Duration REFRESH_TOKEN_VALIDITY = Duration.ofDays(30);

    private final String region;
    private final String issuerUrl;
    private final MutableClock clock;
    private final InMemoryLeaderRecords leaders;
    private final InMemoryUserDirectory inMemoryDirectory;
    private final WatchedUserDirectory directory;
    private final InMemorySessionStore sessionStore = new InMemorySessionStore();
    private final InMemoryRevocations revocations;
    private final InMemoryLockoutCounters lockoutCounters = new InMemoryLockoutCounters();
    private final InMemoryLockVerdicts lockVerdicts = new InMemoryLockVerdicts();
    private final InMemoryUsedTotpCodes usedTotpCodes;
    private final InMemoryMfaSettings mfaSettings;
    private final InMemoryDevices devices;
    private final InMemoryGroupDirectory groups;
    private final DeviceConfiguration deviceConfiguration;
    private final SealedInMemory envelopes = new SealedInMemory();
    private final TokenSigner signer;
    private final FastTestPasswordHasher fastPasswordHasher = new FastTestPasswordHasher();
    private final PasswordHasher passwordHasher;
    private final RecordingCodeDelivery codeDelivery = new RecordingCodeDelivery();
    private final InMemoryUserAuthEventLog authEventLog = new InMemoryUserAuthEventLog();
    private volatile String callerAddress;
    private final SecureRandom random = new SecureRandom();
    private final TokenIssuer issuer;
    private final TokenVerifier tokenVerifier;
    private final SignInAttempts signInAttempts;
    private final PasswordSignIn passwordSignIn;
    private final WriteFence fence;
    private final DecoyDestinations decoys;
    private final SrpVerifiers srpVerifiers;
    private final InMemorySendBudgets sendBudgets = new InMemorySendBudgets();
    private final ClientSendBudget sendBudget;
    private final OneTimeCodes codes;
    private final PasswordRecords passwordRecords;
    private PasskeyAssertions passkeys = PasskeyAssertions.none();
    private final IdentityService identityService;
    private final AccountService accountService;
    private final ClientSecrets clientSecrets;
    private final SessionService sessionService;
    private final ChallengeSessions challengeSessions;
    private final TotpSecrets totpSecrets;
    private final MfaConfiguration mfaConfiguration;
    private final InMemoryPoolSettings poolSettingsStore;
    private final PoolSettingsSource poolSettings;
    private final FakeTriggerInvoker triggerInvoker = new FakeTriggerInvoker();
    private final FakeDataKeys dataKeys = new FakeDataKeys();
    private final Triggers triggers;
    private final AppClient client;
    private final InMemoryLegacyPool legacyPool = new InMemoryLegacyPool("us-east-1_Legacy1", "legacyclient");
    private UserMigration migration;

    private InMemoryRegion(Builder builder) {
        this.region = builder.region;
        this.issuerUrl = "https://cognito-idp." + region + ".amazonaws.com/" + USER_POOL_ID;
        this.clock = new MutableClock(builder.start);
        this.leaders = new InMemoryLeaderRecords(clock);
        this.inMemoryDirectory = new InMemoryUserDirectory(region, leaders);
        this.directory = new WatchedUserDirectory(inMemoryDirectory);
        this.revocations = new InMemoryRevocations(region);
        this.usedTotpCodes = new InMemoryUsedTotpCodes(region);
        this.mfaSettings = new InMemoryMfaSettings(inMemoryDirectory);
        this.devices = new InMemoryDevices(inMemoryDirectory);
        this.groups = new InMemoryGroupDirectory(inMemoryDirectory);
        this.deviceConfiguration = builder.devices;
        this.signer = builder.signer != null ? builder.signer : FixedTestKey.signer();
        this.passwordHasher = builder.passwordHasher != null ? builder.passwordHasher : fastPasswordHasher;
        this.mfaConfiguration = builder.mfa;

        this.issuer = new TokenIssuer(issuerUrl, signer, clock, groups);
        this.tokenVerifier = TokenVerifier.builder(issuerUrl, clock)
                .key(SigningKey.of(signer.publicKey()))
                .requiredAccessScopes(Set.of(TokenIssuer.ADMIN_SCOPE))
                .revocationCheck(new SessionRevocations(revocations))
                .build();
        this.codes = new OneTimeCodes(random);
        this.signInAttempts = new SignInAttempts(region, builder.lockout, lockoutCounters, lockVerdicts, clock);
        this.passwordSignIn = new PasswordSignIn(directory, passwordHasher, signInAttempts, AuthEvents.none(),
                new SignInHistory(authEventLog, codeDelivery, region, clock, random, AuthEvents.none(),
                        () -> Optional.ofNullable(callerAddress)),
                (clientId, username, password, validationData) -> migration.onSignIn(clientId, username, password,
                        validationData));
        this.fence = new WriteFence(region, leaders);
        this.decoys = new DecoyDestinations(signer);
        this.srpVerifiers = new SrpVerifiers(USER_POOL_ID, envelopes, random, decoys);
        this.passwordRecords = new PasswordRecords(passwordHasher, srpVerifiers);
        this.sendBudget = new ClientSendBudget(sendBudgets, builder.codeSendsPerClientPerHour, clock);
        this.poolSettingsStore = new InMemoryPoolSettings(region, leaders);
        this.poolSettings = new PoolSettingsSource(poolSettingsStore,
                PoolSettings.initial(USER_POOL_ID, builder.mfa), clock);
        this.triggers = new Triggers(region, USER_POOL_ID, () -> poolSettings.current().lambdaConfig(), triggerInvoker,
                new SenderCodes(dataKeys, USER_POOL_ID));
        this.identityService = new IdentityService(region, directory, sessionStore, fence, codeDelivery,
                poolSettings, passwordRecords, codes, new RefreshTokens(random), issuer,
                tokenVerifier, clock, passwordSignIn, decoys, sendBudget, triggers);
        this.accountService = new AccountService(region, directory, identityService, fence, codeDelivery,
                poolSettings, passwordRecords, codes, decoys, passwordSignIn, sendBudget, clock,
                (clientId, username, clientMetadata) -> migration.onForgotPassword(clientId, username, clientMetadata));
        this.migration = new UserMigration(USER_POOL_ID, directory, groups, mfaSettings, fence, passwordRecords,
                passwordHasher, triggers, () -> poolSettings.current().legacyPool(), legacyPool, envelopes, clock);
        this.clientSecrets = new ClientSecrets(envelopes, random);
        this.sessionService = new SessionService(directory, sessionStore, revocations, clientSecrets, issuer,
                tokenVerifier, clock, triggers);
        this.challengeSessions = new ChallengeSessions(USER_POOL_ID, envelopes, clock);
        this.totpSecrets = new TotpSecrets(USER_POOL_ID, envelopes, random);

        LeaderRecord first = leaders.initialise(new LeaderRecord(region, 1));
        this.client = new AppClient(CLIENT_ID, "test client",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH, AppClient.ALLOW_USER_SRP_AUTH, AppClient.ALLOW_USER_AUTH,
                        AppClient.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                        AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                ACCESS_TOKEN_VALIDITY, ACCESS_TOKEN_VALIDITY, REFRESH_TOKEN_VALIDITY);
        inMemoryDirectory.putClient(client, first);
    }

    /** The default region: us-east-1, leading, pool MFA OFF, Cognito's lockout policy. */
    public static InMemoryRegion create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String region = "us-east-1";
        private MfaConfiguration mfa = MfaConfiguration.OFF;
        private LockoutPolicy lockout = LockoutPolicy.cognitoDefault();
        private int codeSendsPerClientPerHour = CognateConfig.DEFAULT_CODE_SENDS_PER_CLIENT_PER_HOUR;
        private Instant start = START;
        private TokenSigner signer;
        private DeviceConfiguration devices = DeviceConfiguration.off();
        private PasswordHasher passwordHasher;

        private Builder() {
        }

        /** Another hasher in place of {@link FastTestPasswordHasher} (a benchmark's real Argon2id one). */
        public Builder passwordHasher(PasswordHasher hasher) {
            this.passwordHasher = hasher;
            return this;
        }

        /** The pool's device tracking for {@link #mfaSignIn()} and {@link #deviceService()}. */
        public Builder devices(DeviceConfiguration configuration) {
            this.devices = configuration;
            return this;
        }

        public Builder region(String name) {
            this.region = name;
            return this;
        }

        /** The pool's MFA setting for {@link #mfaSignIn()} and {@link #mfaEnrolment()}. */
        public Builder mfa(MfaConfiguration configuration) {
            this.mfa = configuration;
            return this;
        }

        public Builder codeSendsPerClientPerHour(int limit) {
            this.codeSendsPerClientPerHour = limit;
            return this;
        }

        public Builder lockout(LockoutPolicy policy) {
            this.lockout = policy;
            return this;
        }

        public Builder startingAt(Instant instant) {
            this.start = instant;
            return this;
        }

        public Builder signer(TokenSigner tokenSigner) {
            this.signer = tokenSigner;
            return this;
        }

        public InMemoryRegion build() {
            return new InMemoryRegion(this);
        }
    }

    // ---- what a test does as a user ---------------------------------------------------------

    /** SignUp through {@link #CLIENT_ID} with an e-mail address. */
    public IdentityService.SignUpResult signUp(String username, String password, String email) {
        return identityService.signUp(CLIENT_ID, username, password,
                List.of(new UserAttributes.Attribute("email", email)));
    }

    /** SignUp, then ConfirmSignUp with the code the user was sent: the user as now stored. */
    public User signUpConfirmed(String username, String password, String email) {
        signUp(username, password, email);
        identityService.confirmSignUp(CLIENT_ID, username, codeDelivery.lastCodeFor(username));
        return user(username);
    }

    /** USER_PASSWORD_AUTH through {@link #CLIENT_ID}, password only. */
    public IssuedTokens signIn(String username, String password) {
        return identityService.passwordAuth(CLIENT_ID, username, password);
    }

    /** The user as stored now; fails the test if there is none. */
    public User user(String username) {
        return inMemoryDirectory.findByUsername(Username.of(username))
                .orElseThrow(() -> new AssertionError("no user " + username));
    }

    /** The leader record in force. */
    public LeaderRecord leader() {
        return leaders.current().orElseThrow();
    }

    /** Stores another app client (a Directory write, so only while this region leads). */
    public AppClient putClient(AppClient other) {
        inMemoryDirectory.putClient(other, leader());
        return inMemoryDirectory.findClient(other.clientId()).orElseThrow();
    }

    /**
     * Stores a confidential copy of the default client's flows under {@code clientId}, and
     * returns its secret in plain text (what the client would be shown once).
     */
    public String putConfidentialClient(String clientId) {
        ClientSecrets.NewSecret secret = clientSecrets.newSecret(clientId);
        putClient(new AppClient(clientId, "confidential " + clientId, client.explicitAuthFlows(),
                ACCESS_TOKEN_VALIDITY, ACCESS_TOKEN_VALIDITY, REFRESH_TOKEN_VALIDITY, Set.of(), Set.of(),
                Optional.of(secret.stored())));
        return secret.plaintext();
    }

    /**
     * Promotes {@code otherRegion} in this region's copy of the leader record, as a failover
     * would: from now on this region is a read-only replica, and writes are fenced out.
     */
    public void handLeadershipTo(String otherRegion) {
        leaders.promote(leaders.state().orElseThrow(), otherRegion, "test failover", clock.instant(),
                Optional.empty()).orElseThrow();
    }

    // ---- the services -----------------------------------------------------------------------

    /** The pool's settings as the services read them (password policy, schema). */
    public PoolSettingsSource poolSettings() {
        return poolSettings;
    }

    public InMemoryPoolSettings poolSettingsStore() {
        return poolSettingsStore;
    }

    /** DescribeUserPool, UpdateUserPool, AddCustomAttributes, DeleteUserPool. */
    public PoolAdministration poolAdministration() {
        return new PoolAdministration(USER_POOL_ID, poolSettings, poolSettingsStore, fence, clock);
    }

    public IdentityService identityService() {
        return identityService;
    }

    public AccountService accountService() {
        return accountService;
    }

    public SessionService sessionService() {
        return sessionService;
    }

    /** USER_PASSWORD_AUTH with the pool's second factor, for the MFA setting the region was built with. */
    public MfaSignIn mfaSignIn() {
        return mfaSignIn(mfaConfiguration);
    }

    /** The same sign-in, on the same stores, for a pool with another MFA setting. */
    public MfaSignIn mfaSignIn(MfaConfiguration configuration) {
        return new MfaSignIn(configuration, identityService, passwordSignIn, signInAttempts, directory, mfaSettings,
                totpSecrets, challengeSessions, usedTotpCodes, clock,
                deviceConfiguration.tracksDevices() ? Optional.of(deviceSignIn()) : Optional.empty());
    }

    /** ConfirmDevice and the other device operations, for the device tracking the region was built with. */
    public DeviceService deviceService() {
        return new DeviceService(deviceConfiguration, identityService, directory, devices, deviceKeys(), fence, clock);
    }

    /** DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER on the same stores and lockout count as the password. */
    public DeviceSignIn deviceSignIn() {
        return new DeviceSignIn(USER_POOL_ID, deviceService(), identityService, passwordSignIn, signInAttempts,
                directory, challengeSessions, envelopes, usedTotpCodes, random, clock);
    }

    /** Device keys as this region mints them. */
    public DeviceKeys deviceKeys() {
        return new DeviceKeys(region, decoys, random);
    }

    public InMemoryDevices devices() {
        return devices;
    }

    /** The group operations, on the groups whose memberships this region's tokens claim. */
    public GroupService groupService() {
        return new GroupService(USER_POOL_ID, directory, groups, fence, clock);
    }

    public InMemoryGroupDirectory groups() {
        return groups;
    }

    /** USER_SRP_AUTH on the same stores and lockout count as the password flow. */
    public SrpSignIn srpSignIn() {
        return new SrpSignIn(USER_POOL_ID, identityService, passwordSignIn, directory, srpVerifiers, envelopes,
                usedTotpCodes, random, clock);
    }

    /** USER_AUTH on the same stores, codes going to {@link #codeDelivery}, passkeys as last set. */
    public ChoiceSignIn choiceSignIn() {
        return new ChoiceSignIn(identityService, mfaSignIn(), srpSignIn(), passwordSignIn, directory, challengeSessions,
                usedTotpCodes, new ChoiceSignIn.Delivery(region, codeDelivery, sendBudget, sendBudgets, codes, decoys),
                passkeys, mfaConfiguration, random, clock);
    }

    /** CUSTOM_AUTH on the same stores, lockout count and triggers, the second factor through {@link #mfaSignIn()}. */
    public CustomChallengeSignIn customChallengeSignIn() {
        return new CustomChallengeSignIn(identityService, mfaSignIn(), srpSignIn(), passwordSignIn, signInAttempts,
                directory, challengeSessions, usedTotpCodes, random);
    }

    /** The passkeys USER_AUTH's WEB_AUTHN factor checks from now on. */
    public void usePasskeys(PasskeyAssertions assertions) {
        this.passkeys = assertions;
    }

    public SrpVerifiers srpVerifiers() {
        return srpVerifiers;
    }

    public MfaEnrolment mfaEnrolment() {
        return mfaEnrolment(mfaConfiguration);
    }

    /** The same enrolment, on the same stores, for a pool with another MFA setting. */
    public MfaEnrolment mfaEnrolment(MfaConfiguration configuration) {
        return new MfaEnrolment(configuration, identityService, directory, mfaSettings, totpSecrets,
                challengeSessions, usedTotpCodes, fence, clock);
    }

    /** The triggers' fake functions: {@code serve} a target, then set it in the pool's LambdaConfig. */
    /** The KMS behind the custom sender's codes. */
    public FakeDataKeys dataKeys() {
        return dataKeys;
    }

    /** The Cognito pool users may be moved in from, once the pool's settings name it ({@link #useLegacyPool}). */
    public InMemoryLegacyPool legacyPool() {
        return legacyPool;
    }

    /** Names {@link #legacyPool} in the pool's settings, sub kept as {@code custom:legacy_sub} or as the sub. */
    public void useLegacyPool(boolean keepSub) {
        var address = legacyPool.address();
        poolAdministration().setLegacyPool(USER_POOL_ID, Optional.of(new LegacyPoolSetting(address.region(),
                address.userPoolId(), address.clientId(), Optional.empty(), Optional.empty(), keepSub)));
    }

    public UserMigration migration() {
        return migration;
    }

    public FakeTriggerInvoker triggerInvoker() {
        return triggerInvoker;
    }

    public Triggers triggers() {
        return triggers;
    }

    /** The Admin user operations on the same stores, named by {@link #USER_POOL_ID}. */
    public AdminUsers adminUsers() {
        return new AdminUsers(USER_POOL_ID, region, directory, fence, codeDelivery, poolSettings, passwordRecords,
                accountService, sessionService, mfaEnrolment(), random, clock, triggers);
    }

    /** NEW_PASSWORD_REQUIRED's answer, going on through {@link #mfaSignIn()}. */
    public NewPasswordChallenge newPasswordChallenge() {
        return new NewPasswordChallenge(identityService, challengeSessions, directory, fence,
                poolSettings, passwordRecords, mfaSignIn(), clock);
    }

    public ClientSecrets clientSecrets() {
        return clientSecrets;
    }

    /** Every user's authentication events, as the sign-ins here recorded them. */
    public InMemoryUserAuthEventLog authEventLog() {
        return authEventLog;
    }

    /** AdminListUserAuthEvents and the feedback operations, over {@link #authEventLog()}. */
    public AuthEventHistory authEventHistory() {
        return new AuthEventHistory(USER_POOL_ID, directory, authEventLog, clock);
    }

    /** The IP address requests come from from now on (null: unknown), as events record it. */
    public void callerAddress(String address) {
        this.callerAddress = address;
    }

    public PasswordSignIn passwordSignIn() {
        return passwordSignIn;
    }

    public SignInAttempts signInAttempts() {
        return signInAttempts;
    }

    public WriteFence fence() {
        return fence;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    /** The verifier of Cognate's own operations: admin scope required, revoked sessions refused. */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    public ChallengeSessions challengeSessions() {
        return challengeSessions;
    }

    // ---- the stores and the rest ------------------------------------------------------------

    public String region() {
        return region;
    }

    public String issuerUrl() {
        return issuerUrl;
    }

    /** The default app client, {@link #CLIENT_ID}. */
    public AppClient client() {
        return client;
    }

    public MutableClock clock() {
        return clock;
    }

    public InMemoryLeaderRecords leaders() {
        return leaders;
    }

    /** The Directory the services use: the in-memory one behind a {@link WatchedUserDirectory}. */
    public WatchedUserDirectory directory() {
        return directory;
    }

    /** The Directory itself, for reads and writes that no test watches. */
    public InMemoryUserDirectory inMemoryDirectory() {
        return inMemoryDirectory;
    }

    public InMemorySessionStore sessionStore() {
        return sessionStore;
    }

    public InMemoryRevocations revocations() {
        return revocations;
    }

    public InMemoryLockoutCounters lockoutCounters() {
        return lockoutCounters;
    }

    public InMemoryLockVerdicts lockVerdicts() {
        return lockVerdicts;
    }

    public InMemoryUsedTotpCodes usedTotpCodes() {
        return usedTotpCodes;
    }

    public InMemoryMfaSettings mfaSettings() {
        return mfaSettings;
    }

    public SealedInMemory envelopes() {
        return envelopes;
    }

    public TokenSigner signer() {
        return signer;
    }

    public FastTestPasswordHasher passwordHasher() {
        return fastPasswordHasher;
    }

    public RecordingCodeDelivery codeDelivery() {
        return codeDelivery;
    }
}
