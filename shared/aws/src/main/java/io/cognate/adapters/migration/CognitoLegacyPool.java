package io.cognate.adapters.migration;

import io.cognate.config.Lazy;
import io.cognate.ports.LegacyPool;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * {@link LegacyPool} over a live Cognito pool's Admin API, with the SDK: AdminInitiateAuth
 * ({@code ADMIN_USER_PASSWORD_AUTH}, with {@code SECRET_HASH} when the client has a secret) to
 * check a password, AdminGetUser and AdminListGroupsForUser to describe a user. The app client
 * must allow {@code ALLOW_ADMIN_USER_PASSWORD_AUTH}; the function's role needs
 * {@code cognito-idp:AdminInitiateAuth}, {@code AdminGetUser} and {@code AdminListGroupsForUser}
 * on the legacy pool. Credentials come from the provider given (the SDK's default chain on AWS).
 *
 * <p>Every Cognito refusal of a sign-in is {@code REFUSED}: wrong password, unknown user,
 * disabled, not confirmed, reset required, too many attempts. Anything else (unreachable,
 * throttled, a pool or client that does not exist, no permission) is {@link Unavailable}, whose
 * message names the error type only: never the password, the secret or the request.
 *
 * <p>A call gets {@link #CALL_TIMEOUT} in all and no retry: a sign-in counts as in flight in the
 * lockout for 15 s, and a slow legacy pool must not hold it longer.
 */
public final class CognitoLegacyPool implements LegacyPool, AutoCloseable {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    private static final Set<String> SECOND_FACTORS = Set.of("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP",
            "SELECT_MFA_TYPE");

    /** Built at the first call to a legacy pool: most pools have none, and the first request must not pay for it. */
    private final Lazy<SdkHttpClient> http;
    private final AwsCredentialsProvider credentials;
    private final Map<String, CognitoIdentityProviderClient> clients = new ConcurrentHashMap<>();

    public CognitoLegacyPool(AwsCredentialsProvider credentials) {
        this.http = Lazy.of(() -> UrlConnectionHttpClient.builder().socketTimeout(CALL_TIMEOUT)
                .connectionTimeout(Duration.ofSeconds(2)).build());
        this.credentials = credentials;
    }

    @Override
    public SignInAnswer signIn(Address pool, String username, String password) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("USERNAME", username);
        parameters.put("PASSWORD", password);
        pool.clientSecret().ifPresent(secret -> parameters.put("SECRET_HASH", secretHash(username, pool.clientId(), secret)));
        AdminInitiateAuthResponse response;
        try {
            response = client(pool).adminInitiateAuth(b -> b.userPoolId(pool.userPoolId()).clientId(pool.clientId())
                    .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(parameters));
        } catch (NotAuthorizedException | UserNotFoundException | PasswordResetRequiredException
                 | UserNotConfirmedException refused) {
            return SignInAnswer.REFUSED;
        } catch (SdkException failed) {
            throw unavailable("AdminInitiateAuth", failed);
        }
        if (response.authenticationResult() != null) {
            return SignInAnswer.SIGNED_IN;
        }
        String challenge = response.challengeNameAsString();
        if ("NEW_PASSWORD_REQUIRED".equals(challenge)) {
            return SignInAnswer.NEW_PASSWORD_REQUIRED;
        }
        if (SECOND_FACTORS.contains(challenge)) {
            return SignInAnswer.SECOND_FACTOR_REQUIRED;
        }
        // MFA_SETUP: the password is right and the user has no factor yet, as a plain sign-in.
        return SignInAnswer.SIGNED_IN;
    }

    @Override
    public Optional<LegacyUser> describe(Address pool, String username) {
        CognitoIdentityProviderClient client = client(pool);
        AdminGetUserResponse user;
        try {
            user = client.adminGetUser(b -> b.userPoolId(pool.userPoolId()).username(username));
        } catch (UserNotFoundException unknown) {
            return Optional.empty();
        } catch (SdkException failed) {
            throw unavailable("AdminGetUser", failed);
        }
        var attributes = new LinkedHashMap<String, String>();
        user.userAttributes().forEach(attribute -> attributes.put(attribute.name(), attribute.value()));
        var groups = new ArrayList<LegacyGroup>();
        try {
            for (GroupType group : client.adminListGroupsForUserPaginator(
                    b -> b.userPoolId(pool.userPoolId()).username(username)).groups()) {
                groups.add(new LegacyGroup(group.groupName(), Optional.ofNullable(group.description()),
                        Optional.ofNullable(group.precedence())));
            }
        } catch (SdkException failed) {
            throw unavailable("AdminListGroupsForUser", failed);
        }
        List<String> mfa = user.userMFASettingList() == null ? List.of() : user.userMFASettingList();
        return Optional.of(new LegacyUser(user.username(), attributes, user.userStatusAsString(),
                user.enabled() == null || user.enabled(), mfa, Optional.ofNullable(user.preferredMfaSetting()), groups));
    }

    /** Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)). */
    static String secretHash(String username, String clientId, String clientSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private CognitoIdentityProviderClient client(Address pool) {
        String key = pool.region() + " " + pool.endpoint().map(Object::toString).orElse("");
        return clients.computeIfAbsent(key, k -> {
            var builder = CognitoIdentityProviderClient.builder().region(Region.of(pool.region())).httpClient(http.get())
                    .credentialsProvider(credentials)
                    .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT)
                            .retryStrategy(AwsRetryStrategy.doNotRetry()));
            pool.endpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    private static Unavailable unavailable(String operation, SdkException failed) {
        String kind = failed instanceof CognitoIdentityProviderException cognito && cognito.awsErrorDetails() != null
                ? cognito.awsErrorDetails().errorCode() : failed.getClass().getSimpleName();
        return new Unavailable("the legacy pool's " + operation + " failed: " + kind);
    }

    @Override
    public void close() {
        clients.values().forEach(CognitoIdentityProviderClient::close);
        if (http.isBuilt()) {
            http.get().close();
        }
    }
}
