package io.cognate.it;

import io.cognate.local.LocalCognate;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/** What users do, through the AWS SDK's Cognito client pointed at one local endpoint. */
public final class PoolUsers implements AutoCloseable {
    public static final String PASSWORD = "Failover-Ready-9";

    private final LocalCognate stack;
    private final CognitoIdentityProviderClient client;

    public PoolUsers(LocalCognate stack, URI endpoint, String region) {
        this.stack = stack;
        this.client = client(endpoint, region);
    }

    /** Through the front door, as apps reach the pool. */
    public static PoolUsers viaFrontDoor(LocalCognate stack) {
        return new PoolUsers(stack, stack.frontDoorEndpoint(), stack.primary().name());
    }

    public static CognitoIdentityProviderClient client(URI endpoint, String region) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    /**
     * The client an administrator (a back end holding the pool's admin credentials) calls the
     * Admin operations with, at {@code endpoint}. Every test of an Admin operation builds its
     * client here, so that how an administrator authenticates is decided in one place.
     */
    public static CognitoIdentityProviderClient adminClient(LocalCognate stack, URI endpoint, String region) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    public static String newUsername() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public CognitoIdentityProviderClient client() {
        return client;
    }

    public String clientId() {
        return stack.clientId();
    }

    public void signUp(String username, String password) {
        client.signUp(b -> b.clientId(stack.clientId()).username(username).password(password)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
    }

    public void confirm(String username) {
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        client.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
    }

    /** Signs up and confirms a new user; returns the username. */
    public String newConfirmedUser() {
        String username = newUsername();
        signUp(username, PASSWORD);
        confirm(username);
        return username;
    }

    public AuthenticationResultType signIn(String username, String password) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    public AuthenticationResultType refresh(String refreshToken) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken))).authenticationResult();
    }

    @Override
    public void close() {
        client.close();
    }
}
