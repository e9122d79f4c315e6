package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnauthorizedException;

/**
 * A confidential app client (one with a secret) through the AWS SDK's Cognito client:
 * {@code SECRET_HASH} is demanded and checked on SignUp, ConfirmSignUp and InitiateAuth in both
 * regions; operations that take the secret itself check it.
 */
@ExtendWith(SecretHashTwoRegionTest.Stack.class)
class SecretHashTwoRegionTest {
    private static LocalCognate stack;
    private static String clientId;
    private static String secret;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void createConfidentialClient() {
        var primary = stack.primary().services();
        clientId = "srv" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        var newSecret = primary.clientSecrets().newSecret(clientId);
        secret = newSecret.plaintext();
        primary.directory().putClient(new AppClient(clientId, "server-side web app",
                Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH, AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)).withSecret(newSecret.stored()),
                primary.leaders().current().orElseThrow());
        Accounts.awaitReplicated(stack);
    }

    private static String hash(String username) {
        return ClientSecrets.secretHash(secret, username, clientId);
    }

    private static void signUp(CognitoIdentityProviderClient client, String username, String secretHash) {
        client.signUp(b -> b.clientId(clientId).username(username).password(Accounts.PASSWORD).secretHash(secretHash)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
    }

    private static AuthenticationResultType signIn(CognitoIdentityProviderClient client, String username, String secretHash) {
        var parameters = new java.util.HashMap<String, String>(Map.of("USERNAME", username, "PASSWORD", Accounts.PASSWORD));
        if (secretHash != null) {
            parameters.put("SECRET_HASH", secretHash);
        }
        return client.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(parameters)).authenticationResult();
    }

    @Test
    void secretHashIsDemandedAndCheckedInBothRegions() {
        String username = Accounts.newUsername();
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            assertThatThrownBy(() -> signUp(east, username, null))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Client " + clientId + " is configured with secret but SECRET_HASH was not received"));
            assertThatThrownBy(() -> signUp(east, username, hash("someone-else")))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Unable to verify secret hash for client " + clientId));
            signUp(east, username, hash(username));
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            assertThatThrownBy(() -> east.confirmSignUp(b -> b.clientId(clientId).username(username).confirmationCode(code)))
                    .isInstanceOf(NotAuthorizedException.class);
            east.confirmSignUp(b -> b.clientId(clientId).username(username).confirmationCode(code).secretHash(hash(username)));
        }
        Accounts.awaitReplicated(stack);
        for (LocalRegion region : stack.regions()) {
            try (var client = TwoRegionStoryTest.cognito(region)) {
                assertThatThrownBy(() -> signIn(client, username, null)).isInstanceOf(NotAuthorizedException.class);
                assertThatThrownBy(() -> signIn(client, username, hash(username + "x"))).isInstanceOf(NotAuthorizedException.class);
                AuthenticationResultType tokens = signIn(client, username, hash(username));
                assertThat(tokens.refreshToken()).isNotBlank();

                // A refresh names no user: the hash may be over the username or the sub.
                String sub = client.getUser(b -> b.accessToken(tokens.accessToken())).userAttributes().stream()
                        .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
                for (String over : new String[] {username, sub}) {
                    assertThat(client.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                            .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken(), "SECRET_HASH", hash(over))))
                            .authenticationResult().accessToken()).isNotBlank();
                }
                assertThatThrownBy(() -> client.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken()))))
                        .isInstanceOf(NotAuthorizedException.class);

                // Operations that carry the secret itself.
                assertThat(client.getTokensFromRefreshToken(b -> b.clientId(clientId).clientSecret(secret)
                        .refreshToken(tokens.refreshToken())).authenticationResult().idToken()).isNotBlank();
                assertThatThrownBy(() -> client.getTokensFromRefreshToken(b -> b.clientId(clientId).clientSecret(secret + "x")
                        .refreshToken(tokens.refreshToken()))).isInstanceOf(NotAuthorizedException.class);
                assertThatThrownBy(() -> client.revokeToken(b -> b.clientId(clientId).token(tokens.refreshToken())))
                        .isInstanceOf(UnauthorizedException.class);
                client.revokeToken(b -> b.clientId(clientId).clientSecret(secret).token(tokens.refreshToken()));
                assertThatThrownBy(() -> client.getTokensFromRefreshToken(b -> b.clientId(clientId).clientSecret(secret)
                        .refreshToken(tokens.refreshToken()))).isInstanceOf(NotAuthorizedException.class);
            }
        }
    }

    /**
     * Finding 5 of the security review: the check read a top-level Username/SecretHash first and
     * unknown members were ignored, so one leaked (user, hash) pair passed for every user.
     */
    @Test
    void finding5AHashForOneUserNeverPassesForAnother() throws Exception {
        String attacker = Accounts.newUsername();
        String victim = Accounts.newUsername();
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            for (String user : new String[] {attacker, victim}) {
                signUp(east, user, hash(user));
                String code = stack.outbox().latestCodeFor(user).orElseThrow();
                east.confirmSignUp(b -> b.clientId(clientId).username(user).confirmationCode(code).secretHash(hash(user)));
            }
        }
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("ClientId", clientId);
        body.put("AuthFlow", "USER_PASSWORD_AUTH");
        body.put("AuthParameters", Map.of("USERNAME", victim, "PASSWORD", Accounts.PASSWORD, "SECRET_HASH", hash(attacker)));
        body.put("Username", attacker);
        body.put("SecretHash", hash(attacker));
        var answer = post("InitiateAuth", body);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType").orElse("")).startsWith("SerializationException");
        assertThat(answer.body()).doesNotContain("AccessToken");
        // Without the extra members the map's own user is the one checked.
        body.remove("Username");
        body.remove("SecretHash");
        answer = post("InitiateAuth", body);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType").orElse("")).startsWith("NotAuthorizedException");
    }

    private static java.net.http.HttpResponse<String> post(String operation, Map<String, Object> body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.primary().endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)))
                .build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void publicClientsNeedNoSecretHash() {
        String username = Accounts.confirmedUser(stack);
        assertThat(Accounts.signIn(stack, stack.regions().get(1), username).accessToken()).isNotBlank();
    }
}
