package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DuplicateProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerScopeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ScopeDoesNotExistException;

/**
 * Identity providers and resource servers through the AWS SDK's Cognito client on the shared
 * stack: Cognito's shapes and errors, the upstream secret never answered, IdP identifiers unique
 * in the pool, clients naming only providers and scopes that exist, replication to the secondary,
 * the write fence there and write forwarding from it; and a resource server's scope in
 * client-credentials access tokens of both regions, read with jose4j.
 */
@ExtendWith(FederationSettingsTwoRegionTest.Stack.class)
class FederationSettingsTwoRegionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String UPSTREAM_SECRET = "upstream-client-secret-never-answered";
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static LocalRegion secondary() {
        return stack.regions().stream().filter(region -> region != stack.primary()).findFirst().orElseThrow();
    }

    private static CognitoIdentityProviderClient admin(LocalRegion region) {
        return PoolUsers.adminClient(stack, region.endpoint(), region.name());
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> oidcDetails() {
        return Map.of("client_id", "cognate-upstream", "client_secret", UPSTREAM_SECRET,
                "authorize_scopes", "openid email profile", "oidc_issuer", "https://idp.example.com",
                "attributes_request_method", "GET");
    }

    @Test
    void concurrentUpdatesOfOneProviderAtBothRegionsLoseNoChange() throws Exception {
        String pool = stack.userPoolId();
        String name = unique("race");
        try (var primary = admin(stack.primary())) {
            primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails())
                    .attributeMapping(Map.of("email", "email")));
        }
        Accounts.awaitReplicated(stack);
        // Three updates of three different settings, released together: two at the leader, one
        // forwarded to it by the secondary. Each is a full write of the provider's item, so a write
        // not conditional on the copy it read would put back what another had just replaced.
        var details = new java.util.HashMap<>(oidcDetails());
        details.remove("client_secret");
        details.put("authorize_scopes", "openid email");
        List<java.util.function.Consumer<CognitoIdentityProviderClient>> updates = List.of(
                client -> client.updateIdentityProvider(b -> b.userPoolId(pool).providerName(name).providerDetails(details)),
                client -> client.updateIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                        .attributeMapping(Map.of("email", "mail"))),
                client -> client.updateIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                        .idpIdentifiers(name + ".example.com")));
        List<LocalRegion> at = List.of(stack.primary(), stack.primary(), secondary());
        var start = new java.util.concurrent.CyclicBarrier(updates.size());
        var pool3 = java.util.concurrent.Executors.newFixedThreadPool(updates.size());
        stack.linkRegionsForWriteForwarding(true);
        try {
            var done = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < updates.size(); i++) {
                var update = updates.get(i);
                var region = at.get(i);
                done.add(pool3.submit(() -> {
                    try (var client = admin(region)) {
                        start.await(20, java.util.concurrent.TimeUnit.SECONDS);
                        update.accept(client);
                    }
                    return null;
                }));
            }
            for (var future : done) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool3.shutdownNow();
            stack.linkRegionsForWriteForwarding(false);
        }
        Accounts.awaitReplicated(stack);
        for (LocalRegion region : stack.regions()) {
            try (var client = admin(region)) {
                IdentityProviderType now = client.describeIdentityProvider(b -> b.userPoolId(pool).providerName(name))
                        .identityProvider();
                assertThat(now.providerDetails()).as(region.name()).containsEntry("authorize_scopes", "openid email");
                assertThat(now.attributeMapping()).as(region.name()).containsEntry("email", "mail");
                assertThat(now.idpIdentifiers()).as(region.name()).containsExactly(name + ".example.com");
            }
        }
    }

    @Test
    void anOidcProviderIsMadeDescribedListedUpdatedAndDeletedWithCognitosShapes() {
        String pool = stack.userPoolId();
        String name = unique("corp");
        String identifier = name + ".example.com";
        try (var primary = admin(stack.primary()); var atSecondary = admin(secondary())) {
            IdentityProviderType created = primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails())
                    .attributeMapping(Map.of("email", "email")).idpIdentifiers(identifier)).identityProvider();
            assertThat(created.providerName()).isEqualTo(name);
            assertThat(created.userPoolId()).isEqualTo(pool);
            assertThat(created.providerType()).isEqualTo(IdentityProviderTypeType.OIDC);
            assertThat(created.providerDetails()).containsEntry("client_id", "cognate-upstream")
                    .containsEntry("oidc_issuer", "https://idp.example.com")
                    .containsEntry("authorize_scopes", "openid email profile")
                    .doesNotContainKey("client_secret");
            assertThat(created.attributeMapping()).containsEntry("email", "email").containsEntry("username", "sub");
            assertThat(created.idpIdentifiers()).containsExactly(identifier);
            assertThat(created.creationDate()).isNotNull();

            IdentityProviderType described = primary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(name))
                    .identityProvider();
            assertThat(described).isEqualTo(created);
            assertThat(primary.getIdentityProviderByIdentifier(b -> b.userPoolId(pool).idpIdentifier(identifier))
                    .identityProvider().providerName()).isEqualTo(name);

            // A page of one at a time still reaches every provider.
            List<String> listed = new ArrayList<>();
            String token = null;
            do {
                String from = token;
                var page = primary.listIdentityProviders(b -> b.userPoolId(pool).maxResults(1).nextToken(from));
                assertThat(page.providers()).hasSizeLessThanOrEqualTo(1);
                page.providers().stream().map(ProviderDescription::providerName).forEach(listed::add);
                token = page.nextToken();
            } while (token != null);
            assertThat(listed).contains(name).doesNotHaveDuplicates();

            // Updated: what is named is replaced, the rest (and the sealed secret) stays.
            IdentityProviderType updated = primary.updateIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                    .attributeMapping(Map.of("email", "mail", "name", "display_name"))).identityProvider();
            assertThat(updated.attributeMapping()).containsEntry("email", "mail").containsEntry("name", "display_name");
            assertThat(updated.providerDetails()).isEqualTo(created.providerDetails());
            assertThat(updated.idpIdentifiers()).containsExactly(identifier);

            Accounts.awaitReplicated(stack);
            assertThat(atSecondary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(name))
                    .identityProvider()).isEqualTo(updated);
            assertThat(atSecondary.getIdentityProviderByIdentifier(b -> b.userPoolId(pool).idpIdentifier(identifier))
                    .identityProvider().providerName()).isEqualTo(name);

            // A client may name it now; no client may name a provider the pool lacks.
            var client = primary.createUserPoolClient(b -> b.userPoolId(pool).clientName(unique("federated"))
                    .supportedIdentityProviders("COGNITO", name)).userPoolClient();
            assertThat(client.supportedIdentityProviders()).containsExactly("COGNITO", name);
            assertThatThrownBy(() -> primary.createUserPoolClient(b -> b.userPoolId(pool).clientName("nope")
                    .supportedIdentityProviders(name + "-missing")))
                    .isInstanceOfSatisfying(InvalidParameterException.class, e ->
                            assertThat(e.awsErrorDetails().errorMessage()).contains("does not exist"));

            primary.deleteIdentityProvider(b -> b.userPoolId(pool).providerName(name));
            assertThatThrownBy(() -> primary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> primary.getIdentityProviderByIdentifier(b -> b.userPoolId(pool)
                    .idpIdentifier(identifier))).isInstanceOf(ResourceNotFoundException.class);
            primary.deleteUserPoolClient(b -> b.userPoolId(pool).clientId(client.clientId()));
        }
    }

    @Test
    void duplicatesUnknownsAndBadDetailsAreRefusedAsCognitoRefusesThem() {
        String pool = stack.userPoolId();
        String name = unique("dup");
        String identifier = name + "-id";
        try (var primary = admin(stack.primary())) {
            primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails()).idpIdentifiers(identifier));
            assertThatThrownBy(() -> primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(name)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails())))
                    .as("a second provider of one name").isInstanceOf(DuplicateProviderException.class);
            String other = unique("other");
            assertThatThrownBy(() -> primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(other)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails()).idpIdentifiers(identifier)))
                    .as("an identifier another provider holds").isInstanceOf(DuplicateProviderException.class);
            assertThatThrownBy(() -> primary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(other)))
                    .as("nothing half written").isInstanceOf(ResourceNotFoundException.class);
            primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(other)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails()).idpIdentifiers(other + "-id"));
            assertThatThrownBy(() -> primary.updateIdentityProvider(b -> b.userPoolId(pool).providerName(other)
                    .idpIdentifiers(identifier)))
                    .as("an update taking a held identifier").isInstanceOf(DuplicateProviderException.class);
            assertThat(primary.getIdentityProviderByIdentifier(b -> b.userPoolId(pool).idpIdentifier(identifier))
                    .identityProvider().providerName()).isEqualTo(name);

            assertThatThrownBy(() -> primary.describeIdentityProvider(b -> b.userPoolId(pool).providerName("nobody")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> primary.describeIdentityProvider(b -> b.userPoolId("us-east-1_someoneelse")
                    .providerName(name))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> primary.createIdentityProvider(b -> b.userPoolId(pool).providerName("NotGoogle")
                    .providerType(IdentityProviderTypeType.GOOGLE)
                    .providerDetails(Map.of("client_id", "x", "client_secret", "y", "authorize_scopes", "openid"))))
                    .as("a social provider is named by its type").isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(unique("plain"))
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(Map.of("client_id", "x",
                            "authorize_scopes", "openid", "oidc_issuer", "http://idp.example.com"))))
                    .as("an upstream issuer in plain http").isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> primary.createIdentityProvider(b -> b.userPoolId(pool).providerName(unique("saml"))
                    .providerType(IdentityProviderTypeType.SAML).providerDetails(Map.of("IDPInit", "true"))))
                    .as("SAML without metadata").isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> primary.listIdentityProviders(b -> b.userPoolId(pool).nextToken("!!!")))
                    .isInstanceOf(InvalidParameterException.class);
            primary.deleteIdentityProvider(b -> b.userPoolId(pool).providerName(name));
            primary.deleteIdentityProvider(b -> b.userPoolId(pool).providerName(other));
        }
    }

    @Test
    void theSecondaryRefusesProviderWritesUnlessItForwardsThemToTheLeader() {
        String pool = stack.userPoolId();
        String refused = unique("fenced");
        String forwarded = unique("forwarded");
        try (var atSecondary = admin(secondary()); var primary = admin(stack.primary())) {
            assertThatThrownBy(() -> atSecondary.createIdentityProvider(b -> b.userPoolId(pool).providerName(refused)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails())))
                    .isInstanceOf(OperationNotEnabledException.class);
            stack.linkRegionsForWriteForwarding(true);
            try {
                atSecondary.createIdentityProvider(b -> b.userPoolId(pool).providerName(forwarded)
                        .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails()));
                // Read at the secondary at once: the forwarded answer waited for the item here.
                assertThat(atSecondary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(forwarded))
                        .identityProvider().providerName()).isEqualTo(forwarded);
                assertThat(primary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(forwarded))
                        .identityProvider().providerName()).isEqualTo(forwarded);
                atSecondary.deleteIdentityProvider(b -> b.userPoolId(pool).providerName(forwarded));
            } finally {
                stack.linkRegionsForWriteForwarding(false);
            }
            assertThatThrownBy(() -> primary.describeIdentityProvider(b -> b.userPoolId(pool).providerName(refused)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void aResourceServersScopeIsAllowedToAClientAndClaimedByItsAccessTokensInBothRegions() throws Exception {
        String pool = stack.userPoolId();
        String identifier = "https://" + unique("orders") + ".example.com";
        try (var primary = admin(stack.primary())) {
            ResourceServerType created = primary.createResourceServer(b -> b.userPoolId(pool).identifier(identifier)
                    .name("orders").scopes(scope("read", "read orders"), scope("write", "change orders")))
                    .resourceServer();
            assertThat(created.identifier()).isEqualTo(identifier);
            assertThat(created.userPoolId()).isEqualTo(pool);
            assertThat(created.scopes()).extracting(ResourceServerScopeType::scopeName).containsExactly("read", "write");
            assertThat(primary.describeResourceServer(b -> b.userPoolId(pool).identifier(identifier)).resourceServer())
                    .isEqualTo(created);
            assertThatThrownBy(() -> primary.createResourceServer(b -> b.userPoolId(pool).identifier(identifier)
                    .name("again"))).isInstanceOf(InvalidParameterException.class);
            assertThat(primary.listResourceServers(b -> b.userPoolId(pool).maxResults(50)).resourceServers())
                    .extracting(ResourceServerType::identifier).contains(identifier);

            assertThatThrownBy(() -> primary.createUserPoolClient(b -> b.userPoolId(pool).clientName("m2m")
                    .generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS).allowedOAuthScopes(identifier + "/delete")))
                    .as("a scope no resource server defines").isInstanceOf(ScopeDoesNotExistException.class);
            var client = primary.createUserPoolClient(b -> b.userPoolId(pool).clientName(unique("m2m"))
                    .generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS)
                    .allowedOAuthScopes(identifier + "/read", identifier + "/write")).userPoolClient();
            Accounts.awaitReplicated(stack);
            for (LocalRegion region : stack.regions()) {
                HttpResponse<String> response = ClientCredentialsTwoRegionTest.tokenRequest(region,
                        "grant_type=client_credentials&scope=" + URLEncoder.encode(identifier + "/read",
                                StandardCharsets.UTF_8),
                        Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization",
                                ClientCredentialsTwoRegionTest.basic(client.clientId(), client.clientSecret())));
                assertThat(response.statusCode()).as(region.name()).isEqualTo(200);
                JwtClaims claims = claims(JSON.readTree(response.body()).path("access_token").asText());
                assertThat(claims.getStringClaimValue("scope")).isEqualTo(identifier + "/read");
                assertThat(claims.getStringClaimValue("token_use")).isEqualTo("access");
                assertThat(claims.getStringClaimValue("client_id")).isEqualTo(client.clientId());
            }

            ResourceServerType updated = primary.updateResourceServer(b -> b.userPoolId(pool).identifier(identifier)
                    .name("orders v2").scopes(scope("read", "read orders"))).resourceServer();
            assertThat(updated.scopes()).extracting(ResourceServerScopeType::scopeName).containsExactly("read");
            primary.deleteUserPoolClient(b -> b.userPoolId(pool).clientId(client.clientId()));
            primary.deleteResourceServer(b -> b.userPoolId(pool).identifier(identifier));
            assertThatThrownBy(() -> primary.describeResourceServer(b -> b.userPoolId(pool).identifier(identifier)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    private static ResourceServerScopeType scope(String name, String description) {
        return ResourceServerScopeType.builder().scopeName(name).scopeDescription(description).build();
    }

    private static JwtClaims claims(String token) throws Exception {
        String jwks = HTTP.send(HttpRequest.newBuilder(stack.primary().endpoint().resolve("/.well-known/jwks.json"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return new JwtConsumerBuilder()
                .setExpectedIssuer(stack.issuer())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setSkipDefaultAudienceValidation()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .build().processToClaims(token);
    }
}
