package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.domain.federation.FederatedAuthorize;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Federated sign-in with a real OpenID Connect provider run in the test (NAV's mock-oauth2-server,
 * built on Nimbus's OIDC SDK and not on Cognate's code): discovery, the authorization request with
 * state, nonce and PKCE S256, the code exchange (client_secret_basic, as its discovery allows),
 * the {@code id_token} checks, and the pool's side: an {@code EXTERNAL_PROVIDER} user with
 * Cognito's {@code identities}, updated at the next sign-in, read in the secondary, linked to a
 * native user. And the attacks: another audience, another issuer, another key, an expired token, a
 * wrong or missing nonce, a replayed, altered or foreign state.
 */
@ExtendWith(UpstreamOidcFederationTest.Stack.class)
class UpstreamOidcFederationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String UPSTREAM_CLIENT = "cognate-at-upstream";
    private static final String UPSTREAM_SECRET = "upstream-secret-for-the-test";
    private static LocalCognate stack;
    private static MockOAuth2Server upstream;
    private static String provider;
    private static String clientId;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void upstreamProviderAndClient() {
        upstream = new MockOAuth2Server();
        upstream.start();
        provider = "corp-" + UUID.randomUUID().toString().substring(0, 8);
        try (var admin = admin(stack.primary())) {
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(provider)
                    .providerType(IdentityProviderTypeType.OIDC)
                    .providerDetails(details(issuer("default"), Map.of()))
                    .attributeMapping(Map.of("email", "email", "name", "name")));
            clientId = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("federated-web")
                    .supportedIdentityProviders("COGNITO", provider)).userPoolClient().clientId();
        }
        Accounts.awaitReplicated(stack);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.shutdown();
    }

    private static String issuer(String id) {
        String url = upstream.issuerUrl(id).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Map<String, String> details(String issuer, Map<String, String> more) {
        var details = new LinkedHashMap<String, String>(Map.of("client_id", UPSTREAM_CLIENT,
                "client_secret", UPSTREAM_SECRET, "authorize_scopes", "openid email profile", "oidc_issuer", issuer,
                "attributes_request_method", "GET"));
        details.putAll(more);
        return details;
    }

    private static CognitoIdentityProviderClient admin(LocalRegion region) {
        return PoolUsers.adminClient(stack, region.endpoint(), region.name());
    }

    private static FederatedAuthorize federation(LocalRegion region) {
        return region.services().federatedAuthorize();
    }

    private static URI idpResponse(LocalRegion region) {
        return region.endpoint().resolve("/oauth2/idpresponse");
    }

    /** The browser's round trip: to the provider's authorization endpoint, and the query it redirects back with. */
    private static Map<String, String> roundTrip(URI authorize) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return query(URI.create(response.headers().firstValue("location").orElseThrow()));
    }

    private static Map<String, String> query(URI uri) {
        var values = new LinkedHashMap<String, String>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static URI withParameter(URI uri, String name, String value) {
        String rest = uri.toString().replaceAll("([?&])" + name + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return value == null ? URI.create(rest) : URI.create(rest + "&" + name + "=" + value);
    }

    private static FederatedAuthorize.SignedIn signIn(LocalRegion region, String subject, Map<String, Object> claims)
            throws Exception {
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, JOSEObjectType.JWT.getType(),
                List.of(UPSTREAM_CLIENT), claims, 3600));
        URI authorize = federation(region).start(provider, clientId, "resume-" + subject, idpResponse(region));
        return federation(region).finish(roundTrip(authorize));
    }

    @Test
    void theFirstSignInMakesAnExternalProviderUserWithIdentitiesAndTheNextUpdatesIt() throws Exception {
        String subject = "alice-" + UUID.randomUUID();
        drainRecordedRequests();
        URI authorize = federation(stack.primary()).start(provider, clientId, "resume-me", idpResponse(stack.primary()));
        Map<String, String> request = query(authorize);
        assertThat(authorize.toString()).startsWith(issuer("default") + "/authorize?");
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", UPSTREAM_CLIENT)
                .containsEntry("redirect_uri", idpResponse(stack.primary()).toString())
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid email profile")
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(request.get("state")).doesNotContain(clientId).doesNotContain("resume-me");

        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, JOSEObjectType.JWT.getType(),
                List.of(UPSTREAM_CLIENT), Map.of("email", "alice@example.com", "name", "Alice"), 3600));
        FederatedAuthorize.SignedIn first = federation(stack.primary()).finish(roundTrip(authorize));
        assertThat(first.username()).isEqualTo(provider + "_" + subject);
        assertThat(first.clientId()).isEqualTo(clientId);
        assertThat(first.resume()).isEqualTo("resume-me");
        assertThat(first.providerName()).isEqualTo(provider);
        RecordedRequest tokenRequest = tokenRequest();
        assertThat(tokenRequest.getHeader("Authorization")).as("client_secret_basic").startsWith("Basic ");
        assertThat(tokenRequest.getBody().readUtf8()).contains("code_verifier=").doesNotContain(UPSTREAM_SECRET);

        try (var admin = admin(stack.primary())) {
            var user = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(first.username()));
            assertThat(user.userStatus()).isEqualTo(UserStatusType.EXTERNAL_PROVIDER);
            Map<String, String> attributes = attributes(user.userAttributes());
            assertThat(attributes).containsEntry("sub", first.sub()).containsEntry("email", "alice@example.com")
                    .containsEntry("name", "Alice");
            JsonNode identities = JSON.readTree(attributes.get("identities"));
            assertThat(identities.isArray()).isTrue();
            JsonNode identity = identities.get(0);
            assertThat(identity.path("userId").asText()).isEqualTo(subject);
            assertThat(identity.path("providerName").asText()).isEqualTo(provider);
            assertThat(identity.path("providerType").asText()).isEqualTo("OIDC");
            assertThat(identity.path("issuer").asText()).isEqualTo(issuer("default"));
            assertThat(identity.path("primary").asText()).isEqualTo("true");
            assertThat(identity.path("dateCreated").asLong()).isPositive();
            assertThat(admin.listUsers(b -> b.userPoolId(stack.userPoolId())
                    .filter("username = \"" + first.username() + "\"")).users())
                    .singleElement().satisfies(listed ->
                            assertThat(listed.userStatus()).isEqualTo(UserStatusType.EXTERNAL_PROVIDER));
            // No password signs a federated user in.
            try (var users = TwoRegionStoryTest.cognito(stack.primary())) {
                assertThatThrownBy(() -> users.initiateAuth(b -> b.clientId(stack.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", first.username(), "PASSWORD", "Any-Password-1"))))
                        .isInstanceOf(NotAuthorizedException.class);
            }
        }

        FederatedAuthorize.SignedIn second = signIn(stack.primary(), subject,
                Map.of("email", "alice@example.com", "name", "Alice Liddell"));
        assertThat(second.sub()).isEqualTo(first.sub());
        try (var admin = admin(stack.primary())) {
            assertThat(attributes(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(first.username()))
                    .userAttributes())).containsEntry("name", "Alice Liddell");
        }

        // The user replicates: the same upstream identity signs in at the secondary as the same user.
        Accounts.awaitReplicated(stack);
        LocalRegion secondary = secondary();
        FederatedAuthorize.SignedIn there = signIn(secondary, subject,
                Map.of("email", "alice@example.com", "name", "Alice Liddell"));
        assertThat(there.sub()).isEqualTo(first.sub());
    }

    @Test
    void aBrandNewFederatedUserAtTheSecondaryIsMadeAtTheLeaderAndReadBack() throws Exception {
        LocalRegion secondary = secondary();
        String refusedSubject = "dave-" + UUID.randomUUID();
        // Regions not linked for forwarding: the secondary writes nothing and says so, retryable.
        assertThatThrownBy(() -> signIn(secondary, refusedSubject, Map.of("email", "dave@example.com")))
                .isInstanceOfSatisfying(io.cognate.domain.CognitoException.class,
                        e -> assertThat(e.type()).isEqualTo("OperationNotEnabledException"));
        String subject = "erin-" + UUID.randomUUID();
        stack.linkRegionsForWriteForwarding(true);
        FederatedAuthorize.SignedIn signedIn;
        try {
            signedIn = signIn(secondary, subject, Map.of("email", "erin@example.com"));
        } finally {
            stack.linkRegionsForWriteForwarding(false);
        }
        try (var atPrimary = admin(stack.primary()); var atSecondary = admin(secondary)) {
            var made = atPrimary.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(signedIn.username()));
            assertThat(made.userStatus()).isEqualTo(UserStatusType.EXTERNAL_PROVIDER);
            assertThat(attributes(made.userAttributes())).containsEntry("sub", signedIn.sub())
                    .containsEntry("email", "erin@example.com");
            // Read at the secondary at once: the forwarded answer waited for the user here.
            assertThat(atSecondary.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(signedIn.username()))
                    .userStatus()).isEqualTo(UserStatusType.EXTERNAL_PROVIDER);
        }
    }

    @Test
    void theForwardedSignInOperationIsUnknownToAnyDirectCaller() throws Exception {
        for (LocalRegion region : stack.regions()) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(region.endpoint())
                    .header("content-type", "application/x-amz-json-1.1")
                    .header("x-amz-target", "AWSCognitoIdentityProviderService.CognateFederatedSignIn")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ProviderName\":\"" + provider
                            + "\",\"Subject\":\"mallory\",\"Claims\":{\"email\":\"ceo@example.com\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(region.name()).isEqualTo(400);
            assertThat(response.headers().firstValue("x-amzn-errortype")).contains("UnknownOperationException");
        }
        try (var admin = admin(stack.primary())) {
            assertThat(admin.listUsers(b -> b.userPoolId(stack.userPoolId())
                    .filter("username = \"" + provider + "_mallory\"")).users()).isEmpty();
        }
    }

    @Test
    void aLinkedUpstreamIdentitySignsInAsTheNativeUser() throws Exception {
        String native_ = Accounts.confirmedUser(stack);
        String subject = "bob-" + UUID.randomUUID();
        String nativeSub;
        try (var admin = admin(stack.primary())) {
            nativeSub = attributes(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(native_))
                    .userAttributes()).get("sub");
            admin.adminLinkProviderForUser(b -> b.userPoolId(stack.userPoolId())
                    .destinationUser(u -> u.providerName("Cognito").providerAttributeValue(native_))
                    .sourceUser(u -> u.providerName(provider).providerAttributeName("Cognito_Subject")
                            .providerAttributeValue(subject)));
            assertThatThrownBy(() -> admin.adminLinkProviderForUser(b -> b.userPoolId(stack.userPoolId())
                    .destinationUser(u -> u.providerName("Cognito").providerAttributeValue(native_))
                    .sourceUser(u -> u.providerName("no-such-provider").providerAttributeName("Cognito_Subject")
                            .providerAttributeValue(subject)))).isInstanceOf(InvalidParameterException.class);
        }
        FederatedAuthorize.SignedIn signedIn = signIn(stack.primary(), subject, Map.of("email", "mallory@example.com"));
        assertThat(signedIn.sub()).isEqualTo(nativeSub);
        assertThat(signedIn.username()).isEqualTo(native_);
        try (var admin = admin(stack.primary())) {
            assertThat(attributes(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(native_))
                    .userAttributes()).get("email")).as("the upstream never rewrites a native user's e-mail")
                    .isNotEqualTo("mallory@example.com");
            admin.adminDisableProviderForUser(b -> b.userPoolId(stack.userPoolId())
                    .user(u -> u.providerName(provider).providerAttributeName("Cognito_Subject")
                            .providerAttributeValue(subject)));
        }
        FederatedAuthorize.SignedIn unlinked = signIn(stack.primary(), subject, Map.of());
        assertThat(unlinked.sub()).isNotEqualTo(nativeSub);
        assertThat(unlinked.username()).isEqualTo(provider + "_" + subject);
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        // The server's code flow always issues id_tokens to the client that asked; a token for
        // another of its clients, signed by the same key, is what an attacker would replay.
        var adapter = new io.cognate.adapters.federation.HttpUpstreamOidc(java.time.Clock.systemUTC());
        var configured = stack.primary().services().identityProviders().describe(stack.userPoolId(), provider);
        String forUs = upstream.issueToken("default", UPSTREAM_CLIENT, new DefaultOAuth2TokenCallback("default", "eve",
                JOSEObjectType.JWT.getType(), List.of(UPSTREAM_CLIENT), Map.of("nonce", "n-1"), 3600)).serialize();
        assertThat(adapter.verifiedIdToken(configured, forUs, "n-1").subject()).as("the control").isEqualTo("eve");
        String forAnother = upstream.issueToken("default", "another-client", new DefaultOAuth2TokenCallback("default",
                "eve", JOSEObjectType.JWT.getType(), List.of("another-client"), Map.of("nonce", "n-1"), 3600)).serialize();
        assertThatThrownBy(() -> adapter.verifiedIdToken(configured, forAnother, "n-1"))
                .isInstanceOfSatisfying(io.cognate.ports.UpstreamOidc.Rejected.class,
                        rejected -> assertThat(rejected.getMessage()).containsIgnoringCase("aud"));
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", "eve", JOSEObjectType.JWT.getType(),
                List.of(UPSTREAM_CLIENT), Map.of(), -3600));
        assertRefused(federation(stack.primary()).start(provider, clientId, "r", idpResponse(stack.primary())), "expired");
    }

    @Test
    void anIdTokenOfAnotherIssuerIsRefused() throws Exception {
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", "eve", JOSEObjectType.JWT.getType(),
                List.of(UPSTREAM_CLIENT), Map.of("iss", "https://evil.example.com"), 3600));
        assertRefused(federation(stack.primary()).start(provider, clientId, "r", idpResponse(stack.primary())), "iss");
    }

    @Test
    void anIdTokenSignedByAKeyNotInTheProvidersJwksIsRefused() throws Exception {
        // The provider's JWKS is another issuer's of the same server: its keys sign nothing of "default".
        String other = provider + "-k";
        try (var admin = admin(stack.primary())) {
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(other)
                    .providerType(IdentityProviderTypeType.OIDC)
                    .providerDetails(details(issuer("default"), Map.of("jwks_uri", upstream.jwksUrl("other").toString()))));
            admin.updateUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientId(clientId)
                    .supportedIdentityProviders("COGNITO", provider, other));
        }
        try {
            assertRefused(federation(stack.primary()).start(other, clientId, "r", idpResponse(stack.primary())),
                    "no matching key");
        } finally {
            try (var admin = admin(stack.primary())) {
                admin.updateUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientId(clientId)
                        .supportedIdentityProviders("COGNITO", provider));
                admin.deleteIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(other));
            }
        }
    }

    @Test
    void aWrongOrMissingNonceIsRefused() throws Exception {
        URI authorize = federation(stack.primary()).start(provider, clientId, "r", idpResponse(stack.primary()));
        assertRefused(withParameter(authorize, "nonce", "not-the-sealed-one"), "nonce");
        URI again = federation(stack.primary()).start(provider, clientId, "r", idpResponse(stack.primary()));
        assertRefused(withParameter(again, "nonce", null), "nonce");
    }

    @Test
    void aStateIsAcceptedOnceAndOnlyAsSealedForThisPool() throws Exception {
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", "carol-" + UUID.randomUUID(),
                JOSEObjectType.JWT.getType(), List.of(UPSTREAM_CLIENT), Map.of(), 3600));
        URI authorize = federation(stack.primary()).start(provider, clientId, "r", idpResponse(stack.primary()));
        Map<String, String> answer = roundTrip(authorize);
        federation(stack.primary()).finish(answer);
        assertThatThrownBy(() -> federation(stack.primary()).finish(answer)).as("replayed in the same region")
                .isInstanceOfSatisfying(FederatedAuthorize.Refused.class,
                        refused -> assertThat(refused.getMessage()).contains("used already"));
        Accounts.awaitReplicated(stack);
        assertThatThrownBy(() -> federation(secondary()).finish(answer)).as("replayed in the other region")
                .isInstanceOfSatisfying(FederatedAuthorize.Refused.class,
                        refused -> assertThat(refused.getMessage()).contains("used already"));

        Map<String, String> altered = new LinkedHashMap<>(answer);
        String state = answer.get("state");
        int middle = state.length() / 2;
        altered.put("state", state.substring(0, middle) + (state.charAt(middle) == 'A' ? 'B' : 'A')
                + state.substring(middle + 1));
        assertThatThrownBy(() -> federation(stack.primary()).finish(altered))
                .isInstanceOfSatisfying(FederatedAuthorize.Refused.class,
                        refused -> assertThat(refused.getMessage()).contains("does not open"));

        // A state sealed, with the same multi-region key, for another pool.
        var services = stack.primary().services();
        var envelopes = new KmsSecretEnvelopes(services.clients().kms(), services.config().dataKeyId(), new SecureRandom());
        String foreign = envelopes.seal(("{\"id\":\"x\",\"pool\":\"us-east-1_other\",\"provider\":\"" + provider
                + "\",\"client\":\"" + clientId + "\",\"redirect\":\"https://x\",\"nonce\":\"n\",\"verifier\":\"v\","
                + "\"resume\":\"r\",\"exp\":9999999999}").getBytes(StandardCharsets.UTF_8),
                Map.of("purpose", "upstream-state", "userPoolId", "us-east-1_other"));
        assertThatThrownBy(() -> federation(stack.primary()).finish(Map.of("state", foreign, "code", "c")))
                .isInstanceOf(FederatedAuthorize.Refused.class);

        assertThatThrownBy(() -> federation(stack.primary()).start(provider, stack.clientId(), "r",
                idpResponse(stack.primary()))).as("a client that does not support the provider")
                .isInstanceOf(FederatedAuthorize.Refused.class);
    }

    private static void assertRefused(URI authorize, String reason) throws Exception {
        Map<String, String> answer = roundTrip(authorize);
        assertThatThrownBy(() -> federation(stack.primary()).finish(answer))
                .isInstanceOfSatisfying(FederatedAuthorize.Refused.class, refused -> {
                    assertThat(refused.getMessage()).containsIgnoringCase(reason);
                    assertThat(refused.clientId()).contains(clientId);
                });
    }

    /** What earlier tests sent: the token request looked at afterwards is this test's. */
    private static void drainRecordedRequests() {
        try {
            while (upstream.takeRequest(100, TimeUnit.MILLISECONDS) != null) {
                // dropped
            }
        } catch (RuntimeException empty) {
            // The server says "no request within the timeout" by throwing.
        }
    }

    private static RecordedRequest tokenRequest() {
        try {
            RecordedRequest request;
            while ((request = upstream.takeRequest(5, TimeUnit.SECONDS)) != null) {
                if (request.getPath() != null && request.getPath().contains("/token")) {
                    return request;
                }
            }
        } catch (RuntimeException empty) {
            // falls through
        }
        throw new AssertionError("no token request reached the provider");
    }

    private static LocalRegion secondary() {
        return stack.regions().stream().filter(region -> region != stack.primary()).findFirst().orElseThrow();
    }

    private static Map<String, String> attributes(List<AttributeType> attributes) {
        var map = new LinkedHashMap<String, String>();
        attributes.forEach(attribute -> map.put(attribute.name(), attribute.value()));
        return map;
    }
}
