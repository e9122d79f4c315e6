package io.cognate.domain.oauth;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked request of {@code GET /oauth2/authorize} (RFC 6749 §4.1.1, OpenID Connect Core
 * §3.1.2.1): the client exists and allows the code flow, the redirect URI is exactly one of its
 * callback URLs, the scopes are within its allowed scopes, and the PKCE challenge (S256) is
 * present wherever it is required. {@code scopes} are the scopes asked for, or all the client's
 * when it asked for none (Cognito's rule).
 */
public record AuthorizationRequest(
        String clientId,
        String redirectUri,
        List<String> scopes,
        Optional<String> state,
        Optional<String> nonce,
        Optional<String> codeChallenge,
        Optional<String> prompt,
        Optional<String> lang,
        Optional<String> identityProvider,
        Optional<String> idpIdentifier) {

    public AuthorizationRequest {
        scopes = List.copyOf(scopes);
    }

    /** The same request sent on to {@code provider}, as {@code identity_provider} names it. */
    public AuthorizationRequest through(String provider) {
        return new AuthorizationRequest(clientId, redirectUri, scopes, state, nonce, codeChallenge, prompt, lang,
                Optional.of(provider), Optional.empty());
    }

    public boolean forcesLogin() {
        return prompt.filter("login"::equals).isPresent();
    }

    public boolean forbidsLogin() {
        return prompt.filter("none"::equals).isPresent();
    }

    /** The request's parameters as they came (in a stable order), for the hosted pages to carry on. */
    public Map<String, String> parameters() {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("client_id", clientId);
        parameters.put("response_type", "code");
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", String.join(" ", scopes));
        state.ifPresent(value -> parameters.put("state", value));
        nonce.ifPresent(value -> parameters.put("nonce", value));
        codeChallenge.ifPresent(value -> {
            parameters.put("code_challenge", value);
            parameters.put("code_challenge_method", "S256");
        });
        lang.ifPresent(value -> parameters.put("lang", value));
        return parameters;
    }

    /** The parameters as a query string, form-encoded. */
    public String query() {
        var query = new StringBuilder();
        parameters().forEach((name, value) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return query.toString();
    }

    /** {@code redirectUri} with {@code parameters} added to its query (RFC 6749 §3.1.2: keep its own query). */
    public static String redirect(String redirectUri, Map<String, String> parameters) {
        var target = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        for (var parameter : parameters.entrySet()) {
            target.append(separator).append(parameter.getKey()).append('=')
                    .append(java.net.URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[clientId=" + clientId + ", redirectUri=" + redirectUri + ", scopes=" + scopes + "]";
    }
}
