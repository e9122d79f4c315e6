package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import io.cognate.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/**
 * API Gateway's built-in JWT authorizer (docs/examples/app-jwt-authorizer.yaml), the zero-Lambda
 * option, accepts Cognate's tokens: its configuration is Cognate's issuer and an app client id,
 * and what the authorizer does with them (API Gateway's documented checks: the issuer's discovery
 * document, its jwks_uri, an RS256 signature by a key with the token's kid, iss, exp, aud for ID
 * tokens or client_id for access tokens among the audience, the route's scopes) holds for tokens
 * the local stack issues, checked with jose4j.
 */
@ExtendWith(JwtAuthorizerTest.Stack.class)
class JwtAuthorizerTest {
    private static final Path EXAMPLE = Path.of("..", "..", "docs", "examples", "app-jwt-authorizer.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theExampleNamesCognatesIssuerAndAnAppClientAsTheAudience() throws Exception {
        JsonNode template = SamTemplate.parse(Files.readString(EXAMPLE));
        JsonNode authorizer = template.at("/Resources/AppApi/Properties/Auth/Authorizers/CognateJwt");
        assertThat(authorizer.at("/IdentitySource").asText()).isEqualTo("$request.header.Authorization");
        assertThat(authorizer.at("/JwtConfiguration/issuer/Ref").asText()).isEqualTo("CognateIssuer");
        assertThat(authorizer.at("/JwtConfiguration/audience/0/Ref").asText()).isEqualTo("CognateClientId");
        assertThat(template.at("/Resources/OrdersFunction/Properties/Events/ListOrders/Properties/Auth/AuthorizationScopes/0")
                .asText()).isEqualTo("aws.cognito.signin.user.admin");
    }

    @Test
    void aJwtAuthorizerConfiguredSoAcceptsCognatesAccessAndIdTokens() throws Exception {
        // The configuration the example asks for: CognateIssuer = Cognate's Issuer, CognateClientId = a client.
        String issuer = stack.issuer();
        List<String> audience = List.of(stack.clientId());

        // API Gateway reads the issuer's discovery document, which must name the same issuer, then its keys.
        JsonNode discovery = get(URI.create(issuer + "/.well-known/openid-configuration"));
        assertThat(discovery.path("issuer").asText()).isEqualTo(issuer);
        JsonNode keys = get(URI.create(discovery.path("jwks_uri").asText()));
        List<JsonWebKey> jwks = new JsonWebKeySet(keys.toString()).getJsonWebKeys();
        assertThat(jwks).isNotEmpty().allSatisfy(key -> {
            assertThat(key.getKeyType()).isEqualTo("RSA");
            assertThat(key.getKeyId()).isNotBlank();
        });

        PoolUsers users = PoolUsers.viaFrontDoor(stack);
        AuthenticationResultType tokens = users.signIn(users.newConfirmedUser(), PoolUsers.PASSWORD);

        JwtClaims access = acceptedBy(issuer, jwks, tokens.accessToken());
        assertThat(access.getStringClaimValue("token_use")).isEqualTo("access");
        assertThat(audience).as("an access token's client_id is among the audience")
                .contains(access.getStringClaimValue("client_id"));
        assertThat(access.getStringClaimValue("scope").split(" ")).as("the route's AuthorizationScopes")
                .contains("aws.cognito.signin.user.admin");

        JwtClaims id = acceptedBy(issuer, jwks, tokens.idToken());
        assertThat(id.getStringClaimValue("token_use")).isEqualTo("id");
        assertThat(audience).as("an ID token's aud is among the audience").containsAll(id.getAudience());
    }

    @Test
    void aConfigurationNamingAnotherIssuerRefusesTheTokens() throws Exception {
        List<JsonWebKey> jwks = new JsonWebKeySet(get(URI.create(stack.issuer() + "/.well-known/jwks.json")).toString())
                .getJsonWebKeys();
        PoolUsers users = PoolUsers.viaFrontDoor(stack);
        String access = users.signIn(users.newConfirmedUser(), PoolUsers.PASSWORD).accessToken();

        assertThatThrownBy(() -> acceptedBy("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other", jwks, access))
                .isInstanceOf(org.jose4j.jwt.consumer.InvalidJwtException.class);
    }

    /** What the JWT authorizer checks before the audience: signature by the kid's key, iss, exp. */
    private static JwtClaims acceptedBy(String issuer, List<JsonWebKey> jwks, String token) throws Exception {
        return new JwtConsumerBuilder().setExpectedIssuer(issuer).setRequireExpirationTime()
                .setSkipDefaultAudienceValidation()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks))
                .build().processToClaims(token);
    }
}
