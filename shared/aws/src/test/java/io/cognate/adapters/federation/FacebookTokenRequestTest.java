package io.cognate.adapters.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.SocialProviderEndpoints;
import io.cognate.ports.UpstreamOidc;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Facebook's side of the exchange as Cognito makes it, which the integration test's provider
 * (POST only) cannot take: the code exchanged by GET with the credentials as query parameters,
 * then the Graph {@code /me?fields=} with {@code id} and the mapped fields, and no id_token read.
 * The two endpoints are canned answers recorded here, not an OAuth server.
 */
class FacebookTokenRequestTest {
    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile String profile = "{\"id\":\"1234567890\",\"email\":\"ada@example.com\"}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            // An id_token naming someone else: the plain OAuth 2.0 path must not read it.
            answer(exchange, "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"id_token\":\"x.y.z\"}");
        });
        server.createContext("/me", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, profile);
        });
        server.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private UpstreamOidc upstream() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        var standIn = new SocialProviderEndpoints(base.resolve("/dialog/oauth"), base.resolve("/token"),
                base.resolve("/me?fields="), "GET");
        return new HttpUpstreamOidc(Clock.systemUTC(), () -> Map.of(ProviderType.Facebook, standIn));
    }

    private static IdentityProvider facebook() {
        return new IdentityProvider("Facebook", ProviderType.Facebook,
                Map.of("client_id", "app-1", "authorize_scopes", "public_profile email", "api_version", "v19.0"),
                Map.of(), Map.of("username", "id", "email", "email", "name", "name", "bad", "a&b=c"), List.of(),
                Instant.EPOCH, Instant.EPOCH, 0);
    }

    @Test
    void theCodeIsExchangedByGetWithTheCredentialsAsParametersAndTheGraphAskedForTheMappedFields() {
        UpstreamOidc.Identity identity = upstream().exchange(facebook(), Optional.of("s3cret"), "code-1",
                URI.create("https://auth.example.com/oauth2/idpresponse"), "verifier-1", "nonce-1");
        assertThat(identity.subject()).isEqualTo("1234567890");
        assertThat(identity.issuer()).isNull();
        assertThat(identity.claims()).containsEntry("email", "ada@example.com");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).startsWith("GET /token?grant_type=authorization_code&code=code-1&")
                .contains("client_id=app-1").contains("client_secret=s3cret").contains("code_verifier=verifier-1")
                .endsWith(" auth=null");
        // id, then the mapped Graph fields; a mapped name that is no field name adds nothing to the URL.
        assertThat(asked.get(1)).isEqualTo("GET /me?fields=id,email,name auth=Bearer at-1");
    }

    @Test
    void aProfileWithoutAnIdOrWithAnObjectForItSignsNobodyIn() {
        for (String answer : List.of("{\"email\":\"ada@example.com\"}", "{\"id\":{\"sub\":\"x\"}}", "{\"id\":\"\"}")) {
            profile = answer;
            assertThatThrownBy(() -> upstream().exchange(facebook(), Optional.of("s3cret"), "code-1",
                    URI.create("https://auth.example.com/oauth2/idpresponse"), "v", "n")).as(answer)
                    .isInstanceOf(UpstreamOidc.Rejected.class);
        }
    }

    @Test
    void withoutAStandInTheEndpointsAreCognitosWhateverTheDetailsSay() {
        var given = new IdentityProvider("Facebook", ProviderType.Facebook,
                Map.of("client_id", "app-1", "api_version", "v19.0", "token_url", "https://evil.example.com/token",
                        "authorize_url", "https://evil.example.com/a", "attributes_url", "https://evil.example.com/me"),
                Map.of(), Map.of(), List.of(), Instant.EPOCH, Instant.EPOCH, 0);
        UpstreamOidc.Endpoints endpoints = new HttpUpstreamOidc(Clock.systemUTC()).endpoints(given);
        assertThat(endpoints.authorization()).hasToString("https://www.facebook.com/v19.0/dialog/oauth");
        assertThat(endpoints.token()).hasToString("https://graph.facebook.com/v19.0/oauth/access_token");
        assertThat(endpoints.userInfo()).contains(URI.create("https://graph.facebook.com/v19.0/me?fields="));
    }
}
