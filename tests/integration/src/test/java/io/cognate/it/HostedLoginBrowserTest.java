package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlImage;
import org.htmlunit.html.HtmlLink;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole browser flow with a headless browser (HtmlUnit, no display, no JavaScript needed)
 * and an unmodified OpenID Connect relying party (Nimbus oauth2-oidc-sdk): discovery,
 * authorize → hosted login → TOTP → callback → code + PKCE exchange → ID token validated against
 * the JWKS → userInfo → refresh → logout; then the same hosted session cookie, sealed under the
 * multi-region data key, signs the user in at the secondary region's own endpoint with no
 * password, where the code is redeemed and the tokens validated too.
 */
@ExtendWith(HostedLoginBrowserTest.Stack.class)
class HostedLoginBrowserTest {
    private static LocalCognate stack;
    private static OAuthApps apps;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            apps = OAuthApps.on(stack);
        }
    }

    /** What a relying party needs of one region: its endpoints, as discovery named them, moved to that region. */
    private record Provider(Issuer issuer, URI authorize, URI token, URI userInfo, URI jwks) {
        static Provider of(OIDCProviderMetadata metadata, URI regionEndpoint) {
            return new Provider(metadata.getIssuer(), move(metadata.getAuthorizationEndpointURI(), regionEndpoint),
                    move(metadata.getTokenEndpointURI(), regionEndpoint), move(metadata.getUserInfoEndpointURI(), regionEndpoint),
                    move(metadata.getJWKSetURI(), regionEndpoint));
        }

        private static URI move(URI endpoint, URI region) {
            return region.resolve(endpoint.getRawPath());
        }
    }

    private static OIDCProviderMetadata discover() throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(stack.issuer()));
        assertThat(metadata.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(metadata.getAuthorizationEndpointURI().toString()).isEqualTo(stack.issuer() + "/oauth2/authorize");
        assertThat(metadata.getUserInfoEndpointURI().toString()).isEqualTo(stack.issuer() + "/oauth2/userInfo");
        assertThat(metadata.getRevocationEndpointURI().toString()).isEqualTo(stack.issuer() + "/oauth2/revoke");
        return metadata;
    }

    private static URI authorizeUri(Provider provider, State state, Nonce nonce, CodeVerifier verifier) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                new ClientID(apps.publicClient), apps.callback)
                .endpointURI(provider.authorize()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
    }

    /** Code → tokens → validated ID token → userInfo, all by Nimbus, at {@code provider}'s region. */
    private static OIDCTokens exchange(Provider provider, String code, CodeVerifier verifier, Nonce nonce,
                                       String username) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(provider.token(),
                new ClientID(apps.publicClient), new AuthorizationCodeGrant(new AuthorizationCode(code), apps.callback, verifier))
                .toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        OIDCTokens tokens = response.toSuccessResponse().getTokens().toOIDCTokens();
        IDTokenClaimsSet idClaims = new IDTokenValidator(provider.issuer(), new ClientID(apps.publicClient), JWSAlgorithm.RS256,
                provider.jwks().toURL()).validate(tokens.getIDToken(), nonce);
        assertThat(idClaims.getStringClaim("cognito:username")).isEqualTo(username);
        assertThat(SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("scope").split(" "))
                .containsExactlyInAnyOrder("openid", "email", "profile");
        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(provider.userInfo(),
                (BearerAccessToken) tokens.getAccessToken()).toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        UserInfo claims = userInfo.toSuccessResponse().getUserInfo();
        assertThat(claims.getSubject().getValue()).isEqualTo(idClaims.getSubject().getValue());
        assertThat(claims.getEmailAddress()).isEqualTo(username + "@example.com");
        assertThat(claims.getStringClaim("username")).isEqualTo(username);
        return tokens;
    }

    @Test
    void aBrowserSignsInWithTotpAtThePrimaryAndTheSessionCarriesToTheSecondary() throws Exception {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = HostedBrowsers.enrolTotp(stack.primary(), stack.clientId(), username);
        Accounts.awaitReplicated(stack);
        OIDCProviderMetadata metadata = discover();
        Provider primary = Provider.of(metadata, stack.frontDoorEndpoint());
        // The enrolment's own API sign-in stored one.
        String sub = stack.primary().services().directory().findByUsername(io.cognate.domain.Username.of(username))
                .orElseThrow().sub();
        long refreshTokensBefore = refreshTokenRecords(sub);

        try (WebClient browser = HostedBrowsers.browser()) {
            var state = new State();
            var nonce = new Nonce();
            var verifier = new CodeVerifier();
            HtmlPage login = browser.getPage(authorizeUri(primary, state, nonce, verifier).toURL());
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            assertThat(login.getWebResponse().getResponseHeaderValue("X-Frame-Options")).isEqualTo("DENY");
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("username").setValue(username);
            form.getInputByName("password").setValue(Accounts.PASSWORD);
            HtmlPage mfa = form.getOneHtmlElementByAttribute("button", "type", "submit").click();
            // The TOTP step is the answer to the login form's post.
            assertThat(mfa.asNormalizedText()).contains("Enter your authentication code");
            HtmlForm mfaForm = mfa.getForms().get(0);
            mfaForm.getInputByName("code").setValue(phone.fresh().value());
            Page landed = mfaForm.getOneHtmlElementByAttribute("button", "type", "submit").click();
            var callback = HostedAgent.queryOf(landed.getUrl().toString());
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            assertThat(callback).containsEntry("state", state.getValue()).containsKey("code");

            Cookie session = browser.getCookieManager().getCookie("cognito");
            assertThat(session).isNotNull();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualToIgnoringCase("lax");

            // The sign-in issued no tokens: the code gives them, and its refresh token is the only one stored.
            assertThat(refreshTokenRecords(sub)).isEqualTo(refreshTokensBefore);
            OIDCTokens tokens = exchange(primary, callback.get("code"), verifier, nonce, username);
            RefreshToken refreshToken = tokens.getRefreshToken();
            assertThat(refreshToken).isNotNull();
            assertThat(refreshTokenRecords(sub)).isEqualTo(refreshTokensBefore + 1);
            TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(primary.token(),
                    new ClientID(apps.publicClient), new RefreshTokenGrant(refreshToken)).toHTTPRequest().send());
            assertThat(refreshed.indicatesSuccess()).isTrue();
            // A refresh keeps the granted scopes; it never widens them to the API's own scope.
            assertThat(SignedJWT.parse(refreshed.toSuccessResponse().getTokens().getAccessToken().getValue())
                    .getJWTClaimsSet().getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("openid", "email", "profile");

            // The secondary, reached at its own endpoint: the same cookie signs the user in at once.
            LocalRegion secondaryRegion = stack.regions().get(1);
            Provider secondary = Provider.of(metadata, secondaryRegion.endpoint());
            var state2 = new State();
            var nonce2 = new Nonce();
            var verifier2 = new CodeVerifier();
            Page again = browser.getPage(authorizeUri(secondary, state2, nonce2, verifier2).toURL());
            assertThat(again.getUrl().toString()).startsWith(apps.callback.toString());
            var secondCallback = HostedAgent.queryOf(again.getUrl().toString());
            assertThat(secondCallback).containsEntry("state", state2.getValue());
            exchange(secondary, secondCallback.get("code"), verifier2, nonce2, username);

            // Logout at the pool's domain: back to the app's sign-out page, the session gone.
            Page signedOut = browser.getPage(stack.frontDoorEndpoint().resolve("/logout?client_id=" + apps.publicClient
                    + "&logout_uri=" + java.net.URLEncoder.encode(apps.signedOut.toString(), java.nio.charset.StandardCharsets.UTF_8)).toURL());
            assertThat(signedOut.getUrl().toString()).isEqualTo(apps.signedOut.toString());
            assertThat(browser.getCookieManager().getCookie("cognito")).isNull();
            HtmlPage loginAgain = browser.getPage(authorizeUri(primary, new State(), new Nonce(), new CodeVerifier()).toURL());
            assertThat(loginAgain.getUrl().getPath()).isEqualTo("/login");
        }
    }

    @Test
    void promptLoginAsksAgainAndPromptNoneWithoutASessionAnswersLoginRequired() throws Exception {
        Provider primary = Provider.of(discover(), stack.frontDoorEndpoint());
        try (WebClient browser = HostedBrowsers.browser()) {
            URI none = URI.create(authorizeUri(primary, new State("s"), new Nonce(), new CodeVerifier()) + "&prompt=none");
            Page answer = browser.getPage(none.toURL());
            assertThat(HostedAgent.queryOf(answer.getUrl().toString())).containsEntry("error", "login_required")
                    .containsEntry("state", "s");
        }
    }

    @Test
    void theLoginPageLinksItsClientsStylesheetAndShowsItsLogoWhichTheirPathsServe() throws Exception {
        byte[] logo = UiCustomizationTwoRegionTest.png();
        String client;
        try (var admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name())) {
            client = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("hosted-branded")
                    .generateSecret(false).allowedOAuthFlowsUserPoolClient(true)
                    .allowedOAuthFlows(software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid").callbackURLs(apps.callback.toString())
                    .supportedIdentityProviders("COGNITO")).userPoolClient().clientId();
            admin.setUICustomization(b -> b.userPoolId(stack.userPoolId()).clientId(client)
                    .css(UiCustomizationTwoRegionTest.CSS)
                    .imageFile(software.amazon.awssdk.core.SdkBytes.fromByteArray(logo)));
        }
        Accounts.awaitReplicated(stack);
        Provider primary = Provider.of(discover(), stack.frontDoorEndpoint());
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), new ClientID(client),
                apps.callback).endpointURI(primary.authorize()).state(new State()).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build().toURI();

        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(authorize.toURL());
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            // The stylesheet and logo are this origin's: the policy allows 'self' and no inline style but its own.
            assertThat(login.getWebResponse().getResponseHeaderValue("Content-Security-Policy"))
                    .contains("style-src 'self' 'nonce-").contains("img-src 'self';").doesNotContain("unsafe-inline");
            HtmlLink stylesheet = login.getFirstByXPath("//head/link[@rel='stylesheet']");
            assertThat(stylesheet.getHrefAttribute()).startsWith("/hosted/ui.css?client_id=" + client + "&v=");
            HtmlImage image = login.getFirstByXPath("//img[@class='logo-customizable']");
            assertThat(image.getSrcAttribute()).startsWith("/hosted/logo?client_id=" + client + "&v=");
            assertThat(login.getBody().getAttribute("class")).isEqualTo("background-customizable");

            Page css = browser.getPage(login.getFullyQualifiedUrl(stylesheet.getHrefAttribute()));
            assertThat(css.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(css.getWebResponse().getContentType()).isEqualTo("text/css");
            assertThat(css.getWebResponse().getResponseHeaderValue("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(css.getWebResponse().getResponseHeaderValue("Cache-Control")).contains("max-age=31536000");
            assertThat(css.getWebResponse().getContentAsString()).isEqualTo(UiCustomizationTwoRegionTest.CSS);

            Page served = browser.getPage(login.getFullyQualifiedUrl(image.getSrcAttribute()));
            assertThat(served.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(served.getWebResponse().getContentType()).isEqualTo("image/png");
            assertThat(served.getWebResponse().getResponseHeaderValue("X-Content-Type-Options")).isEqualTo("nosniff");
            try (var bytes = served.getWebResponse().getContentAsStream()) {
                assertThat(bytes.readAllBytes()).isEqualTo(logo);
            }
            // Another version than the one stored is served but not kept.
            Page stale = browser.getPage(login.getFullyQualifiedUrl("/hosted/ui.css?client_id=" + client + "&v=0"));
            assertThat(stale.getWebResponse().getResponseHeaderValue("Cache-Control")).isEqualTo("no-cache");
        }
    }


    /** The refresh-token records the primary's Sessions table holds for {@code sub}. */
    private static long refreshTokenRecords(String sub) {
        return stack.primary().dynamoClient().scanPaginator(b -> b.tableName(LocalRegion.TABLES.sessions())
                        .filterExpression("begins_with(pk, :rt) AND #sub = :sub")
                        .expressionAttributeNames(java.util.Map.of("#sub", "sub"))
                        .expressionAttributeValues(java.util.Map.of(
                                ":rt", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RT#"),
                                ":sub", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(sub))))
                .items().stream().count();
    }
}
