package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An app's authorization request as a browser starts it: a public client's code flow with PKCE
 * S256, a fresh state and nonce, scope {@code openid email}, plus {@code extra} parameters
 * ({@code identity_provider}, ...). With the hops a browser then makes, one request each and no
 * redirect followed, so a test sees every {@code Location}.
 */
record CodeFlowStart(URI authorize, String state, Nonce nonce, CodeVerifier verifier) {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static CodeFlowStart at(URI endpoint, String client, String redirectUri, Map<String, String> extra) {
        String state = "st-" + UUID.randomUUID();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("response_type", "code");
        parameters.put("client_id", client);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", "openid email");
        parameters.put("state", state);
        parameters.put("nonce", nonce.getValue());
        parameters.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        parameters.put("code_challenge_method", "S256");
        parameters.putAll(extra);
        return new CodeFlowStart(endpoint.resolve("/oauth2/authorize?" + HostedAgent.form(parameters)), state, nonce,
                verifier);
    }

    /** The same request from another authorize URL (the login page's link to a provider). */
    CodeFlowStart from(URI otherAuthorize) {
        return new CodeFlowStart(otherAuthorize, state, nonce, verifier);
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Where a 302 sends the browser. */
    static URI redirectOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return URI.create(response.headers().firstValue("location").orElseThrow());
    }
}
