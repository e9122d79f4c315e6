package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.cognate.local.LocalCognate;
import java.net.URI;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The hosted account pages in a headless browser (HtmlUnit, no JavaScript): sign up → confirm
 * with the code the local stack delivered → sign in → callback → tokens validated by Nimbus; and
 * forgot password → reset with the delivered code → sign in with the new password. Each page
 * keeps the authorization request, so every flow ends with the code's redirect to the client.
 */
@ExtendWith(HostedAccountPagesTest.Stack.class)
class HostedAccountPagesTest {
    private static final String NEW_PASSWORD = "Hosted-Reset-42";
    private static LocalCognate stack;
    private static OAuthApps apps;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            apps = OAuthApps.on(stack);
        }
    }


    /** The authorization request's query, as a relying party (Nimbus) builds it. */
    private static String authorizeQuery(State state, Nonce nonce, CodeVerifier verifier) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                new ClientID(apps.publicClient), apps.callback).state(state).nonce(nonce)
                .endpointURI(URI.create("/oauth2/authorize"))
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI().getRawQuery();
    }

    private static Page submit(HtmlForm form) throws Exception {
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    /** The code → tokens exchange at the primary, the ID token checked against the JWKS by Nimbus. */
    private static IDTokenClaimsSet redeem(String code, CodeVerifier verifier, Nonce nonce) throws Exception {
        URI primary = stack.frontDoorEndpoint();
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(primary.resolve("/oauth2/token"),
                new ClientID(apps.publicClient), new AuthorizationCodeGrant(new AuthorizationCode(code), apps.callback, verifier))
                .toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        return new IDTokenValidator(new Issuer(stack.issuer()), new ClientID(apps.publicClient), JWSAlgorithm.RS256,
                URI.create(stack.issuer() + "/.well-known/jwks.json").toURL())
                .validate(response.toSuccessResponse().getTokens().toOIDCTokens().getIDToken(), nonce);
    }

    @Test
    void aBrowserSignsUpConfirmsWithTheDeliveredCodeAndLandsOnTheCallbackWithACode() throws Exception {
        String username = Accounts.newUsername();
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(stack.frontDoorEndpoint()
                    .resolve("/oauth2/authorize?" + authorizeQuery(state, nonce, verifier)).toURL());
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            HtmlPage signUp = login.getAnchorByText("Need an account? Sign up").click();
            assertThat(signUp.getUrl().getPath()).isEqualTo("/signup");
            assertThat(signUp.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(signUp.getWebResponse().getResponseHeaderValue("X-Frame-Options")).isEqualTo("DENY");
            assertThat(signUp.getWebResponse().getResponseHeaderValue("Content-Security-Policy"))
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            // Every input has its label.
            assertThat(signUp.getByXPath("//label[@for='field-email']")).hasSize(1);
            HtmlForm form = signUp.getForms().get(0);
            form.getInputByName("username").setValue(username);
            form.getInputByName("email").setValue(username + "@example.com");
            form.getInputByName("password").setValue("short");
            HtmlPage refused = (HtmlPage) submit(form);
            // The API's password policy, told at the password field.
            assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
            assertThat(refused.getHtmlElementById("field-password").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(refused.getHtmlElementById("field-password-error").asNormalizedText()).contains("Password");

            form = refused.getForms().get(0);
            form.getInputByName("password").setValue(Accounts.PASSWORD);
            HtmlPage confirm = (HtmlPage) submit(form);
            assertThat(confirm.asNormalizedText()).contains("Confirm your account").contains("u***@e***");
            HtmlForm confirmForm = confirm.getForms().get(0);
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            confirmForm.getInputByName("code").setValue(code);
            HtmlPage signIn = (HtmlPage) submit(confirmForm);
            assertThat(signIn.asNormalizedText()).contains("Your account is confirmed. Sign in.");
            HtmlForm signInForm = signIn.getForms().get(0);
            assertThat(signInForm.getInputByName("username").getValue()).isEqualTo(username);
            signInForm.getInputByName("password").setValue(Accounts.PASSWORD);
            Page landed = submit(signInForm);

            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            var callback = HostedAgent.queryOf(landed.getUrl().toString());
            assertThat(callback).containsEntry("state", state.getValue());
            IDTokenClaimsSet claims = redeem(callback.get("code"), verifier, nonce);
            assertThat(claims.getStringClaim("cognito:username")).isEqualTo(username);
            assertThat(claims.getStringClaim("email")).isEqualTo(username + "@example.com");
            assertThat(String.valueOf(claims.getClaim("email_verified"))).isEqualTo("true");
        }
    }

    @Test
    void aBrowserResetsAForgottenPasswordAndSignsInWithTheNewOne() throws Exception {
        String username = Accounts.confirmedUser(stack);
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        try (WebClient browser = HostedBrowsers.browser()) {
            HtmlPage login = browser.getPage(stack.frontDoorEndpoint()
                    .resolve("/oauth2/authorize?" + authorizeQuery(state, nonce, verifier)).toURL());
            HtmlPage forgot = login.getAnchorByText("Forgot your password?").click();
            assertThat(forgot.getUrl().getPath()).isEqualTo("/forgotPassword");
            assertThat(forgot.getWebResponse().getStatusCode()).isEqualTo(200);
            HtmlForm form = forgot.getForms().get(0);
            form.getInputByName("username").setValue(username);
            HtmlPage reset = (HtmlPage) submit(form);
            assertThat(reset.asNormalizedText()).contains("Reset your password");
            HtmlForm resetForm = reset.getForms().get(0);
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            resetForm.getInputByName("code").setValue(code);
            resetForm.getInputByName("new_password").setValue(NEW_PASSWORD);
            HtmlPage signIn = (HtmlPage) submit(resetForm);
            assertThat(signIn.asNormalizedText()).contains("Your password has been changed. Sign in.");

            // The old password no longer signs in; the new one does and ends at the callback.
            HtmlForm signInForm = signIn.getForms().get(0);
            signInForm.getInputByName("password").setValue(Accounts.PASSWORD);
            HtmlPage stillHere = (HtmlPage) submit(signInForm);
            assertThat(stillHere.getUrl().getPath()).isEqualTo("/login");
            signInForm = stillHere.getForms().get(0);
            signInForm.getInputByName("password").setValue(NEW_PASSWORD);
            Page landed = submit(signInForm);
            assertThat(landed.getUrl().toString()).startsWith(apps.callback.toString());
            var callback = HostedAgent.queryOf(landed.getUrl().toString());
            assertThat(redeem(callback.get("code"), verifier, nonce).getStringClaim("cognito:username")).isEqualTo(username);
        }
    }
}
