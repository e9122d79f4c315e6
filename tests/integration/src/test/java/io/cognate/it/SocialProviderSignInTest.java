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
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.SocialProviderEndpoints;
import io.cognate.local.LocalCognate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Facebook and Login with Amazon, the OAuth 2.0 social providers that are not OpenID Connect, with
 * a real OAuth 2.0 server run in the test (NAV's mock-oauth2-server) standing in for Facebook's and
 * Amazon's fixed endpoints through the local runtime's wiring (no pool setting can move them): a
 * headless browser (HtmlUnit) goes from {@code /oauth2/authorize} to the provider and back through
 * {@code /oauth2/idpresponse} to the app's callback; the code is redeemed by Nimbus. The pool
 * names the user {@code Facebook_<id>} / {@code LoginWithAmazon_<user_id>} from the user-info
 * answer to the access token, never from the {@code id_token} the test server also sends.
 *
 * <p>The attacks: a forged and a replayed state, another client's code, a user-info answer
 * without an id, the token endpoint answering an error. Each ends at an error page or at the
 * client's callback with an error, never a 500, a code or a session.
 */
@ExtendWith(SocialProviderSignInTest.Stack.class)
class SocialProviderSignInTest {
    private static final String UPSTREAM_CLIENT = "cognate-social-test";
    private static final String UPSTREAM_SECRET = "social-test-secret";
    private static LocalCognate stack;
    private static OAuthApps apps;
    private static String clientId;
    private static String otherClientId;
    private MockOAuth2Server upstream;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            apps = OAuthApps.on(stack);
        }
    }

    @BeforeAll
    static void providersAndClients() {
        // The test server serves the code flow as OpenID Connect's only, so the scopes name openid;
        // the id_token it then answers with is what the plain OAuth 2.0 path must not look at.
        Map<String, String> details = Map.of("client_id", UPSTREAM_CLIENT, "client_secret", UPSTREAM_SECRET,
                "authorize_scopes", "openid,email");
        try (var admin = admin()) {
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName("Facebook")
                    .providerType(IdentityProviderTypeType.FACEBOOK)
                    .providerDetails(with(details, "api_version", "v19.0"))
                    .attributeMapping(Map.of("email", "email")));
            admin.createIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName("LoginWithAmazon")
                    .providerType(IdentityProviderTypeType.LOGIN_WITH_AMAZON).providerDetails(details)
                    .attributeMapping(Map.of("email", "email")));
            clientId = socialClient(admin, "social-web");
            otherClientId = socialClient(admin, "social-other");
        }
        Accounts.awaitReplicated(stack);
    }

    private static String socialClient(CognitoIdentityProviderClient admin, String name) {
        return admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName(name)
                .generateSecret(false).allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes("openid", "email").callbackURLs(apps.callback.toString())
                .supportedIdentityProviders("Facebook", "LoginWithAmazon")).userPoolClient().clientId();
    }

    @AfterAll
    static void removeProviders() {
        // The provider names are the types': one of each per pool, so nothing is left for other tests.
        stack.useSocialProviderStandIns(Map.of());
        try (var admin = admin()) {
            for (String client : List.of(clientId, otherClientId)) {
                admin.deleteUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientId(client));
            }
            for (String provider : List.of("Facebook", "LoginWithAmazon")) {
                admin.deleteIdentityProvider(b -> b.userPoolId(stack.userPoolId()).providerName(provider));
            }
        }
    }

    /** A fresh provider for each test: no token callback one test queued is answered in the next. */
    @BeforeEach
    void startUpstream() {
        upstream = new MockOAuth2Server();
        upstream.start();
        stack.useSocialProviderStandIns(Map.of(ProviderType.Facebook, standIn("facebook"),
                ProviderType.LoginWithAmazon, standIn("amazon")));
    }

    @AfterEach
    void stopUpstream() {
        upstream.shutdown();
    }

    /** The test server's endpoints for one of its issuers, Facebook's user-info URL shape kept ({@code fields=}). */
    private SocialProviderEndpoints standIn(String issuer) {
        return new SocialProviderEndpoints(upstream.authorizationEndpointUrl(issuer).uri(),
                upstream.tokenEndpointUrl(issuer).uri(), URI.create(upstream.userInfoUrl(issuer) + "?fields="),
                // The test server takes its token requests by POST only; Facebook's own are GET, as Cognito's.
                "POST");
    }

    private static Map<String, String> with(Map<String, String> details, String name, String value) {
        var more = new LinkedHashMap<>(details);
        more.put(name, value);
        return more;
    }

    private static CognitoIdentityProviderClient admin() {
        return PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name());
    }


    /** The app's authorization request: public client, PKCE S256, state and nonce, through {@code provider}. */
    private static CodeFlowStart start(String client, String provider) {
        return CodeFlowStart.at(stack.frontDoorEndpoint(), client, apps.callback.toString(),
                Map.of("identity_provider", provider));
    }

    private void answerNextSignIn(String issuer, String subject, Map<String, Object> profile) {
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback(issuer, subject, JOSEObjectType.JWT.getType(),
                List.of(UPSTREAM_CLIENT), profile, 3600));
    }

    /** authorize → the provider: the URL the provider sends the browser back to ({@code /oauth2/idpresponse}). */
    private URI toProviderAndBack(CodeFlowStart started, String issuer) throws Exception {
        URI toUpstream = redirectOf(get(started.authorize()));
        assertThat(toUpstream.toString()).startsWith(upstream.authorizationEndpointUrl(issuer).toString());
        URI back = redirectOf(get(toUpstream));
        assertThat(back.getPath()).isEqualTo("/oauth2/idpresponse");
        return back;
    }

    /** The answer sends the browser to the client's callback with an error and the client's state: no code, no session. */
    private static void refusedAtTheCallback(HttpResponse<String> answer, CodeFlowStart started) {
        URI location = redirectOf(answer);
        assertThat(location.toString()).startsWith(apps.callback + "?");
        assertThat(HostedAgent.queryOf(location.toString())).containsEntry("error", "invalid_request")
                .containsEntry("state", started.state()).doesNotContainKey("code");
        assertThat(answer.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith("cognito="));
    }

    private static void nobodyCalled(String username) {
        try (var admin = admin()) {
            assertThatThrownBy(() -> admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)))
                    .as(username).isInstanceOf(UserNotFoundException.class);
        }
    }

    @Test
    void aForgedStateIsAnErrorPageInTheBrowserAndAReplayedOneSignsNobodyIn() throws Exception {
        try (WebClient browser = HostedBrowsers.browser()) {
            Page forged = browser.getPage(stack.frontDoorEndpoint().resolve("/oauth2/idpresponse?code=abc&state="
                    + URLEncoder.encode("forged-" + UUID.randomUUID(), StandardCharsets.UTF_8)).toURL());
            assertThat(forged.getWebResponse().getStatusCode()).isEqualTo(400);
            assertThat(forged.getWebResponse().getContentType()).isEqualTo("text/html");
            assertThat(forged.getUrl().getPath()).isEqualTo("/oauth2/idpresponse");
        }

        String id = "10" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        CodeFlowStart started = start(clientId, "Facebook");
        answerNextSignIn("facebook", "replay-" + id, Map.of("id", id, "email", id + "@example.com"));
        URI back = toProviderAndBack(started, "facebook");
        URI first = redirectOf(get(back));
        assertThat(HostedAgent.queryOf(first.toString())).containsKey("code");
        refusedAtTheCallback(get(back), started);
    }

    @Test
    void aCodeTheProviderGaveForAnotherClientsSignInIsRefused() throws Exception {
        CodeFlowStart victim = start(clientId, "Facebook");
        String victimsState = HostedAgent.queryOf(redirectOf(get(victim.authorize())).toString()).get("state");
        String id = "11" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        answerNextSignIn("facebook", "mallory-" + id, Map.of("id", id, "email", "mallory@example.com"));
        URI mallorysReturn = toProviderAndBack(start(otherClientId, "Facebook"), "facebook");
        String mallorysCode = HostedAgent.queryOf(mallorysReturn.toString()).get("code");

        // Mallory's code, bound at the provider to the PKCE challenge of her own sign-in, in the victim's return.
        refusedAtTheCallback(get(stack.frontDoorEndpoint().resolve("/oauth2/idpresponse?code="
                + URLEncoder.encode(mallorysCode, StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(victimsState, StandardCharsets.UTF_8))), victim);
        nobodyCalled("Facebook_" + id);
    }

    @Test
    void aUserInfoAnswerWithoutTheProvidersIdSignsNobodyIn() throws Exception {
        for (String[] provider : List.of(new String[] {"Facebook", "facebook"},
                new String[] {"LoginWithAmazon", "amazon"})) {
            CodeFlowStart started = start(clientId, provider[0]);
            // A subject and an e-mail, but no id (Facebook) or user_id (Amazon): the sub of the id_token names nobody.
            String subject = "noid-" + UUID.randomUUID();
            answerNextSignIn(provider[1], subject, Map.of("email", subject + "@example.com"));
            refusedAtTheCallback(get(toProviderAndBack(started, provider[1])), started);
            nobodyCalled(provider[0] + "_" + subject);
        }
    }

    @Test
    void theTokenEndpointAnsweringAnErrorEndsAtTheCallbackWithAnError() throws Exception {
        // The provider's own refusal: a code it issued for one sign-in, redeemed with another's
        // PKCE verifier (the sealed state carries the verifier), answered with an OAuth error.
        String userId = "amzn1.account." + UUID.randomUUID().toString().replace("-", "");
        answerNextSignIn("amazon", "s-" + userId, Map.of("user_id", userId, "email", "x@example.com"));
        String code = HostedAgent.queryOf(toProviderAndBack(start(clientId, "LoginWithAmazon"), "amazon")
                .toString()).get("code");
        CodeFlowStart other = start(clientId, "LoginWithAmazon");
        String sealed = HostedAgent.queryOf(redirectOf(get(other.authorize())).toString()).get("state");
        recorded();
        refusedAtTheCallback(get(stack.frontDoorEndpoint().resolve("/oauth2/idpresponse?code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(sealed, StandardCharsets.UTF_8))), other);
        assertThat(tokenRequests()).as("the provider was asked, and said no").hasSize(1);
        nobodyCalled("LoginWithAmazon_" + userId);

        // An HTTP error instead of a token answer: the test server takes no token request by GET (405).
        stack.useSocialProviderStandIns(Map.of(ProviderType.LoginWithAmazon, new SocialProviderEndpoints(
                upstream.authorizationEndpointUrl("amazon").uri(), upstream.tokenEndpointUrl("amazon").uri(),
                upstream.userInfoUrl("amazon").uri(), "GET")));
        String another = "amzn1.account." + UUID.randomUUID().toString().replace("-", "");
        answerNextSignIn("amazon", "s-" + another, Map.of("user_id", another, "email", "y@example.com"));
        CodeFlowStart started = start(clientId, "LoginWithAmazon");
        refusedAtTheCallback(get(toProviderAndBack(started, "amazon")), started);
        nobodyCalled("LoginWithAmazon_" + another);
    }

    @Test
    void aBrowserSignsInThroughFacebookAsFacebookIdWithTheMappedEmail() throws Exception {
        String id = "12" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        String email = "fb-" + id + "@example.com";
        // The id_token's sub differs from the Graph id: the user is named by the id.
        answerNextSignIn("facebook", "oidc-sub-" + id, Map.of("id", id, "email", email, "name", "Ada"));
        IDTokenClaimsSet claims = signInWithTheBrowser(start(clientId, "Facebook"));
        assertFederated(claims, "Facebook", id, email);

        List<RecordedRequest> requests = recorded();
        RecordedRequest token = requests.stream().filter(request -> request.getPath().contains("/token")).findFirst()
                .orElseThrow();
        assertThat(token.getMethod()).isEqualTo("POST");
        assertThat(token.getHeader("Authorization")).as("credentials as parameters, as Facebook takes them").isNull();
        assertThat(token.getBody().readUtf8()).contains("client_id=" + UPSTREAM_CLIENT).contains("code_verifier=");
        RecordedRequest userInfo = requests.stream().filter(request -> request.getPath().contains("/userinfo"))
                .findFirst().orElseThrow();
        assertThat(userInfo.getPath()).endsWith("?fields=id,email");
        assertThat(userInfo.getHeader("Authorization")).startsWith("Bearer ");
    }

    @Test
    void aBrowserSignsInThroughLoginWithAmazonAsItsUserId() throws Exception {
        String userId = "amzn1.account." + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        String email = "lwa-" + UUID.randomUUID() + "@example.com";
        answerNextSignIn("amazon", "oidc-sub-" + UUID.randomUUID(), Map.of("user_id", userId, "email", email));
        assertFederated(signInWithTheBrowser(start(clientId, "LoginWithAmazon")), "LoginWithAmazon", userId, email);
    }

    /** authorize → provider → idpresponse → the app's callback, followed by the browser; the code redeemed by Nimbus. */
    private static IDTokenClaimsSet signInWithTheBrowser(CodeFlowStart started) throws Exception {
        Map<String, String> callback;
        try (WebClient browser = HostedBrowsers.browser()) {
            Page landed = browser.getPage(started.authorize().toURL());
            assertThat(landed.getUrl().toString()).startsWith(apps.callback + "?");
            assertThat(landed.getWebResponse().getStatusCode()).isEqualTo(200);
            callback = HostedAgent.queryOf(landed.getUrl().toString());
            assertThat(callback).containsEntry("state", started.state()).containsKey("code").doesNotContainKey("error");
            assertThat(browser.getCookieManager().getCookie("cognito")).isNotNull();
        }
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(stack.issuer()));
        URI endpoint = stack.frontDoorEndpoint();
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(
                endpoint.resolve(metadata.getTokenEndpointURI().getRawPath()), new ClientID(clientId),
                new AuthorizationCodeGrant(new AuthorizationCode(callback.get("code")), apps.callback,
                        started.verifier())).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        return new IDTokenValidator(metadata.getIssuer(), new ClientID(clientId), JWSAlgorithm.RS256,
                endpoint.resolve(metadata.getJWKSetURI().getRawPath()).toURL())
                .validate(response.toSuccessResponse().getTokens().toOIDCTokens().getIDToken(), started.nonce());
    }

    @SuppressWarnings("unchecked")
    private static void assertFederated(IDTokenClaimsSet claims, String provider, String userId, String email) {
        String username = provider + "_" + userId;
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(username);
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
        Map<String, Object> identity = (Map<String, Object>) ((List<Object>) claims.getClaim("identities")).getFirst();
        assertThat(identity).containsEntry("providerName", provider).containsEntry("providerType", provider)
                .containsEntry("userId", userId);
        try (var admin = admin()) {
            var user = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username));
            assertThat(user.userStatus()).isEqualTo(UserStatusType.EXTERNAL_PROVIDER);
            assertThat(user.userAttributes()).anySatisfy(attribute -> {
                assertThat(attribute.name()).isEqualTo("email");
                assertThat(attribute.value()).isEqualTo(email);
            });
        }
    }

    private List<RecordedRequest> recorded() {
        var requests = new ArrayList<RecordedRequest>();
        try {
            RecordedRequest request;
            while ((request = upstream.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
                requests.add(request);
            }
        } catch (RuntimeException none) {
            // The server says "no request within the timeout" by throwing.
        }
        return requests;
    }

    private List<RecordedRequest> tokenRequests() {
        return recorded().stream().filter(request -> request.getPath().contains("/token")).toList();
    }
}
