package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.domain.branding.UiCustomizations;
import io.cognate.domain.federation.FederatedAuthorize;
import io.cognate.ports.SecretEnvelopes;
import io.cognate.ports.UiCustomizationStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The error pages of the hosted pages, of {@code /oauth2/authorize} and of a federated sign-in's
 * landing share the sign-in page's layout: the same customizable classes, the client's branding
 * when the client is known (its own setting, else the pool's), the pool's when it is not, and the
 * plain page when nothing is set.
 */
class HostedErrorPagesTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String POOL = "us-east-1_Example";
    private static final UiCustomization CLIENT = new UiCustomization("client1",
            Optional.of(".submitButton-customizable { background-color: rgb(217, 72, 15); }"),
            Optional.of(new UiCustomization.Logo(PNG, "image/png")), 3, AT, AT);
    private static final UiCustomization DEFAULT = new UiCustomization(UiCustomization.ALL,
            Optional.of(".banner-customizable { background-color: #102a43; }"), Optional.empty(), 7, AT, AT);

    /** The pool's settings, read only. */
    private static HostedBrandedPages branding(UiCustomization... settings) {
        var stored = new HashMap<String, UiCustomization>();
        for (UiCustomization setting : settings) {
            stored.put(setting.clientKey(), setting);
        }
        UiCustomizationStore store = new UiCustomizationStore() {
            @Override
            public Optional<UiCustomization> find(String clientKey) {
                return Optional.ofNullable(stored.get(clientKey));
            }

            @Override
            public UiCustomization put(UiCustomization customization, long expectedVersion, io.cognate.domain.LeaderRecord fence) {
                throw new UnsupportedOperationException("read only");
            }
        };
        var customizations = new UiCustomizations(POOL, store, id -> true, null, Clock.systemUTC());
        return new HostedBrandedPages(() -> customizations);
    }

    private static APIGatewayV2HTTPEvent get(String path, String query) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withRawQueryString(query)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                        .build()).build();
    }

    @Test
    void anErrorPageHasTheSignInPagesLayoutSoBrandingStylesItTheSameWay() {
        String page = HostedBrandedPages.branded(HostedPages.error("nonce1", "invalid_request", "The client does not exist."), CLIENT);

        assertThat(page).contains("<body class=\"background-customizable\">");
        assertThat(page).contains("<p class=\"error errorMessage-customizable\" role=\"alert\"><strong>invalid_request</strong>");
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"/hosted/ui.css?client_id=client1&amp;v=3\"></head>");
        assertThat(page).contains("<main><div class=\"banner-customizable\"><img class=\"logo-customizable\"");
        assertThat(HostedPages.message("nonce1", "Account created", "An administrator will confirm it."))
                .contains("<body class=\"background-customizable\">").contains("class=\"textDescription-customizable\"");
    }

    @Test
    void anAuthorizeErrorIsBrandedForTheClientTheRequestNames() {
        var event = get(HostedSignInEndpoints.AUTHORIZE, "client_id=client1&redirect_uri=https%3A%2F%2Fevil.example%2F");
        APIGatewayV2HTTPResponse page = branding(CLIENT, DEFAULT).apply(event,
                HostedSignInEndpoints.errorPage("nonce1", "redirect_mismatch", "The redirect_uri is not one of the client's."));

        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getBody()).contains("href=\"/hosted/ui.css?client_id=client1&amp;v=3\"")
                .contains("src=\"/hosted/logo?client_id=client1&amp;v=3\"");
    }

    @Test
    void aPageWhoseClientIsNotKnownGetsThePoolsBrandingAndThePlainPageWhenThePoolHasNone() {
        var event = get(FederatedLanding.OIDC_RESPONSE_PATH, "state=forged");
        String plain = HostedPages.error("nonce1", "invalid_request", "The sign-in could not be completed.");

        String pools = branding(CLIENT, DEFAULT).apply(event, Optional.empty(), html(plain)).getBody();
        assertThat(pools).contains("href=\"/hosted/ui.css?client_id=ALL&amp;v=7\"").doesNotContain("client1");

        assertThat(branding().apply(event, Optional.empty(), html(plain)).getBody()).isEqualTo(plain);
        // A redirect (the error at the client's checked callback) has no page to brand.
        var redirect = HostedHttp.redirect("https://app.example/callback?error=access_denied", java.util.List.of());
        assertThat(branding(CLIENT, DEFAULT).apply(event, Optional.of("client1"), redirect).getBody()).isEmpty();
    }

    @Test
    void aMalformedFederatedLandingShowsThePoolsBrandedErrorPage() {
        var landing = new OidcResponseEndpoint(() -> wiring(), () -> federation(stateOpener()), branding(CLIENT, DEFAULT));

        APIGatewayV2HTTPResponse page = landing.handle(get(FederatedLanding.OIDC_RESPONSE_PATH, "code=%zz"));

        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getHeaders().get("content-type")).startsWith("text/html");
        assertThat(page.getBody()).contains("The request is malformed.")
                .contains("<body class=\"background-customizable\">")
                .contains("href=\"/hosted/ui.css?client_id=ALL&amp;v=7\"");
    }

    @Test
    void aFederatedLandingWhoseStateOpenedButCannotResumeShowsItsClientsBrandedErrorPage() {
        var landing = new OidcResponseEndpoint(() -> wiring(), () -> federation(stateOpener()), branding(CLIENT, DEFAULT));
        // Sealed by this pool for client1, expired, carrying a request that no longer parses.
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"client\":\"client1\",\"resume\":\"%zz\","
                + "\"pool\":\"" + POOL + "\",\"exp\":1}").getBytes(StandardCharsets.UTF_8));

        APIGatewayV2HTTPResponse page = landing.handle(get(FederatedLanding.OIDC_RESPONSE_PATH, "code=abc&state=" + state));

        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getBody()).contains("The sign-in could not be completed.")
                .contains("href=\"/hosted/ui.css?client_id=client1&amp;v=3\"")
                .contains("src=\"/hosted/logo?client_id=client1&amp;v=3\"");
    }

    private static APIGatewayV2HTTPResponse html(String page) {
        return HostedHttp.html(400, page, "nonce1", Optional.empty(), java.util.List.of());
    }

    /** Only what the landing's refusals use: the issuer, a random source and a clock. */
    private static OAuthWiring wiring() {
        return new OAuthWiring("us-east-1", "https://auth.example.com", null, null, null, null, null, null, null, null,
                null, false, null, new SecureRandom(), Clock.fixed(AT, ZoneOffset.UTC));
    }

    private static FederatedAuthorize federation(SecretEnvelopes envelopes) {
        return new FederatedAuthorize(POOL, null, null, null, null, null, envelopes, null, SecureRandom::new,
                Clock.fixed(AT, ZoneOffset.UTC));
    }

    /** States in the clear (base64 JSON): what the landing does with one, not how it is sealed. */
    private static SecretEnvelopes stateOpener() {
        return new SecretEnvelopes() {
            @Override
            public String seal(byte[] secret, Map<String, String> context) {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            }

            @Override
            public byte[] open(String sealed, Map<String, String> context) {
                return Base64.getUrlDecoder().decode(sealed);
            }
        };
    }
}
