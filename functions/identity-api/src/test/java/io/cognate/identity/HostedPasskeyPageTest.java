package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostedPasskeyPageTest {
    private static final String NONCE = "n0nceN0nceN0nceN0nce1";
    /** Request options as a hostile value could make them: quotes, tags and an ampersand. */
    private static final String HOSTILE_OPTIONS =
            "{\"challenge\":\"abc\",\"rpId\":\"x\\\"></form><script>alert(1)</script>&amp;\"}";

    private static String page(String options) {
        var carried = new LinkedHashMap<String, String>();
        carried.put("client_id", "client1");
        carried.put("username", "user\"><script>alert(2)</script>");
        carried.put("session", "sealed");
        return HostedPages.passkey(NONCE, HostedSignInEndpoints.PASSKEY, "csrf1", carried, options,
                "/login?client_id=client1&state=\"x\"");
    }

    @Test
    void theScriptRunsByThePerResponseNonceAndFramingIsStillRefused() {
        var response = HostedHttp.html(200, page("{}"), NONCE, Optional.of("https://app.example"), List.of(), true);
        String csp = response.getHeaders().get("content-security-policy");

        assertThat(csp).contains("default-src 'none'").contains("script-src 'nonce-" + NONCE + "'")
                .contains("frame-ancestors 'none'").contains("base-uri 'none'")
                .contains("form-action 'self' https://app.example")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("script-src 'self'");
        assertThat(response.getHeaders()).containsEntry("x-frame-options", "DENY").containsEntry("cache-control", "no-store");
        // The one script on the page carries the nonce; no inline event handler anywhere.
        assertThat(response.getBody()).contains("<script nonce=\"" + NONCE + "\">");
        assertThat(Pattern.compile("<script(?! nonce=\"" + NONCE + "\">)").matcher(response.getBody()).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(response.getBody()).find()).isFalse();
    }

    @Test
    void pagesWithoutTheScriptAllowNoScriptAtAll() {
        var response = HostedHttp.html(200, HostedPages.message(NONCE, "Signed out", "Bye."), NONCE, Optional.empty(), List.of());

        assertThat(response.getHeaders().get("content-security-policy")).doesNotContain("script-src")
                .contains("default-src 'none'").contains("frame-ancestors 'none'");
    }

    @Test
    void theOptionsAndCarriedValuesAreEscapedSoNothingBreaksOutOfTheirAttribute() {
        String html = page(HOSTILE_OPTIONS);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("</form><script>");
        assertThat(html).contains("data-options=\"{&quot;challenge&quot;:&quot;abc&quot;,&quot;rpId&quot;:"
                + "&quot;x\\&quot;&gt;&lt;/form&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&quot;}\"");
        assertThat(html).contains("value=\"user&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\"");
        assertThat(html).contains("href=\"/login?client_id=client1&amp;state=&quot;x&quot;\"");
    }

    @Test
    void withoutJavaScriptThePageSaysSoAndLinksBackToThePasswordForm() {
        String html = page("{}");

        assertThat(html).containsPattern("<noscript><p [^>]*role=\"alert\">Signing in with a passkey needs JavaScript");
        assertThat(html).contains("<a class=\"redirect-customizable\" href=\"/login?client_id=client1");
        // The button only the script can use is hidden until the script shows it.
        assertThat(html).contains("id=\"passkey-button\" type=\"button\" hidden>");
        assertThat(html).contains("<form id=\"passkey-form\" method=\"post\" action=\"/passkey\"");
        assertThat(html).contains("<input type=\"hidden\" name=\"credential\" value=\"\">");
    }

    @Test
    void theLoginFormsPasskeyButtonComesAfterThePasswordButtonInsideTheSameForm() {
        String html = HostedPages.form("Sign in", NONCE, "/login", "csrf1", Map.of("client_id", "client1"),
                List.of(new HostedPages.Field("username", "Username", "text", "username", ""),
                        new HostedPages.Field("password", "Password", "password", "current-password", "")),
                Optional.empty(), Optional.empty(), "Sign in", Optional.empty(), List.of(),
                Optional.of(new HostedPages.Alternative("preferred_challenge", "WEB_AUTHN", "Sign in with a passkey")));

        int password = html.indexOf("type=\"submit\">Sign in</button>");
        int passkey = html.indexOf("name=\"preferred_challenge\" value=\"WEB_AUTHN\">Sign in with a passkey</button>");
        assertThat(password).isPositive();
        assertThat(passkey).isGreaterThan(password).isLessThan(html.indexOf("</form>"));
        assertThat(html).doesNotContain("<script");
    }
}
