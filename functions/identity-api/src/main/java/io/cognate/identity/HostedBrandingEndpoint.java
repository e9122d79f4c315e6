package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.CognitoException;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.domain.branding.UiCustomizationRules;
import io.cognate.domain.branding.UiCustomizations;
import io.cognate.http.HttpApiEvents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /hosted/ui.css} and {@code GET /hosted/logo}: one UI customization's stylesheet and
 * logo, named by {@code client_id} ({@code ALL} or a client's own setting, exactly, no fallback:
 * the page links the setting it applies) and {@code v}, its version. A request for the version
 * stored is cached by browsers and CDNs for a year (the pages link the next version after a Set);
 * any other version is answered with what is stored, not to be cached, so a page rendered in one
 * region while another had not yet replicated the change never pins an old copy.
 *
 * <p>Both are checked again as they leave ({@link UiCustomizationRules}): the CSS against the
 * allowed rules, the logo by its first bytes, so nothing but plain CSS and a PNG or JPEG is ever
 * served from here, whatever reached the table. {@code nosniff} keeps browsers to the content type.
 */
final class HostedBrandingEndpoint {
    static final String CSS_PATH = "/hosted/ui.css";
    static final String LOGO_PATH = "/hosted/logo";
    /** A year: each version has its own URL, so a cached copy never goes stale. */
    private static final String CACHE_VERSION = "public, max-age=31536000, immutable";
    private static final Pattern CLIENT_KEY = Pattern.compile("[\\w+]{1,128}");
    private static final Logger LOG = LoggerFactory.getLogger(HostedBrandingEndpoint.class);

    private final Supplier<UiCustomizations> customizations;

    HostedBrandingEndpoint(Supplier<UiCustomizations> customizations) {
        this.customizations = customizations;
    }

    static boolean serves(String method, String path) {
        return "GET".equals(method) && (CSS_PATH.equals(path) || LOGO_PATH.equals(path));
    }

    /** The stylesheet's path for {@code customization} (relative: whichever region serves the page serves it). */
    static String cssPath(UiCustomization customization) {
        return CSS_PATH + query(customization);
    }

    static String logoPath(UiCustomization customization) {
        return LOGO_PATH + query(customization);
    }

    private static String query(UiCustomization customization) {
        return "?client_id=" + URLEncoder.encode(customization.clientKey(), StandardCharsets.UTF_8)
                + "&v=" + customization.cssVersion();
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        boolean css = CSS_PATH.equals(HttpApiEvents.path(event));
        Optional<Map<String, String>> query = HostedHttp.query(event);
        String key = query.map(parameters -> parameters.getOrDefault("client_id", "")).orElse("");
        if (!CLIENT_KEY.matcher(key).matches()) {
            return notFound();
        }
        try {
            Optional<UiCustomization> stored = customizations.get().stored(key);
            if (stored.isEmpty()) {
                return notFound();
            }
            String cache = stored.get().cssVersion().equals(query.get().get("v")) ? CACHE_VERSION : "no-cache";
            return css ? stylesheet(stored.get(), cache) : logo(stored.get(), cache);
        } catch (CognitoException refused) {
            // What is stored no longer passes the rules: served as absent, never as it is.
            LOG.warn("operation=hosted/branding outcome=refused_on_serving requestId={}", HttpApiEvents.requestId(event));
            return notFound();
        }
    }

    private static APIGatewayV2HTTPResponse stylesheet(UiCustomization customization, String cache) {
        if (customization.css().isEmpty()) {
            return notFound();
        }
        String css = UiCustomizationRules.checkCss(customization.css().get());
        return response("text/css; charset=utf-8", cache, css, false);
    }

    private static APIGatewayV2HTTPResponse logo(UiCustomization customization, String cache) {
        if (customization.logo().isEmpty()) {
            return notFound();
        }
        byte[] bytes = customization.logo().get().bytes();
        String contentType = UiCustomizationRules.logoContentType(bytes);
        return response(contentType, cache, Base64.getEncoder().encodeToString(bytes), true);
    }

    private static APIGatewayV2HTTPResponse response(String contentType, String cache, String body, boolean base64) {
        var headers = new HashMap<String, String>();
        headers.put("content-type", contentType);
        headers.put("cache-control", cache);
        headers.put("x-content-type-options", "nosniff");
        // Only pages of this origin may use them; opened on their own they can do nothing.
        headers.put("cross-origin-resource-policy", "same-origin");
        headers.put("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers)
                .withIsBase64Encoded(base64).withBody(body).build();
    }

    private static APIGatewayV2HTTPResponse notFound() {
        var headers = new HashMap<String, String>();
        headers.put("content-type", "text/plain; charset=utf-8");
        headers.put("cache-control", "no-cache");
        headers.put("x-content-type-options", "nosniff");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(404).withHeaders(headers)
                .withIsBase64Encoded(false).withBody("Not found").build();
    }
}
