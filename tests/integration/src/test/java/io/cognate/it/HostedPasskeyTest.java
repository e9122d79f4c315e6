package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.webauthn.SoftwareAuthenticator;
import io.cognate.webauthn.SoftwareAuthenticator.Algorithm;
import io.cognate.webauthn.SoftwareAuthenticator.AttestationFormat;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * Passkey sign-in on the hosted pages, driven as a browser without WebAuthn would be: the login
 * page's passkey button starts USER_AUTH's WEB_AUTHN challenge, the {@code /passkey} page carries
 * its request options, and the assertion an independent authenticator ({@link
 * SoftwareAuthenticator}) makes for them is posted back as the page's script would post it. The
 * whole flow ends in a code redeemed at the token endpoint; the attacks are a replayed assertion,
 * another user's passkey, a wrong origin or relying party, forged form posts, an unknown user
 * at the start step, and failed checks that must count on the lockout counter.
 */
@ExtendWith(HostedPasskeyTest.Stack.class)
class HostedPasskeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPTIONS = Pattern.compile("data-options=\"([^\"]*)\"");
    private static final String INCORRECT = "Incorrect username or password.";
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static OAuthApps apps;
    /** An app client that allows USER_AUTH: the hosted pages offer passkeys to its users. */
    private static String passkeyClient;
    /** The page's origin as a browser sees it: the relying party is "localhost", every region's port an origin. */
    private static String origin;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.primary();
            apps = OAuthApps.on(stack);
            origin = "http://" + LocalCognate.PASSKEY_RELYING_PARTY + ":" + primary.endpoint().getPort();
            synchronized (HostedPasskeyTest.class) {
                if (passkeyClient == null) {
                    try (var admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name())) {
                        passkeyClient = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId())
                                .clientName("hosted-passkey").generateSecret(false)
                                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                                .allowedOAuthScopes("openid", "email", "profile")
                                .callbackURLs(apps.callback.toString()).logoutURLs(apps.signedOut.toString())
                                .supportedIdentityProviders("COGNITO"))
                                .userPoolClient().clientId();
                    }
                }
            }
        }
    }

    /** A confirmed user with one passkey, registered at the primary through the Cognito API. */
    private record Account(String username, SoftwareAuthenticator authenticator) {
    }

    private static Account withPasskey() {
        String username = Accounts.confirmedUser(stack);
        var authenticator = SoftwareAuthenticator.create(Algorithm.ES256, origin);
        String accessToken = Accounts.signIn(stack, primary, username).accessToken();
        try (var cognito = TwoRegionStoryTest.cognito(primary)) {
            String options = Documents.json(cognito.startWebAuthnRegistration(b -> b.accessToken(accessToken))
                    .credentialCreationOptions());
            cognito.completeWebAuthnRegistration(b -> b.accessToken(accessToken)
                    .credential(Documents.of(authenticator.register(options, AttestationFormat.NONE))));
        }
        return new Account(username, authenticator);
    }

    /** PKCE from an independent implementation (Nimbus): verifier, S256 challenge. */
    private static String[] pkce() {
        var verifier = new CodeVerifier();
        return new String[] {verifier.getValue(), CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()};
    }

    private static Map<String, String> request(String challenge) {
        var request = new LinkedHashMap<>(apps.authorize(apps.publicClient, challenge, "st-" + System.nanoTime(), "n-1"));
        request.put("client_id", passkeyClient);
        return request;
    }

    private static URI at(String path, Map<String, String> query) {
        return primary.endpoint().resolve(path + (query.isEmpty() ? "" : "?" + HostedAgent.form(query)));
    }

    private static URI at(String path) {
        return primary.endpoint().resolve(path);
    }

    /** The login page's passkey button pressed for {@code username}: the /passkey page (or a refusal). */
    private static HttpResponse<String> startPasskey(HostedAgent agent, Map<String, String> request, String username) {
        HttpResponse<String> login = agent.get(at("/login", request));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        var form = new LinkedHashMap<>(request);
        form.put("_csrf", HostedAgent.csrf(login.body()));
        form.put("username", username);
        form.put("password", "");
        form.put("preferred_challenge", "WEB_AUTHN");
        return agent.post(at("/login"), HostedAgent.form(form));
    }

    /** The request options the /passkey page hands to {@code navigator.credentials.get}. */
    private static String options(String page) {
        Matcher matcher = OPTIONS.matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String hidden(String page, String name) {
        Matcher matcher = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(page);
        assertThat(matcher.find()).as("%s in %s", name, page).isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    /** The /passkey form posted with {@code credential}, as the page's script posts it. */
    private static HttpResponse<String> answer(HostedAgent agent, Map<String, String> request, String page, String credential) {
        var form = new LinkedHashMap<>(request);
        form.put("_csrf", HostedAgent.csrf(page));
        form.put("username", hidden(page, "username"));
        form.put("session", hidden(page, "session"));
        form.put("credential", credential);
        return agent.post(at("/passkey"), HostedAgent.form(form));
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("location")).isEmpty();
        assertThat(response.body()).contains(INCORRECT);
    }

    @Test
    void aPasskeySignsInFromTheLoginPageToTheCallbackAndTheCodeRedeems() throws Exception {
        Account account = withPasskey();
        var agent = new HostedAgent();
        String[] pair = pkce();
        var request = request(pair[1]);
        HttpResponse<String> authorize = agent.get(at("/oauth2/authorize", request));
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("location").orElseThrow()).startsWith("/login?");
        HttpResponse<String> login = agent.get(at("/login", request));
        assertThat(login.body()).contains("name=\"preferred_challenge\" value=\"WEB_AUTHN\"").doesNotContain("<script");

        HttpResponse<String> page = startPasskey(agent, request, account.username());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String csp = page.headers().firstValue("content-security-policy").orElseThrow();
        String nonce = page.body().replaceFirst("(?s).*<script nonce=\"([^\"]+)\".*", "$1");
        assertThat(csp).contains("script-src 'nonce-" + nonce + "'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        // Without JavaScript: a message and the way back to the password form.
        assertThat(page.body()).contains("<noscript>").contains("href=\"/login?");
        JsonNode options = JSON.readTree(options(page.body()));
        assertThat(options.path("rpId").asText()).isEqualTo(LocalCognate.PASSKEY_RELYING_PARTY);
        assertThat(options.path("allowCredentials").isEmpty()).isTrue();

        HttpResponse<String> landed = answer(agent, request, page.body(), account.authenticator().assertion(options.toString()));
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        String location = landed.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith(apps.callback.toString());
        Map<String, String> callback = HostedAgent.queryOf(location);
        assertThat(callback).containsEntry("state", request.get("state"));
        assertThat(landed.headers().allValues("set-cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("cognito=").contains("HttpOnly"));

        var body = new LinkedHashMap<String, String>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", passkeyClient);
        body.put("code", callback.get("code"));
        body.put("redirect_uri", apps.callback.toString());
        body.put("code_verifier", pair[0]);
        HttpResponse<String> tokens = Accounts.postForm(at("/oauth2/token"), HostedAgent.form(body),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        var claims = SignedJWT.parse(JSON.readTree(tokens.body()).path("id_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(account.username());
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n-1");
    }

    @Test
    void theSignInFormAfterAPasswordResetOffersThePasskeyAsTheLoginPageDoes() {
        String username = Accounts.confirmedUser(stack);
        var request = request(pkce()[1]);
        var agent = new HostedAgent();
        HttpResponse<String> forgot = agent.get(at("/forgotPassword", request));
        var form = new LinkedHashMap<>(request);
        form.put("_csrf", HostedAgent.csrf(forgot.body()));
        form.put("username", username);
        HttpResponse<String> sent = agent.post(at("/forgotPassword"), HostedAgent.form(form));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        form.put("code", stack.outbox().latestCodeFor(username).orElseThrow());
        form.put("new_password", Accounts.PASSWORD + "-new");
        HttpResponse<String> reset = agent.post(at("/confirmForgotPassword"), HostedAgent.form(form));

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(reset.body()).contains("Your password has been changed").contains("name=\"password\"")
                .contains("name=\"preferred_challenge\" value=\"WEB_AUTHN\"").contains("Sign in with a passkey");
    }

    @Test
    void thePagesScriptRunsAndSaysWhenTheBrowserHasNoPasskeys() throws Exception {
        // HtmlUnit runs scripts but has no WebAuthn (nor CSP): the script must parse, run, and say so.
        try (WebClient browser = new WebClient(BrowserVersion.FIREFOX)) {
            browser.getOptions().setCssEnabled(false);
            browser.getOptions().setThrowExceptionOnScriptError(true);
            HtmlPage login = browser.getPage(at("/login", request(pkce()[1])).toString());
            HtmlForm form = login.getForms().getFirst();
            form.getInputByName("username").type(Accounts.newUsername());
            HtmlPage passkey = form.getButtonByName("preferred_challenge").click();
            assertThat(passkey.getTitleText()).isEqualTo("Sign in with a passkey");
            assertThat(passkey.getElementById("passkey-status").getTextContent())
                    .isIn("This browser cannot use passkeys. Sign in with your password instead.",
                            "The passkey was not used. Try again, or sign in with your password.");
        }
    }

    @Test
    void aClientWithoutUserAuthIsOfferedNoPasskeyAndItsStartIsRefused() {
        Account account = withPasskey();
        var agent = new HostedAgent();
        var request = new LinkedHashMap<>(request(pkce()[1]));
        request.put("client_id", apps.publicClient);
        HttpResponse<String> login = agent.get(at("/login", request));
        assertThat(login.body()).doesNotContain("preferred_challenge");
        HttpResponse<String> started = startPasskey(agent, request, account.username());
        assertThat(started.statusCode()).isEqualTo(400);
        assertThat(started.body()).doesNotContain("data-options");
    }

    @Test
    void aReplayedAssertionIsRefusedOnItsOwnChallengeAndOnAFreshOne() throws Exception {
        Account account = withPasskey();
        var agent = new HostedAgent();
        var request = request(pkce()[1]);
        String page = startPasskey(agent, request, account.username()).body();
        String assertion = account.authenticator().assertion(options(page));
        assertThat(answer(agent, request, page, assertion).statusCode()).isEqualTo(302);

        assertRefused(answer(agent, request, page, assertion));
        String fresh = startPasskey(agent, request, account.username()).body();
        assertRefused(answer(agent, request, fresh, assertion));
    }

    @Test
    void anotherUsersPasskeyDoesNotSignInTheNamedUser() {
        Account victim = withPasskey();
        Account attacker = withPasskey();
        var agent = new HostedAgent();
        var request = request(pkce()[1]);
        String page = startPasskey(agent, request, victim.username()).body();
        assertRefused(answer(agent, request, page, attacker.authenticator().assertion(options(page))));
        // The attacker's passkey claiming the victim's user handle: refused too.
        byte[] victimHandle = primary.services().directory().findByUsername(Username.of(victim.username())).orElseThrow()
                .sub().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String again = startPasskey(agent, request, victim.username()).body();
        assertRefused(answer(agent, request, again, attacker.authenticator().assertion(options(again),
                attacker.authenticator().honestAssertion(options(again)).withUserHandle(victimHandle))));
    }

    @Test
    void anAssertionForAnotherOriginOrRelyingPartyIsRefused() {
        Account account = withPasskey();
        var agent = new HostedAgent();
        var request = request(pkce()[1]);
        String page = startPasskey(agent, request, account.username()).body();
        assertRefused(answer(agent, request, page, account.authenticator().assertion(options(page),
                account.authenticator().honestAssertion(options(page)).withOrigin("https://evil.example"))));
        String second = startPasskey(agent, request, account.username()).body();
        assertRefused(answer(agent, request, second, account.authenticator().assertion(options(second),
                account.authenticator().honestAssertion(options(second)).withRpId("evil.example"))));
        // The honest answer to the same page still works: the refusals were about origin and relying party.
        assertThat(answer(agent, request, second, account.authenticator().assertion(options(second))).statusCode())
                .isEqualTo(302);
    }

    @Test
    void aPasskeyFormWithoutTheRightCsrfTokenIsRefused() {
        Account account = withPasskey();
        var agent = new HostedAgent();
        var request = request(pkce()[1]);
        String page = startPasskey(agent, request, account.username()).body();
        String csrf = HostedAgent.csrf(page);
        String assertion = account.authenticator().assertion(options(page));
        for (String token : new String[] {null, "", csrf + "x", "AAAAAAAAAAAAAAAAAAAAAA"}) {
            for (String path : new String[] {"/login", "/passkey"}) {
                var form = new LinkedHashMap<>(request);
                if (token != null) {
                    form.put("_csrf", token);
                }
                form.put("username", account.username());
                form.put("preferred_challenge", "WEB_AUTHN");
                form.put("session", hidden(page, "session"));
                form.put("credential", assertion);
                HttpResponse<String> posted = agent.post(at(path), HostedAgent.form(form));
                assertThat(posted.statusCode()).as("%s token %s", path, token).isEqualTo(403);
                assertThat(posted.headers().firstValue("location")).isEmpty();
                assertThat(posted.body()).doesNotContain("data-options");
            }
        }
        // The right token from an agent without the cookie: refused too.
        var form = new LinkedHashMap<>(request);
        form.put("_csrf", csrf);
        form.put("username", hidden(page, "username"));
        form.put("session", hidden(page, "session"));
        form.put("credential", assertion);
        assertThat(new HostedAgent().post(at("/passkey"), HostedAgent.form(form)).statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownUserAndAUserWithoutPasskeysGetTheSameStartPageAsAUserWithOne() {
        Account account = withPasskey();
        String withoutPasskeys = Accounts.confirmedUser(stack);
        String unknown = Accounts.newUsername();
        var agent = new HostedAgent();
        var request = request(pkce()[1]);
        HttpResponse<String> known = startPasskey(agent, request, account.username());
        assertThat(known.statusCode()).isEqualTo(200);
        for (String other : new String[] {withoutPasskeys, unknown}) {
            HttpResponse<String> response = startPasskey(agent, request, other);
            assertThat(response.statusCode()).as(other).isEqualTo(known.statusCode());
            assertThat(hidden(response.body(), "session")).hasSameSizeAs(hidden(known.body(), "session"));
            assertThat(normalised(response.body(), other)).isEqualTo(normalised(known.body(), account.username()));
            assertThat(response.headers().map().keySet()).isEqualTo(known.headers().map().keySet());
        }
    }

    /** The page but for its nonces, the session, the challenge and the echoed username. */
    private static String normalised(String page, String username) {
        return page.replace(username.toLowerCase(java.util.Locale.ROOT), "USER")
                .replaceAll("nonce=\"[^\"]+\"", "nonce=\"N\"")
                .replaceAll("name=\"session\" value=\"[^\"]+\"", "name=\"session\" value=\"S\"")
                .replaceAll("&quot;challenge&quot;:&quot;[^&]+&quot;", "&quot;challenge&quot;:&quot;C&quot;");
    }

    @Test
    void failedPasskeyChecksCountOnTheSameLockoutCounterAsPasswords() {
        Account account = withPasskey();
        var agent = new HostedAgent();
        var request = request(pkce()[1]);
        for (int i = 0; i < 3; i++) {
            String page = startPasskey(agent, request, account.username()).body();
            assertRefused(answer(agent, request, page, account.authenticator().assertion(options(page),
                    account.authenticator().honestAssertion(options(page)).withBrokenSignature())));
        }
        int counted = new DynamoDbLockoutCounters(primary.dynamo().client(), LocalRegion.TABLES.lockout())
                .read(Username.of(account.username()).key()).map(c -> c.failures()).orElse(0);
        assertThat(counted).isEqualTo(3);
    }
}
