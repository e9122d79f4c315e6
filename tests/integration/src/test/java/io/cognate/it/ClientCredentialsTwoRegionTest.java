package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * Machine-to-machine: {@code POST /oauth2/token} with {@code grant_type=client_credentials}
 * (RFC 6749 §4.4) in both regions, and the tokens it issues at both regions' authorizers.
 */
@ExtendWith(ClientCredentialsTwoRegionTest.Stack.class)
class ClientCredentialsTwoRegionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> tokenRequest(LocalRegion region, String body, Map<String, String> headers) {
        return Accounts.postForm(region.endpoint().resolve("/oauth2/token"), body, headers);
    }

    /** An access token for the local stack's confidential client, with {@code scope}. */
    static String token(LocalRegion region, String scope) {
        HttpResponse<String> response = tokenRequest(region, "grant_type=client_credentials&scope=" + enc(scope),
                Map.of("Content-Type", "application/x-www-form-urlencoded",
                        "Authorization", basic(LocalStackExtension.started().m2mClientId(),
                                LocalStackExtension.started().m2mClientSecret())));
        if (response.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachRegionIssuesTokensThatEveryRegionsAuthorizerAccepts() throws Exception {
        for (LocalRegion issuing : stack.regions()) {
            HttpResponse<String> response = tokenRequest(issuing, "grant_type=client_credentials&scope=cognate-demo%2Fread",
                    Map.of("Content-Type", "application/x-www-form-urlencoded",
                            "Authorization", basic(stack.m2mClientId(), stack.m2mClientSecret())));
            assertThat(response.statusCode()).as(issuing.name()).isEqualTo(200);
            assertThat(response.headers().firstValue("cache-control")).contains("no-store");
            assertThat(response.headers().firstValue("pragma")).contains("no-cache");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
            assertThat(body.has("refresh_token")).isFalse();
            String token = body.path("access_token").asText();
            for (LocalRegion verifying : stack.regions()) {
                HttpResponse<String> whoami = Accounts.get(verifying, LocalRegion.DEMO_SCOPED, "Bearer " + token);
                assertThat(whoami.statusCode()).as("issued in %s, verified in %s", issuing.name(), verifying.name()).isEqualTo(200);
                JsonNode claims = JSON.readTree(whoami.body()).path("claims");
                assertThat(claims.path("sub").asText()).isEqualTo(stack.m2mClientId());
                assertThat(claims.path("scope").asText()).isEqualTo("cognate-demo/read");
                assertThat(claims.has("username")).isFalse();
            }
        }
    }

    @Test
    void theClientMayAuthenticateInTheBodyAndGetsAllItsScopesWhenItAsksForNone() throws Exception {
        HttpResponse<String> response = tokenRequest(stack.regions().get(1),
                "grant_type=client_credentials&client_id=" + stack.m2mClientId() + "&client_secret=" + stack.m2mClientSecret(), FORM);
        assertThat(response.statusCode()).isEqualTo(200);
        String token = JSON.readTree(response.body()).path("access_token").asText();
        String scope = JSON.readTree(Accounts.get(stack.primary(), LocalRegion.DEMO_WHOAMI, "Bearer " + token).body())
                .path("claims").path("scope").asText();
        assertThat(scope.split(" ")).containsExactlyInAnyOrder("cognate-demo/read", "cognate-demo/write");
    }

    @Test
    void errorsFollowRfc6749() throws Exception {
        String id = stack.m2mClientId();
        String secret = stack.m2mClientSecret();
        LocalRegion region = stack.regions().get(1);
        var cases = new Object[][] {
                {"grant_type=client_credentials", Map.of("Authorization", basic(id, secret + "x")), 401, "invalid_client"},
                {"grant_type=client_credentials", Map.of("Authorization", basic("unknownclient", secret)), 401, "invalid_client"},
                {"grant_type=client_credentials", Map.of("Authorization", "Basic !!!"), 401, "invalid_client"},
                {"grant_type=client_credentials", Map.of(), 401, "invalid_client"},
                {"grant_type=client_credentials&client_id=" + id, Map.of(), 401, "invalid_client"},
                {"grant_type=client_credentials&client_id=" + stack.clientId() + "&client_secret=x", Map.of(), 401, "invalid_client"},
                {"grant_type=password&username=a&password=b", Map.of("Authorization", basic(id, secret)), 400, "unsupported_grant_type"},
                {"scope=cognate-demo%2Fread", Map.of("Authorization", basic(id, secret)), 400, "invalid_request"},
                {"grant_type=client_credentials&scope=cognate-demo%2Fadmin", Map.of("Authorization", basic(id, secret)), 400, "invalid_scope"},
                {"grant_type=client_credentials&scope=cognate-demo%2Fread++x", Map.of("Authorization", basic(id, secret)), 400, "invalid_scope"},
                {"grant_type=client_credentials&grant_type=client_credentials", Map.of("Authorization", basic(id, secret)), 400, "invalid_request"},
                {"grant_type=client_credentials&client_secret=" + secret, Map.of("Authorization", basic(id, secret)), 400, "invalid_request"},
                {"grant_type=client_credentials&x=%zz", Map.of("Authorization", basic(id, secret)), 400, "invalid_request"},
        };
        for (Object[] c : cases) {
            var headers = new java.util.HashMap<String, String>(FORM);
            @SuppressWarnings("unchecked")
            Map<String, String> extra = (Map<String, String>) c[1];
            headers.putAll(extra);
            HttpResponse<String> response = tokenRequest(region, (String) c[0], headers);
            assertThat(response.statusCode()).as("%s %s", c[0], extra.keySet()).isEqualTo(c[2]);
            assertThat(JSON.readTree(response.body()).path("error").asText()).as("%s", c[0]).isEqualTo(c[3]);
            if ((int) c[2] == 401) {
                assertThat(response.headers().firstValue("www-authenticate")).isPresent();
            }
            assertThat(response.body()).doesNotContain(secret);
        }
        HttpResponse<String> json = tokenRequest(region, "{\"grant_type\":\"client_credentials\"}",
                Map.of("Content-Type", "application/json", "Authorization", basic(id, secret)));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void aMachineTokenCannotActAsAUserOnCognatesOwnOperations() {
        String token = token(stack.primary(), LocalRegion.DEMO_SCOPE);
        try (var cognito = TwoRegionStoryTest.cognito(stack.primary())) {
            assertThatThrownBy(() -> cognito.getUser(b -> b.accessToken(token)))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Access Token does not have required scopes"));
        }
    }

    @Test
    void theLocalConfigListsTheConfidentialClient() throws Exception {
        JsonNode config = JSON.readTree(TwoRegionStoryTest.get(stack.frontDoorEndpoint().resolve("/_local/config")).body());
        assertThat(config.path("m2mClientId").asText()).isEqualTo(stack.m2mClientId());
        assertThat(config.path("m2mClientSecret").asText()).isEqualTo(stack.m2mClientSecret()).hasSize(52);
    }
}
