package io.cognate.config;

import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.devices.DeviceConfiguration;
import io.cognate.domain.devices.DeviceTracking;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.passkeys.RelyingParty;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a function needs to know about its deployment, read from its environment.
 * On AWS the map is {@code System.getenv()}; the local runtime passes one map per region, so
 * two regions can run side by side in one JVM with the same production code.
 */
public record CognateConfig(
        String region,
        String userPoolId,
        String issuer,
        String directoryTable,
        String sessionsTable,
        String controlTable,
        String lockoutTable,
        String signingKeyId,
        String dataKeyId,
        String eventBusName,
        Duration accessTokenTtl,
        Duration idTokenTtl,
        Duration refreshTokenTtl,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> kmsEndpoint,
        Optional<URI> eventBridgeEndpoint,
        LockoutPolicy lockout,
        MfaConfiguration mfaConfiguration,
        int codeSendsPerClientPerHour,
        Optional<RelyingParty> relyingParty,
        DeviceConfiguration devices,
        ClaimsTableConfig claims) {

    /**
     * Codes (sign-up, resend, reset) one app client may have sent from one region in an hour.
     * A ceiling against a flood that mails arbitrary addresses through the pool, not a quota to
     * plan on: Cognito's own mailer stops at 50 a day, and a pool that sends more uses its own
     * SES account and sets this to match.
     */
    public static final int DEFAULT_CODE_SENDS_PER_CLIENT_PER_HOUR = 1_000;

    public static final String REGION = "AWS_REGION";
    public static final String CODE_SENDS_PER_CLIENT_PER_HOUR = "COGNATE_CODE_SENDS_PER_CLIENT_PER_HOUR";
    public static final String USER_POOL_ID = "COGNATE_USER_POOL_ID";
    public static final String ISSUER = "COGNATE_ISSUER";
    public static final String DIRECTORY_TABLE = "COGNATE_DIRECTORY_TABLE";
    public static final String SESSIONS_TABLE = "COGNATE_SESSIONS_TABLE";
    public static final String CONTROL_TABLE = "COGNATE_CONTROL_TABLE";
    public static final String LOCKOUT_TABLE = "COGNATE_LOCKOUT_TABLE";
    public static final String SIGNING_KEY_ID = "COGNATE_SIGNING_KEY_ID";
    public static final String DATA_KEY_ID = "COGNATE_DATA_KEY_ID";
    public static final String EVENT_BUS_NAME = "COGNATE_EVENT_BUS_NAME";
    public static final String ACCESS_TOKEN_TTL = "COGNATE_ACCESS_TOKEN_TTL_SECONDS";
    public static final String ID_TOKEN_TTL = "COGNATE_ID_TOKEN_TTL_SECONDS";
    public static final String REFRESH_TOKEN_TTL = "COGNATE_REFRESH_TOKEN_TTL_SECONDS";
    /** Password lockout; every one defaults to Cognito's behaviour (see {@link LockoutPolicy}). */
    public static final String LOCKOUT_MAX_FAILURES = "COGNATE_LOCKOUT_MAX_FAILURES";
    public static final String LOCKOUT_FIRST_LOCK = "COGNATE_LOCKOUT_FIRST_LOCK_SECONDS";
    public static final String LOCKOUT_MAX_LOCK = "COGNATE_LOCKOUT_MAX_LOCK_SECONDS";
    public static final String LOCKOUT_IDLE_RESET = "COGNATE_LOCKOUT_IDLE_RESET_SECONDS";
    public static final String LOCKOUT_REPLICATE_VERDICTS = "COGNATE_LOCKOUT_REPLICATE_VERDICTS";
    /** The pool's MFA: OFF, OPTIONAL (the default) or ON. */
    public static final String MFA_CONFIGURATION = "COGNATE_MFA_CONFIGURATION";
    /**
     * The passkeys' relying party id: the pool's domain (template parameter {@code DomainName}).
     * Unset, the passkey operations answer {@code WebAuthnConfigurationMissingException}.
     */
    public static final String RELYING_PARTY_ID = "COGNATE_RELYING_PARTY_ID";
    /** Comma-separated origins allowed to use passkeys; default {@code https://<relying party id>}. */
    public static final String RELYING_PARTY_ORIGINS = "COGNATE_RELYING_PARTY_ORIGINS";
    /** Device tracking: OFF (the default), ALWAYS or USER_OPT_IN (see {@link DeviceTracking}). */
    public static final String DEVICE_TRACKING = "COGNATE_DEVICE_TRACKING";
    /** Whether a remembered device is proven instead of the second factor; true unless set to false. */
    public static final String REMEMBERED_DEVICE_SKIPS_MFA = "COGNATE_REMEMBERED_DEVICE_SKIPS_MFA";
    /** Endpoint overrides: set only by the local runtime and tests. */
    public static final String DYNAMODB_ENDPOINT = "COGNATE_DYNAMODB_ENDPOINT";
    public static final String KMS_ENDPOINT = "COGNATE_KMS_ENDPOINT";
    public static final String EVENTBRIDGE_ENDPOINT = "COGNATE_EVENTBRIDGE_ENDPOINT";

    public static CognateConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static CognateConfig from(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        return new CognateConfig(
                reader.required(REGION),
                reader.required(USER_POOL_ID),
                reader.required(ISSUER),
                reader.required(DIRECTORY_TABLE),
                reader.required(SESSIONS_TABLE),
                reader.required(CONTROL_TABLE),
                reader.optional(LOCKOUT_TABLE).orElse(""),
                reader.required(SIGNING_KEY_ID),
                reader.optional(DATA_KEY_ID).orElse(""),
                reader.optional(EVENT_BUS_NAME).orElse("default"),
                reader.seconds(ACCESS_TOKEN_TTL, Duration.ofHours(1)),
                reader.seconds(ID_TOKEN_TTL, Duration.ofHours(1)),
                reader.seconds(REFRESH_TOKEN_TTL, Duration.ofDays(30)),
                reader.optional(DYNAMODB_ENDPOINT).map(URI::create),
                reader.optional(KMS_ENDPOINT).map(URI::create),
                reader.optional(EVENTBRIDGE_ENDPOINT).map(URI::create),
                lockout(reader),
                mfaConfiguration(reader),
                reader.count(CODE_SENDS_PER_CLIENT_PER_HOUR, DEFAULT_CODE_SENDS_PER_CLIENT_PER_HOUR),
                relyingParty(reader),
                devices(reader),
                ClaimsTableConfig.from(env));
    }

    private static Optional<RelyingParty> relyingParty(EnvironmentReader reader) {
        Optional<String> id = reader.optional(RELYING_PARTY_ID).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> origins = reader.optional(RELYING_PARTY_ORIGINS).map(String::trim).filter(s -> !s.isEmpty());
        if (id.isEmpty()) {
            if (origins.isPresent()) {
                throw new IllegalStateException(RELYING_PARTY_ORIGINS + " is set without " + RELYING_PARTY_ID);
            }
            return Optional.empty();
        }
        try {
            return Optional.of(origins.map(list -> new RelyingParty(id.get(), Arrays.stream(list.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList())).orElseGet(() -> RelyingParty.of(id.get())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(RELYING_PARTY_ID + "/" + RELYING_PARTY_ORIGINS + ": " + e.getMessage(), e);
        }
    }

    private static DeviceConfiguration devices(EnvironmentReader reader) {
        try {
            return new DeviceConfiguration(
                    reader.optional(DEVICE_TRACKING).map(DeviceTracking::parse).orElse(DeviceTracking.OFF),
                    reader.flag(REMEMBERED_DEVICE_SKIPS_MFA, true));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("device settings (" + DEVICE_TRACKING + ", " + REMEMBERED_DEVICE_SKIPS_MFA
                    + "): " + e.getMessage(), e);
        }
    }

    private static MfaConfiguration mfaConfiguration(EnvironmentReader reader) {
        try {
            return reader.optional(MFA_CONFIGURATION).map(MfaConfiguration::parse).orElse(MfaConfiguration.OPTIONAL);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(MFA_CONFIGURATION + " " + e.getMessage(), e);
        }
    }

    private static LockoutPolicy lockout(EnvironmentReader reader) {
        LockoutPolicy defaults = LockoutPolicy.cognitoDefault();
        try {
            return new LockoutPolicy(reader.count(LOCKOUT_MAX_FAILURES, defaults.maxFailures()),
                    reader.seconds(LOCKOUT_FIRST_LOCK, defaults.firstLock()),
                    reader.seconds(LOCKOUT_MAX_LOCK, defaults.maxLock()),
                    reader.seconds(LOCKOUT_IDLE_RESET, defaults.idleReset()),
                    reader.flag(LOCKOUT_REPLICATE_VERDICTS, defaults.replicateVerdicts()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("lockout settings: " + e.getMessage(), e);
        }
    }

    /** The same deployment with another lockout policy. */
    public CognateConfig withLockout(LockoutPolicy policy) {
        return new CognateConfig(region, userPoolId, issuer, directoryTable, sessionsTable, controlTable, lockoutTable,
                signingKeyId, dataKeyId, eventBusName, accessTokenTtl, idTokenTtl, refreshTokenTtl, dynamoDbEndpoint,
                kmsEndpoint, eventBridgeEndpoint, policy, mfaConfiguration, codeSendsPerClientPerHour, relyingParty, devices, claims);
    }

    /** The same deployment with another MFA configuration. */
    public CognateConfig withMfaConfiguration(MfaConfiguration configuration) {
        return new CognateConfig(region, userPoolId, issuer, directoryTable, sessionsTable, controlTable, lockoutTable,
                signingKeyId, dataKeyId, eventBusName, accessTokenTtl, idTokenTtl, refreshTokenTtl, dynamoDbEndpoint,
                kmsEndpoint, eventBridgeEndpoint, lockout, configuration, codeSendsPerClientPerHour, relyingParty, devices, claims);
    }

    /** The same deployment with another per-client limit on code sends an hour. */
    public CognateConfig withCodeSendsPerClientPerHour(int limit) {
        return new CognateConfig(region, userPoolId, issuer, directoryTable, sessionsTable, controlTable, lockoutTable,
                signingKeyId, dataKeyId, eventBusName, accessTokenTtl, idTokenTtl, refreshTokenTtl, dynamoDbEndpoint,
                kmsEndpoint, eventBridgeEndpoint, lockout, mfaConfiguration, limit, relyingParty, devices, claims);
    }

    /** The same deployment with another passkey relying party (or none). */
    public CognateConfig withRelyingParty(Optional<RelyingParty> party) {
        return new CognateConfig(region, userPoolId, issuer, directoryTable, sessionsTable, controlTable, lockoutTable,
                signingKeyId, dataKeyId, eventBusName, accessTokenTtl, idTokenTtl, refreshTokenTtl, dynamoDbEndpoint,
                kmsEndpoint, eventBridgeEndpoint, lockout, mfaConfiguration, codeSendsPerClientPerHour, party, devices, claims);
    }

    /** The same deployment with another device tracking setting. */
    public CognateConfig withDevices(DeviceConfiguration configuration) {
        return new CognateConfig(region, userPoolId, issuer, directoryTable, sessionsTable, controlTable, lockoutTable,
                signingKeyId, dataKeyId, eventBusName, accessTokenTtl, idTokenTtl, refreshTokenTtl, dynamoDbEndpoint,
                kmsEndpoint, eventBridgeEndpoint, lockout, mfaConfiguration, codeSendsPerClientPerHour, relyingParty,
                configuration, claims);
    }
}
