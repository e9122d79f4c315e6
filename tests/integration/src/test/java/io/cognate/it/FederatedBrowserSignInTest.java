package io.cognate.it;

import static io.cognate.it.CodeFlowStart.get;
import static io.cognate.it.CodeFlowStart.redirectOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.cognate.domain.federation.saml.SamlServiceProvider;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.testing.saml.TestSamlIdp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * A browser signs in through an upstream provider, end to end over HTTP: {@code /oauth2/authorize}
 * with {@code identity_provider} → the provider (a real OIDC server run in the test, NAV's
 * mock-oauth2-server; or a SAML IdP whose responses the test signs) → {@code /oauth2/idpresponse}
 * or {@code /saml2/idpresponse} → the client's callback with a code and the hosted session cookie
 * → the code exchanged by an unmodified relying party (Nimbus), its ID token validated against the
 * JWKS. At the pool's domain and at the secondary region's own endpoint (OIDC, and IdP-initiated
 * SAML). The attacks: a provider the client does not list, a forged or replayed state, an
 * IdP-initiated answer bound for an unregistered redirect URI, or replayed in another region.
 */
@ExtendWith(FederatedBrowserSignInTest.Stack.class)
class FederatedBrowserSignInTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String UPSTREAM_CLIENT = "cognate-browser-test";
    private static final String CALLBACK = "http://localhost/federated-callback";
    private static final Pattern REQUEST_ID = Pattern.compile("\\sID=\"([^\"]+)\"");
    private static LocalCognate stack;
    private static MockOAuth2Server upstream;
    private static final TestSamlIdp IDP = TestSamlIdp.trusted();
    private static String oidcProvider;
    private static String samlProvider;
    private static String unlistedProvider;
    private static String clientId;
    private static String confidentialClient;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void providersAndClients() {
        upstream = new MockOAuth2Server();
        upstream.start();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        oidcProvider = "Web-" + suffix;
        samlProvider = "Corp-" + suffix;
        unlistedProvider = "Other-" + suffix;
        String issuer = upstream.issuerUrl("default").toString().replaceAll("/$", "");
        Map<String, String> oidcDetails = Map.of("client_id", UPSTREAM_CLIENT, "client_secret", "browser-test-secret",
                "authorize_scopes", "openid email", "oidc_issuer", issuer, "attributes_request_method", "GET");
        try (var admin = admin(stack.primary())) {
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(oidcProvider)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails)
                    .attributeMapping(Map.of("email", "email")));
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(unlistedProvider)
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(oidcDetails));
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(samlProvider)
                    .providerType(IdentityProviderTypeType.SAML)
                    .providerDetails(Map.of("MetadataFile", IDP.metadataXml(), "IDPInit", "true"))
                    .attributeMapping(Map.of("email", "email")));
            clientId = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("federated-browser")
                    .generateSecret(false).explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email").callbackURLs(CALLBACK)
                    .supportedIdentityProviders("COGNITO", oidcProvider, samlProvider)).userPoolClient().clientId();
            confidentialClient = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId())
                    .clientName("federated-portal").generateSecret(true)
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email").callbackURLs(CALLBACK)
                    .supportedIdentityProviders(samlProvider)).userPoolClient().clientId();
        }
        Accounts.awaitReplicated(stack);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.shutdown();
    }

    private static CognitoIdentityProviderClient admin(LocalRegion region) {
        return PoolUsers.adminClient(stack, region.endpoint(), region.name());
    }

    /** The browser's authorization request: the public client, PKCE S256, state and nonce. */
    private static CodeFlowStart start(URI endpoint, String client, Map<String, String> provider) {
        return CodeFlowStart.at(endpoint, client, CALLBACK, provider);
    }

    private static Map<String, String> query(URI uri) {
        return HostedAgent.queryOf(uri.toString());
    }

    /** authorize → upstream → /oauth2/idpresponse: the answer of idpresponse, and the URL that got it. */
    private static HttpResponse<String> oidcRoundTrip(CodeFlowStart started, String subject) throws Exception {
        URI toUpstream = redirectOf(get(started.authorize()));
        assertThat(toUpstream.toString()).startsWith(upstream.issuerUrl("default").toString().replaceAll("/$", "") + "/authorize?");
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, JOSEObjectType.JWT.getType(),
                List.of(UPSTREAM_CLIENT), Map.of("email", subject + "@example.com"), 3600));
        URI back = redirectOf(get(toUpstream));
        assertThat(back.getPath()).isEqualTo("/oauth2/idpresponse");
        assertThat(back.resolve("/").toString()).as("sent back to the host the browser came in at")
                .isEqualTo(started.authorize().resolve("/").toString());
        return get(back);
    }

    /** The callback's code redeemed by Nimbus at {@code endpoint}, the ID token validated; its claims. */
    private static IDTokenClaimsSet redeem(URI endpoint, String client, CodeFlowStart started, Map<String, String> callback)
            throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(stack.issuer()));
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(
                endpoint.resolve(metadata.getTokenEndpointURI().getRawPath()), new ClientID(client),
                new AuthorizationCodeGrant(new AuthorizationCode(callback.get("code")), URI.create(CALLBACK),
                        started.verifier())).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        var tokens = response.toSuccessResponse().getTokens().toOIDCTokens();
        return new IDTokenValidator(metadata.getIssuer(), new ClientID(client), JWSAlgorithm.RS256,
                endpoint.resolve(metadata.getJWKSetURI().getRawPath()).toURL()).validate(tokens.getIDToken(), started.nonce());
    }

    @SuppressWarnings("unchecked")
    private static void assertFederated(IDTokenClaimsSet claims, String provider, String subject, String type) {
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(provider + "_" + subject);
        assertThat(claims.getClaim("identities")).isInstanceOf(List.class);
        Map<String, Object> identity = (Map<String, Object>) ((List<Object>) claims.getClaim("identities")).getFirst();
        assertThat(identity).containsEntry("providerName", provider).containsEntry("providerType", type)
                .containsEntry("userId", subject);
    }

    private static Map<String, String> landedAtCallback(HttpResponse<String> answer, CodeFlowStart started) {
        URI callback = redirectOf(answer);
        assertThat(callback.toString()).startsWith(CALLBACK + "?");
        Map<String, String> parameters = query(callback);
        assertThat(parameters).containsEntry("state", started.state()).containsKey("code").doesNotContainKey("error");
        assertThat(answer.headers().allValues("set-cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("cognito=").containsIgnoringCase("HttpOnly"));
        return parameters;
    }

    @Test
    void aBrowserSignsInThroughTheOidcProviderAtThePoolDomainAndAtTheSecondary() throws Exception {
        String subject = "ada-" + UUID.randomUUID();
        CodeFlowStart started = start(stack.frontDoorEndpoint(), clientId, Map.of("identity_provider", oidcProvider));
        HttpResponse<String> answer = oidcRoundTrip(started, subject);
        Map<String, String> callback = landedAtCallback(answer, started);
        assertFederated(redeem(stack.frontDoorEndpoint(), clientId, started, callback), oidcProvider, subject, "OIDC");

        // The hosted session cookie signs the federated user in again without the upstream.
        String cookie = answer.headers().allValues("set-cookie").stream().filter(value -> value.startsWith("cognito="))
                .findFirst().orElseThrow().split(";")[0];
        CodeFlowStart again = start(stack.frontDoorEndpoint(), clientId, Map.of());
        URI straightBack = redirectOf(HTTP.send(HttpRequest.newBuilder(again.authorize()).header("Cookie", cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(straightBack.toString()).startsWith(CALLBACK + "?");
        assertFederated(redeem(stack.frontDoorEndpoint(), clientId, again, query(straightBack)), oidcProvider, subject, "OIDC");

        // The secondary, reached at its own endpoint: the provider sends the browser back there,
        // and the code is issued, and redeemed, there.
        Accounts.awaitReplicated(stack);
        LocalRegion secondary = stack.regions().get(1);
        CodeFlowStart there = start(secondary.endpoint(), clientId, Map.of("identity_provider", oidcProvider));
        Map<String, String> secondCallback = landedAtCallback(oidcRoundTrip(there, subject), there);
        assertFederated(redeem(secondary.endpoint(), clientId, there, secondCallback), oidcProvider, subject, "OIDC");
    }

    @Test
    void theLoginPageOffersTheClientsProvidersAndOneOfThemSignsIn() throws Exception {
        CodeFlowStart started = start(stack.frontDoorEndpoint(), clientId, Map.of());
        URI login = redirectOf(get(started.authorize()));
        assertThat(login.getPath()).isEqualTo("/login");
        String page = get(stack.frontDoorEndpoint().resolve(login.toString())).body();
        assertThat(page).contains("name=\"password\"").contains("Sign in with " + oidcProvider)
                .contains("Sign in with " + samlProvider).doesNotContain(unlistedProvider);

        // The choice is a link to /oauth2/authorize with the same request and identity_provider set.
        URI choice = stack.frontDoorEndpoint().resolve(providerLink(page, oidcProvider));
        assertThat(query(choice)).containsEntry("identity_provider", oidcProvider)
                .containsEntry("state", started.state()).containsEntry("nonce", started.nonce().getValue());
        var chosen = started.from(choice);
        String subject = "chooser-" + UUID.randomUUID();
        Map<String, String> callback = landedAtCallback(oidcRoundTrip(chosen, subject), chosen);
        assertFederated(redeem(stack.frontDoorEndpoint(), clientId, chosen, callback), oidcProvider, subject, "OIDC");
    }

    @Test
    void aClientWithOneProviderOnlyGoesStraightToIt() throws Exception {
        CodeFlowStart started = start(stack.frontDoorEndpoint(), confidentialClient, Map.of());
        URI toIdp = redirectOf(get(started.authorize()));
        assertThat(toIdp.toString()).startsWith(TestSamlIdp.SSO_URL + "?");
        assertThat(query(toIdp)).containsKey("SAMLRequest");

        // Asked for the pool's own users, which it does not list: refused back to the app.
        CodeFlowStart cognito = start(stack.frontDoorEndpoint(), confidentialClient, Map.of("identity_provider", "COGNITO"));
        URI refused = redirectOf(get(cognito.authorize()));
        assertThat(query(refused)).containsEntry("error", "unauthorized_client").containsEntry("state", cognito.state());
    }

    @Test
    void aClientThatListsOnlyProvidersTakesNoPasswordOnItsLoginPage() throws Exception {
        String username = Accounts.confirmedUser(stack);
        CodeFlowStart started = start(stack.frontDoorEndpoint(), confidentialClient, Map.of());
        var agent = new HostedAgent();
        URI loginPage = stack.frontDoorEndpoint().resolve("/login?" + started.authorize().getRawQuery());
        HttpResponse<String> page = agent.get(loginPage);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in with " + samlProvider).doesNotContain("name=\"password\"")
                .doesNotContain("Sign up").doesNotContain("Forgot");
        String csrf = agent.get(stack.frontDoorEndpoint().resolve("/login?" + start(stack.frontDoorEndpoint(),
                clientId, Map.of()).authorize().getRawQuery())).body();
        var form = new LinkedHashMap<>(query(started.authorize()));
        form.put("_csrf", HostedAgent.csrf(csrf));
        form.put("username", username);
        form.put("password", Accounts.PASSWORD);

        // A native user's right password, posted by hand: no code, no session, for the password and the passkey step.
        HttpResponse<String> posted = agent.post(stack.frontDoorEndpoint().resolve("/login"), HostedAgent.form(form));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
        assertThat(posted.headers().firstValue("location")).isEmpty();
        assertThat(posted.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith("cognito="));
        form.put("preferred_challenge", "WEB_AUTHN");
        assertThat(agent.post(stack.frontDoorEndpoint().resolve("/login"), HostedAgent.form(form)).statusCode()).isEqualTo(400);
        for (String accountPage : List.of("/signup", "/forgotPassword", "/confirmUser")) {
            assertThat(agent.get(stack.frontDoorEndpoint().resolve(accountPage + "?" + started.authorize().getRawQuery()))
                    .statusCode()).as(accountPage).isEqualTo(400);
        }
    }

    @Test
    void aHostedSessionGivesCodesOnlyToClientsThatListItsProvider() throws Exception {
        // Signed in with a password at a client that lists COGNITO: the session is a pool user's.
        String username = Accounts.confirmedUser(stack);
        var agent = new HostedAgent();
        CodeFlowStart nativeStart = start(stack.frontDoorEndpoint(), clientId, Map.of());
        String loginPage = agent.get(stack.frontDoorEndpoint().resolve("/login?" + nativeStart.authorize().getRawQuery()))
                .body();
        var form = new LinkedHashMap<>(query(nativeStart.authorize()));
        form.put("_csrf", HostedAgent.csrf(loginPage));
        form.put("username", username);
        form.put("password", Accounts.PASSWORD);
        HttpResponse<String> signedIn = agent.post(stack.frontDoorEndpoint().resolve("/login"), HostedAgent.form(form));
        assertThat(redirectOf(signedIn).toString()).startsWith(CALLBACK + "?");

        // At a client that lists only the SAML provider, that session is no sign-in: on to the provider.
        CodeFlowStart providerOnly = start(stack.frontDoorEndpoint(), confidentialClient, Map.of());
        URI next = redirectOf(agent.get(providerOnly.authorize()));
        assertThat(next.toString()).as("a pool user's session gives no code to a provider-only client")
                .startsWith(TestSamlIdp.SSO_URL + "?");

        // Signed in through the OIDC provider: a session of that provider.
        String subject = "crossing-" + UUID.randomUUID();
        CodeFlowStart federated = start(stack.frontDoorEndpoint(), clientId, Map.of("identity_provider", oidcProvider));
        HttpResponse<String> landed = oidcRoundTrip(federated, subject);
        landedAtCallback(landed, federated);
        String cookie = landed.headers().allValues("set-cookie").stream().filter(value -> value.startsWith("cognito="))
                .findFirst().orElseThrow().split(";")[0];
        // Not a code at the SAML-only client either; at the client that lists it, a code as before.
        URI elsewhere = redirectOf(HTTP.send(HttpRequest.newBuilder(start(stack.frontDoorEndpoint(), confidentialClient,
                Map.of()).authorize()).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(elsewhere.toString()).startsWith(TestSamlIdp.SSO_URL + "?");
        URI again = redirectOf(HTTP.send(HttpRequest.newBuilder(start(stack.frontDoorEndpoint(), clientId, Map.of())
                .authorize()).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(again.toString()).startsWith(CALLBACK + "?");
    }

    /** The href of the login page's link to {@code provider}, its HTML entities undone. */
    private static String providerLink(String page, String provider) {
        Matcher link = Pattern.compile("<a [^>]*href=\"([^\"]+)\">Sign in with " + Pattern.quote(provider) + "</a>").matcher(page);
        assertThat(link.find()).as("a link to " + provider).isTrue();
        return link.group(1).replace("&amp;", "&");
    }

    @Test
    void aBrowserSignsInThroughTheSamlProviderSpInitiated() throws Exception {
        String subject = "grace-" + UUID.randomUUID() + "@example.com";
        CodeFlowStart started = start(stack.frontDoorEndpoint(), clientId, Map.of("identity_provider", samlProvider));
        URI toIdp = redirectOf(get(started.authorize()));
        assertThat(toIdp.toString()).startsWith(TestSamlIdp.SSO_URL + "?");
        Map<String, String> request = query(toIdp);
        var serviceProvider = SamlServiceProvider.of(stack.userPoolId(), List.of(stack.issuer()));
        var response = new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(),
                authnRequestId(request.get("SAMLRequest")), Clock.systemUTC().instant());
        response.nameIdXml = subject;
        response.attributes = Map.of("email", subject);
        HttpResponse<String> answer = postSaml(stack.frontDoorEndpoint(), IDP.signedAssertion(response), request.get("RelayState"));
        Map<String, String> callback = landedAtCallback(answer, started);
        assertFederated(redeem(stack.frontDoorEndpoint(), clientId, started, callback), samlProvider, subject, "SAML");
        try (var admin = admin(stack.primary())) {
            var user = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(samlProvider + "_" + subject));
            assertThat(user.userStatusAsString()).isEqualTo("EXTERNAL_PROVIDER");
            assertThat(user.userAttributes()).anySatisfy(attribute -> {
                assertThat(attribute.name()).isEqualTo("email");
                assertThat(attribute.value()).isEqualTo(subject);
            });
        }
    }

    @Test
    void anIdpInitiatedAnswerLandsOnlyAtARegisteredRedirectUri() throws Exception {
        var serviceProvider = SamlServiceProvider.of(stack.userPoolId(), List.of(stack.issuer()));
        String subject = "mallory-" + UUID.randomUUID() + "@example.com";
        var toAttacker = new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(),
                null, Clock.systemUTC().instant());
        toAttacker.nameIdXml = subject;
        String relayState = "identity_provider=" + samlProvider + "&client_id=" + confidentialClient
                + "&response_type=code&scope=openid&redirect_uri="
                + URLEncoder.encode("https://evil.example.com/steal", StandardCharsets.UTF_8);
        HttpResponse<String> refused = postSaml(stack.frontDoorEndpoint(), IDP.signedAssertion(toAttacker), relayState);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("location")).isEmpty();
        assertThat(refused.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith("cognito="));
        try (var admin = admin(stack.primary())) {
            assertThatThrownBy(() -> admin.adminGetUser(b -> b.userPoolId(stack.userPoolId())
                    .username(samlProvider + "_" + subject))).as("nobody made for a request that goes nowhere")
                    .isInstanceOf(UserNotFoundException.class);
        }

        // The control: the same kind of answer, bound for the client's registered callback.
        var toClient = new TestSamlIdp.Response(serviceProvider.assertionConsumerUrl(), serviceProvider.entityId(),
                null, Clock.systemUTC().instant());
        toClient.nameIdXml = subject;
        String registered = "identity_provider=" + samlProvider + "&client_id=" + confidentialClient
                + "&response_type=code&scope=openid&state=portal&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);
        URI landed = redirectOf(postSaml(stack.frontDoorEndpoint(), IDP.signedAssertion(toClient), registered));
        assertThat(landed.toString()).startsWith(CALLBACK + "?");
        assertThat(query(landed)).containsEntry("state", "portal").containsKey("code");
    }

    @Test
    void aProviderTheClientDoesNotListIsAnErrorAtTheCallbackNeverAnUpstreamRedirect() throws Exception {
        for (Map<String, String> named : List.of(Map.of("identity_provider", unlistedProvider),
                Map.of("identity_provider", "NoSuchProvider"))) {
            CodeFlowStart started = start(stack.frontDoorEndpoint(), clientId, named);
            URI location = redirectOf(get(started.authorize()));
            assertThat(location.toString()).as(named.toString()).startsWith(CALLBACK + "?");
            assertThat(query(location)).containsEntry("error", "invalid_request").containsEntry("state", started.state())
                    .doesNotContainKey("code");
        }
        // The confidential client lists only the SAML provider: the OIDC one is refused for it.
        CodeFlowStart other = start(stack.frontDoorEndpoint(), confidentialClient, Map.of("identity_provider", oidcProvider));
        assertThat(query(redirectOf(get(other.authorize())))).containsEntry("error", "invalid_request");
    }

    @Test
    void aForgedStateShowsAnErrorPageAndAReplayedOneSignsNobodyIn() throws Exception {
        HttpResponse<String> forged = get(stack.frontDoorEndpoint().resolve("/oauth2/idpresponse?code=abc&state="
                + URLEncoder.encode("forged-" + UUID.randomUUID(), StandardCharsets.UTF_8)));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("location")).isEmpty();

        CodeFlowStart started = start(stack.frontDoorEndpoint(), clientId, Map.of("identity_provider", oidcProvider));
        URI toUpstream = redirectOf(get(started.authorize()));
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("default", "replay-" + UUID.randomUUID(),
                JOSEObjectType.JWT.getType(), List.of(UPSTREAM_CLIENT), Map.of(), 3600));
        URI back = redirectOf(get(toUpstream));
        landedAtCallback(get(back), started);
        HttpResponse<String> replayed = get(back);
        URI location = redirectOf(replayed);
        assertThat(location.toString()).startsWith(CALLBACK + "?");
        assertThat(query(location)).containsEntry("error", "invalid_request").containsEntry("state", started.state())
                .doesNotContainKey("code");
        assertThat(replayed.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith("cognito="));

        // An upstream error goes to the client's callback as error, with the client's state.
        CodeFlowStart denied = start(stack.frontDoorEndpoint(), clientId, Map.of("identity_provider", oidcProvider));
        String sealed = query(redirectOf(get(denied.authorize()))).get("state");
        URI refusal = redirectOf(get(stack.frontDoorEndpoint().resolve("/oauth2/idpresponse?error=access_denied&state="
                + URLEncoder.encode(sealed, StandardCharsets.UTF_8))));
        assertThat(refusal.toString()).startsWith(CALLBACK + "?");
        assertThat(query(refusal)).containsEntry("error", "access_denied").containsEntry("state", denied.state());
    }

    /**
     * IdP-initiated SAML at the secondary's own endpoint: the IdP addresses the response
     * (Destination, Recipient) to the secondary's {@code /saml2/idpresponse}. It signs in there and
     * lands only at a redirect URI the client registered, exactly. Its assertion is spent everywhere:
     * the same response is refused again there, and at the primary and the pool's domain (addressed
     * to another consumer); the same assertion ID re-addressed to the primary's own consumer is
     * refused once the claim (the Sessions global table) has replicated, while a fresh ID is taken.
     */
    @Test
    void anIdpInitiatedAnswerAtTheSecondarysOwnEndpointSignsInThereOnceForEveryRegion() throws Exception {
        LocalRegion secondary = stack.regions().get(1);
        assertThat(secondary).isNotSameAs(stack.primary());
        String secondaryAcs = secondary.endpoint().resolve("/saml2/idpresponse").toString();
        String primaryAcs = stack.primary().endpoint().resolve("/saml2/idpresponse").toString();
        String entityId = SamlServiceProvider.of(stack.userPoolId(), List.of(stack.issuer())).entityId();
        String subject = "ida-" + UUID.randomUUID() + "@example.com";
        String relayState = "identity_provider=" + samlProvider + "&client_id=" + confidentialClient
                + "&response_type=code&scope=openid&state=portal&redirect_uri=";

        for (String unregistered : List.of("https://evil.example.com/steal", CALLBACK + "/../steal", CALLBACK + "x",
                CALLBACK.toUpperCase())) {
            var toAttacker = new TestSamlIdp.Response(secondaryAcs, entityId, null, Clock.systemUTC().instant());
            toAttacker.nameIdXml = subject;
            HttpResponse<String> refused = postSaml(secondary.endpoint(), IDP.signedAssertion(toAttacker),
                    relayState + URLEncoder.encode(unregistered, StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(unregistered).isEqualTo(400);
            assertThat(refused.headers().firstValue("location")).as(unregistered).isEmpty();
            assertThat(refused.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith("cognito="));
        }
        try (var admin = admin(stack.primary())) {
            assertThatThrownBy(() -> admin.adminGetUser(b -> b.userPoolId(stack.userPoolId())
                    .username(samlProvider + "_" + subject))).isInstanceOf(UserNotFoundException.class);
        }

        var toClient = new TestSamlIdp.Response(secondaryAcs, entityId, null, Clock.systemUTC().instant());
        toClient.nameIdXml = subject;
        toClient.attributes = Map.of("email", subject);
        String signed = IDP.signedAssertion(toClient);
        String registered = relayState + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);
        HttpResponse<String> answer;
        // A brand-new user at a secondary is made at the leader, through write forwarding.
        stack.linkRegionsForWriteForwarding(true);
        try {
            answer = postSaml(secondary.endpoint(), signed, registered);
        } finally {
            stack.linkRegionsForWriteForwarding(false);
        }
        URI landed = redirectOf(answer);
        assertThat(landed.toString()).startsWith(CALLBACK + "?");
        assertThat(query(landed)).containsEntry("state", "portal").containsKey("code");
        assertThat(answer.headers().allValues("set-cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("cognito="));
        try (var admin = admin(stack.primary())) {
            var user = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(samlProvider + "_" + subject));
            assertThat(user.userStatusAsString()).isEqualTo("EXTERNAL_PROVIDER");
        }

        // The same response again: at the secondary (its claim), at the primary's own endpoint and
        // at the pool's domain (addressed to the secondary's consumer, whatever the claim says).
        for (URI endpoint : List.of(secondary.endpoint(), stack.primary().endpoint(), stack.frontDoorEndpoint())) {
            HttpResponse<String> replayed = postSaml(endpoint, signed, registered);
            assertThat(replayed.statusCode()).as(endpoint.toString()).isEqualTo(400);
            assertThat(replayed.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith("cognito="));
        }

        // The assertion ID itself is spent in the primary once the claim has replicated.
        Accounts.awaitReplicated(stack);
        var sameId = new TestSamlIdp.Response(primaryAcs, entityId, null, Clock.systemUTC().instant());
        sameId.assertionId = toClient.assertionId;
        sameId.nameIdXml = subject;
        sameId.attributes = Map.of("email", subject);
        assertThat(postSaml(stack.primary().endpoint(), IDP.signedAssertion(sameId), registered).statusCode())
                .isEqualTo(400);
        var freshId = new TestSamlIdp.Response(primaryAcs, entityId, null, Clock.systemUTC().instant());
        freshId.nameIdXml = subject;
        freshId.attributes = Map.of("email", subject);
        assertThat(redirectOf(postSaml(stack.primary().endpoint(), IDP.signedAssertion(freshId), registered)).toString())
                .as("the control: a fresh assertion, the same way").startsWith(CALLBACK + "?");
    }

    private static HttpResponse<String> postSaml(URI endpoint, String samlResponse, String relayState) throws Exception {
        String body = "SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/saml2/idpresponse")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ID of the AuthnRequest in an HTTP-Redirect binding's SAMLRequest (base64 of raw DEFLATE). */
    private static String authnRequestId(String samlRequest) throws Exception {
        var inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(samlRequest));
        var xml = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int read = inflater.inflate(buffer);
            if (read == 0 && inflater.needsInput()) {
                break;
            }
            xml.write(buffer, 0, read);
        }
        inflater.end();
        Matcher id = REQUEST_ID.matcher(xml.toString(StandardCharsets.UTF_8));
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
