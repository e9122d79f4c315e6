package io.cognate.it;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/** Users and requests the integration tests share: signed-up users, sign-ins, calls to protected routes. */
final class Accounts {
    static final String PASSWORD = "Token-Verifier-9";
    static final Duration REPLICATION_BOUND = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Accounts() {
    }

    static String newUsername() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Signs up and confirms at the primary, then waits until the secondary has the user. */
    static String confirmedUser(LocalCognate stack) {
        String username = newUsername();
        try (var client = TwoRegionStoryTest.cognito(stack.primary())) {
            client.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            client.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
        }
        if (!stack.replication().awaitReplicated(REPLICATION_BOUND)) {
            throw new AssertionError("the user did not replicate in " + REPLICATION_BOUND);
        }
        return username;
    }

    static AuthenticationResultType signIn(LocalCognate stack, LocalRegion region, String username) {
        try (var client = TwoRegionStoryTest.cognito(region)) {
            return signIn(client, stack.clientId(), username);
        }
    }

    static AuthenticationResultType signIn(CognitoIdentityProviderClient client, String clientId, String username) {
        return client.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))).authenticationResult();
    }

    static void awaitReplicated(LocalCognate stack) {
        if (!stack.replication().awaitReplicated(REPLICATION_BOUND)) {
            throw new AssertionError("replication did not drain in " + REPLICATION_BOUND);
        }
    }

    /** GET {@code path} at {@code region} with {@code Authorization: <authorization>} (none when null). */
    static HttpResponse<String> get(LocalRegion region, String path, String authorization) {
        var request = HttpRequest.newBuilder(region.endpoint().resolve(path)).timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    static HttpResponse<String> postForm(URI uri, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
