package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Attacks on the authorization endpoint, the hosted pages and the code grant, each made by a
 * plain HTTP agent that never follows a redirect: open redirects through {@code redirect_uri}
 * and {@code logout_uri}, PKCE downgrades, code reuse in one region and across regions, a code
 * redeemed by another client, forged form posts, framing, lockout and user enumeration.
 */
@ExtendWith(HostedLoginAttackTest.Stack.class)
class HostedLoginAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");
    private static LocalCognate stack;
    private static OAuthApps apps;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            apps = OAuthApps.on(stack);
        }
    }

    private static URI at(LocalRegion region, String path, Map<String, String> query) {
        return region.endpoint().resolve(path + (query.isEmpty() ? "" : "?" + HostedAgent.form(query)));
    }

    /** A new PKCE pair from an independent implementation (Nimbus): verifier, S256 challenge. */
    private static String[] pkce() {
        var verifier = new CodeVerifier();
        return new String[] {verifier.getValue(), CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()};
    }

    /** Signs in at the hosted login page of {@code region} and answers where the page sent the browser. */
    private static HttpResponse<String> signIn(HostedAgent agent, LocalRegion region, Map<String, String> request,
                                               String username, String password) {
        HttpResponse<String> authorize = agent.get(at(region, "/oauth2/authorize", request));
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        String login = authorize.headers().firstValue("location").orElseThrow();
        assertThat(login).startsWith("/login?");
        HttpResponse<String> page = agent.get(region.endpoint().resolve(login));
        assertThat(page.statusCode()).isEqualTo(200);
        var form = new LinkedHashMap<>(request);
        form.put("_csrf", HostedAgent.csrf(page.body()));
        form.put("username", username);
        form.put("password", password);
        return agent.post(region.endpoint().resolve("/login"), HostedAgent.form(form));
    }

    /** A code for {@code username} from {@code region}, for the public client, bound to {@code challenge}. */
    private static String code(LocalRegion region, String username, String challenge) {
        var request = apps.authorize(apps.publicClient, challenge, "s-" + System.nanoTime(), "n-1");
        HttpResponse<String> landed = signIn(new HostedAgent(), region, request, username, Accounts.PASSWORD);
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        String location = landed.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith(apps.callback.toString());
        return HostedAgent.queryOf(location).get("code");
    }

    private static HttpResponse<String> redeem(LocalRegion region, String clientId, String code, String verifier,
                                               Map<String, String> headers) {
        var body = new LinkedHashMap<String, String>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", clientId);
        body.put("code", code);
        body.put("redirect_uri", apps.callback.toString());
        if (verifier != null) {
            body.put("code_verifier", verifier);
        }
        var all = new HashMap<>(FORM);
        all.putAll(headers);
        return Accounts.postForm(region.endpoint().resolve("/oauth2/token"), HostedAgent.form(body), all);
    }

    private static String error(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("error").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void anUnknownClientOrAnUnlistedRedirectUriIsShownAnErrorAndNeverRedirected() {
        var agent = new HostedAgent();
        String challenge = pkce()[1];
        var evil = new LinkedHashMap<>(apps.authorize(apps.publicClient, challenge, "s", "n"));
        for (String target : new String[] {"https://evil.example/callback", apps.callback + "/../evil",
                apps.callback + "?next=https://evil.example", apps.callback.toString().toUpperCase(), apps.callback + "/"}) {
            evil.put("redirect_uri", target);
            for (String path : new String[] {"/oauth2/authorize", "/login"}) {
                HttpResponse<String> response = agent.get(at(stack.primary(), path, evil));
                assertThat(response.statusCode()).as("%s %s", path, target).isEqualTo(400);
                assertThat(response.headers().firstValue("location")).as(target).isEmpty();
                assertThat(response.body()).contains("redirect_mismatch");
            }
        }
        var unknown = new LinkedHashMap<>(apps.authorize(apps.publicClient, challenge, "s", "n"));
        unknown.put("client_id", "nosuchclient000000000000");
        unknown.put("redirect_uri", "https://evil.example/callback");
        HttpResponse<String> response = agent.get(at(stack.primary(), "/oauth2/authorize", unknown));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("location")).isEmpty();
    }

    @Test
    void anUnlistedLogoutUriIsRefusedAndNeverRedirectedTo() {
        var agent = new HostedAgent();
        for (String target : new String[] {"https://evil.example/bye", apps.signedOut + "x", apps.signedOut + "?a=b"}) {
            HttpResponse<String> response = agent.get(at(stack.primary(), "/logout",
                    Map.of("client_id", apps.publicClient, "logout_uri", target)));
            assertThat(response.statusCode()).as(target).isEqualTo(400);
            assertThat(response.headers().firstValue("location")).isEmpty();
        }
        HttpResponse<String> listed = agent.get(at(stack.primary(), "/logout",
                Map.of("client_id", apps.publicClient, "logout_uri", apps.signedOut.toString())));
        assertThat(listed.statusCode()).isEqualTo(302);
        assertThat(listed.headers().firstValue("location")).contains(apps.signedOut.toString());
        assertThat(listed.headers().allValues("set-cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("cognito=;").contains("Max-Age=0").contains("HttpOnly"));
    }

    @Test
    void pkceCannotBeDowngraded() {
        var agent = new HostedAgent();
        // A public client without a challenge, or with plain: an error at the (checked) callback.
        var noChallenge = apps.authorize(apps.publicClient, null, "s1", "n");
        HttpResponse<String> missing = agent.get(at(stack.primary(), "/oauth2/authorize", noChallenge));
        assertThat(missing.statusCode()).isEqualTo(302);
        assertThat(HostedAgent.queryOf(missing.headers().firstValue("location").orElseThrow()))
                .containsEntry("error", "invalid_request").containsEntry("state", "s1").doesNotContainKey("code");
        var plain = new LinkedHashMap<>(apps.authorize(apps.publicClient, pkce()[0], "s2", "n"));
        plain.put("code_challenge_method", "plain");
        HttpResponse<String> plainAnswer = agent.get(at(stack.primary(), "/oauth2/authorize", plain));
        assertThat(HostedAgent.queryOf(plainAnswer.headers().firstValue("location").orElseThrow()))
                .containsEntry("error", "invalid_request").doesNotContainKey("code");

        String username = Accounts.confirmedUser(stack);
        String[] pair = pkce();
        String code = code(stack.primary(), username, pair[1]);
        assertThat(error(redeem(stack.primary(), apps.publicClient, code, null, Map.of()))).isEqualTo("invalid_grant");
        // The code was spent by the failed try: the right verifier does not bring it back.
        assertThat(error(redeem(stack.primary(), apps.publicClient, code, pair[0], Map.of()))).isEqualTo("invalid_grant");
        String second = code(stack.primary(), username, pair[1]);
        assertThat(error(redeem(stack.primary(), apps.publicClient, second, pkce()[0], Map.of()))).isEqualTo("invalid_grant");
        String third = code(stack.primary(), username, pair[1]);
        HttpResponse<String> right = redeem(stack.primary(), apps.publicClient, third, pair[0], Map.of());
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    }

    @Test
    void aCodeIsRedeemedOnceInOneRegionAndNeverInAnother() throws Exception {
        String username = Accounts.confirmedUser(stack);
        String[] pair = pkce();
        String code = code(stack.primary(), username, pair[1]);
        HttpResponse<String> first = redeem(stack.primary(), apps.publicClient, code, pair[0], Map.of());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(first.body());
        assertThat(tokens.path("id_token").asText()).isNotEmpty();
        assertThat(tokens.path("refresh_token").asText()).isNotEmpty();
        assertThat(error(redeem(stack.primary(), apps.publicClient, code, pair[0], Map.of()))).isEqualTo("invalid_grant");
        Accounts.awaitReplicated(stack);
        LocalRegion secondary = stack.regions().get(1);
        assertThat(error(redeem(secondary, apps.publicClient, code, pair[0], Map.of()))).isEqualTo("invalid_grant");

        // Inside the replication window a claim at one region is not yet seen at the other; a code
        // is therefore redeemed only where it was issued. Here the code and its record have
        // replicated, unclaimed, and the secondary still refuses it.
        String unclaimed = code(stack.primary(), username, pair[1]);
        Accounts.awaitReplicated(stack);
        assertThat(error(redeem(secondary, apps.publicClient, unclaimed, pair[0], Map.of()))).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeCannotBeRedeemedByAnotherClient() {
        String username = Accounts.confirmedUser(stack);
        String[] pair = pkce();
        String code = code(stack.primary(), username, pair[1]);
        HttpResponse<String> stolen = redeem(stack.primary(), apps.confidentialClient, code, pair[0],
                Map.of("Authorization", ClientCredentialsTwoRegionTest.basic(apps.confidentialClient, apps.confidentialSecret)));
        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(error(stolen)).isEqualTo("invalid_grant");
        // And the confidential client must authenticate at all.
        HttpResponse<String> anonymous = redeem(stack.primary(), apps.confidentialClient, "x".repeat(43), null, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(error(anonymous)).isEqualTo("invalid_client");
    }

    @Test
    void aFormPostWithoutTheRightCsrfTokenIsRefused() {
        String username = Accounts.confirmedUser(stack);
        var agent = new HostedAgent();
        var request = apps.authorize(apps.publicClient, pkce()[1], "s", "n");
        HttpResponse<String> page = agent.get(at(stack.primary(), "/login", request));
        String csrf = HostedAgent.csrf(page.body());
        for (String token : new String[] {null, "", csrf + "x", "AAAAAAAAAAAAAAAAAAAAAA"}) {
            var form = new LinkedHashMap<>(request);
            if (token != null) {
                form.put("_csrf", token);
            }
            form.put("username", username);
            form.put("password", Accounts.PASSWORD);
            HttpResponse<String> posted = agent.post(stack.primary().endpoint().resolve("/login"), HostedAgent.form(form));
            assertThat(posted.statusCode()).as("token %s", token).isEqualTo(403);
            assertThat(posted.headers().firstValue("location")).isEmpty();
        }
        // The right token in a form from another agent (no cookie): refused too.
        var form = new LinkedHashMap<>(request);
        form.put("_csrf", csrf);
        form.put("username", username);
        form.put("password", Accounts.PASSWORD);
        assertThat(new HostedAgent().post(stack.primary().endpoint().resolve("/login"), HostedAgent.form(form))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void everyPageRefusesFramingAndCaching() {
        var agent = new HostedAgent();
        HttpResponse<String> page = agent.get(at(stack.primary(), "/login", apps.authorize(apps.publicClient, pkce()[1], "s", "n")));
        HttpResponse<String> error = agent.get(at(stack.primary(), "/oauth2/authorize", Map.of("client_id", "nosuch")));
        for (HttpResponse<String> response : java.util.List.of(page, error)) {
            assertThat(response.headers().firstValue("x-frame-options")).contains("DENY");
            String csp = response.headers().firstValue("content-security-policy").orElseThrow();
            assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(response.headers().firstValue("cache-control")).contains("no-store");
            assertThat(response.body()).doesNotContain("<script");
        }
        // Accessible: labelled fields, the CSRF cookie HttpOnly and SameSite=Lax.
        assertThat(page.body()).contains("<label for=\"field-username\"").contains("<label for=\"field-password\"");
        assertThat(page.headers().allValues("set-cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("XSRF-TOKEN=").contains("HttpOnly").contains("SameSite=Lax"));
    }

    @Test
    void hostedPasswordAttemptsCountOnTheSameLockoutCounterAsTheApi() {
        String username = Accounts.confirmedUser(stack);
        var agent = new HostedAgent();
        var request = apps.authorize(apps.publicClient, pkce()[1], "s", "n");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = signIn(agent, stack.primary(), request, username, "Wrong-Password-" + i);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("Incorrect username or password.");
        }
        int counted = new DynamoDbLockoutCounters(stack.primary().dynamo().client(), LocalRegion.TABLES.lockout())
                .read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
        assertThat(counted).isEqualTo(3);
    }

    @Test
    void anUnknownUserAndAWrongPasswordLookTheSame() {
        String username = Accounts.confirmedUser(stack);
        var agent = new HostedAgent();
        var request = apps.authorize(apps.publicClient, pkce()[1], "s", "n");
        HttpResponse<String> wrong = signIn(agent, stack.primary(), request, username, "Wrong-Password-1");
        HttpResponse<String> unknown = signIn(agent, stack.primary(), request, username + "-nobody", "Wrong-Password-1");
        assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode()).isEqualTo(400);
        // The same page but for the nonce, the echoed username and the CSRF token.
        assertThat(normalised(unknown.body(), username + "-nobody")).isEqualTo(normalised(wrong.body(), username));
        assertThat(unknown.headers().map().keySet()).isEqualTo(wrong.headers().map().keySet());
    }

    private static String normalised(String page, String username) {
        return page.replace(username, "USER").replaceAll("nonce=\"[^\"]+\"", "nonce=\"N\"");
    }
}
