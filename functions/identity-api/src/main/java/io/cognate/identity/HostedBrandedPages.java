package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.domain.branding.UiCustomizations;
import io.cognate.http.HttpApiEvents;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the UI customization of the page's client (its own, else the pool's default) to a
 * hosted page: a {@code <link rel="stylesheet">} to the setting's CSS after the page's own style
 * (so it overrides it), and the logo in a {@code banner-customizable} block at the top of the
 * page. Both are same-origin paths with the setting's version, which the page's
 * Content-Security-Policy allows as {@code 'self'}; no customer text is put into the page itself.
 * A page whose branding cannot be read is served unbranded: branding never stops a sign-in.
 */
final class HostedBrandedPages {
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    private static final String HEAD_END = "</head>";
    private static final String MAIN_START = "<main>";
    private static final Logger LOG = LoggerFactory.getLogger(HostedBrandedPages.class);

    private final Supplier<UiCustomizations> customizations;

    HostedBrandedPages(Supplier<UiCustomizations> customizations) {
        this.customizations = customizations;
    }

    /** {@code response} to {@code event}, branded for the client the request names when it is a hosted HTML page. */
    APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        return apply(event, clientId(event), response);
    }

    /**
     * {@code response} branded for {@code clientId}'s pages when it is a hosted HTML page: the
     * client's own setting, else the pool's default (a page whose client is not known, such as a
     * federated sign-in's landing with a forged state, gets the pool's); plain when neither is set.
     */
    APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event, Optional<String> clientId, APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = response.getHeaders();
        String body = response.getBody();
        if (headers == null || body == null || !headers.getOrDefault("content-type", "").startsWith("text/html")) {
            return response;
        }
        String clientKey = clientId.filter(id -> CLIENT_ID.matcher(id).matches()).orElse(UiCustomization.ALL);
        Optional<UiCustomization> applied;
        try {
            applied = customizations.get().applied(clientKey);
        } catch (RuntimeException unreadable) {
            LOG.warn("operation=hosted/branding outcome=unbranded requestId={} cause={}", HttpApiEvents.requestId(event),
                    unreadable.getClass().getName());
            return response;
        }
        if (applied.isEmpty()) {
            return response;
        }
        response.setBody(branded(body, applied.get()));
        return response;
    }

    /** The page with the stylesheet linked before its head ends and the logo first in its main block. */
    static String branded(String page, UiCustomization customization) {
        int headEnd = page.indexOf(HEAD_END);
        int mainStart = page.indexOf(MAIN_START);
        if (headEnd < 0 || mainStart < headEnd) {
            return page;
        }
        var html = new StringBuilder(page.length() + 256);
        html.append(page, 0, headEnd);
        customization.css().ifPresent(css -> html.append("<link rel=\"stylesheet\" href=\"")
                .append(HostedPages.escape(HostedBrandingEndpoint.cssPath(customization))).append("\">"));
        int afterMain = mainStart + MAIN_START.length();
        html.append(page, headEnd, afterMain);
        customization.logo().ifPresent(logo -> html.append("<div class=\"banner-customizable\"><img class=\"logo-customizable\" src=\"")
                .append(HostedPages.escape(HostedBrandingEndpoint.logoPath(customization))).append("\" alt=\"\"></div>"));
        html.append(page, afterMain, page.length());
        return html.toString();
    }

    /** The page's client: the query's {@code client_id} on a GET, the form's on a POST. */
    private static Optional<String> clientId(APIGatewayV2HTTPEvent event) {
        Optional<Map<String, String>> parameters = "POST".equals(HttpApiEvents.method(event))
                ? HostedHttp.form(event) : HostedHttp.query(event);
        return parameters.map(values -> values.get("client_id"));
    }
}
