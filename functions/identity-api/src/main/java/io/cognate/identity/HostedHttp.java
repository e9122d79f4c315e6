package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.clients.OAuthError;
import io.cognate.http.HttpApiEvents;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP side of the hosted pages and browser-facing OAuth endpoints: cookies, redirects and
 * HTML responses with the headers every one of them carries (no framing, a strict
 * Content-Security-Policy, no caching: the pages hold CSRF tokens and sign-in state).
 */
final class HostedHttp {
    /** The hosted session cookie; Cognito's hosted UI calls its own {@code cognito}. */
    static final String SESSION_COOKIE = "cognito";
    /** The pre-session CSRF cookie (double submit), Cognito's name for it. */
    static final String CSRF_COOKIE = "XSRF-TOKEN";
    static final int MAX_FORM_BYTES = 16 * 1024;

    private HostedHttp() {
    }

    /** The request's query parameters, read as strictly as a form body; malformed gives empty. */
    static Optional<Map<String, String>> query(APIGatewayV2HTTPEvent event) {
        String raw = event.getRawQueryString() == null ? "" : event.getRawQueryString();
        return parameters(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Map<String, String>> form(APIGatewayV2HTTPEvent event) {
        byte[] body = HttpApiEvents.bodyBytes(event);
        if (body.length > MAX_FORM_BYTES) {
            return Optional.empty();
        }
        return parameters(body);
    }

    private static Optional<Map<String, String>> parameters(byte[] bytes) {
        try {
            return Optional.of(FormBody.parse(bytes).all());
        } catch (OAuthError malformed) {
            return Optional.empty();
        }
    }

    static Optional<String> cookie(APIGatewayV2HTTPEvent event, String name) {
        List<String> cookies = event.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (String cookie : cookies) {
            int equals = cookie.indexOf('=');
            if (equals > 0 && cookie.substring(0, equals).strip().equals(name)) {
                String value = cookie.substring(equals + 1).strip();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * A cookie for the pool's domain (host-only: whichever region answers under the domain gets
     * it back), HttpOnly, SameSite=Lax (sent on the top-level redirect back from an app), Secure
     * wherever the issuer is HTTPS (every deployment; the local stack serves plain HTTP).
     */
    static String setCookie(String name, String value, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    static boolean sameSecret(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static APIGatewayV2HTTPResponse redirect(String location, List<String> cookies) {
        var headers = new HashMap<String, String>();
        headers.put("location", location);
        headers.put("cache-control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302).withHeaders(headers).withCookies(cookies)
                .withIsBase64Encoded(false).withBody("").build();
    }

    /**
     * An HTML page. {@code styleNonce} is the one inline style block's nonce; {@code formTarget}
     * is where the page's forms may lead after a redirect (the app's callback origin), besides
     * this origin.
     */
    static APIGatewayV2HTTPResponse html(int status, String page, String styleNonce, Optional<String> formTarget,
                                         List<String> cookies) {
        return html(status, page, styleNonce, formTarget, cookies, false);
    }

    /**
     * The same; with {@code scripted}, the page's one inline script may run too, allowed by the
     * same per-response nonce (the passkey step, whose {@code navigator.credentials.get} only
     * a script can call). No other script runs: no {@code 'self'}, no {@code 'unsafe-inline'},
     * and the nonce is new with every response.
     */
    static APIGatewayV2HTTPResponse html(int status, String page, String styleNonce, Optional<String> formTarget,
                                         List<String> cookies, boolean scripted) {
        var headers = new HashMap<String, String>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put("pragma", "no-cache");
        headers.put("x-frame-options", "DENY");
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        // 'self' for the pool's branding only: its stylesheet and logo are served from this origin
        // (HostedBrandingEndpoint); no inline style but the page's own nonced block, no other image.
        headers.put("content-security-policy", "default-src 'none'; "
                + (scripted ? "script-src 'nonce-" + styleNonce + "'; " : "")
                + "style-src 'self' 'nonce-" + styleNonce + "'; img-src 'self'; "
                + "form-action 'self'" + formTarget.map(origin -> " " + origin).orElse("")
                + "; frame-ancestors 'none'; base-uri 'none'");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withCookies(cookies)
                .withIsBase64Encoded(false).withBody(page).build();
    }
}
