package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.branding.UiCustomization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostedBrandedPagesTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static String page(String title) {
        return HostedPages.form(title, "nonce1", "/login", "csrf1", Map.of("client_id", "client1"),
                List.of(new HostedPages.Field("username", "Username", "text", "username", "")),
                Optional.empty(), Optional.empty(), "Sign in");
    }

    @Test
    void theStylesheetComesAfterThePagesOwnStyleAndTheLogoFirstInItsMainBlock() {
        var setting = new UiCustomization("client1", Optional.of(".label-customizable { color: red; }"),
                Optional.of(new UiCustomization.Logo(PNG, "image/png")), 4, AT, AT);

        String branded = HostedBrandedPages.branded(page("Sign in"), setting);

        assertThat(branded).contains("</style><link rel=\"stylesheet\" href=\"/hosted/ui.css?client_id=client1&amp;v=4\"></head>");
        assertThat(branded).contains("<main><div class=\"banner-customizable\"><img class=\"logo-customizable\" "
                + "src=\"/hosted/logo?client_id=client1&amp;v=4\" alt=\"\"></div><h1>");
        // The customer's CSS is never put into the page itself.
        assertThat(branded).doesNotContain("color: red");
    }

    @Test
    void onlyWhatIsSetIsLinkedAndATitleThatLooksLikeMarkupCannotMoveIt() {
        var cssOnly = new UiCustomization("ALL", Optional.of(".label-customizable { color: red; }"), Optional.empty(), 1, AT, AT);
        var empty = new UiCustomization("ALL", Optional.empty(), Optional.empty(), 2, AT, AT);
        String tricky = page("</head><main>");

        assertThat(HostedBrandedPages.branded(tricky, cssOnly)).doesNotContain("<img")
                .contains("</style><link rel=\"stylesheet\" href=\"/hosted/ui.css?client_id=ALL&amp;v=1\"></head>");
        assertThat(HostedBrandedPages.branded(tricky, empty)).isEqualTo(tricky);
    }
}
