package io.cognate.it;

import io.cognate.local.LocalRegion;
import java.time.Clock;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;

/** What the hosted-page tests set up the same way: a browser without script, and a user's TOTP. */
final class HostedBrowsers {
    private HostedBrowsers() {
    }

    /**
     * HtmlUnit as a browser with JavaScript and CSS off (the pages work without both), answering
     * error statuses as pages so a test can read them.
     */
    static WebClient browser() {
        WebClient browser = new WebClient(BrowserVersion.FIREFOX);
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        return browser;
    }

    /** TOTP enrolled and preferred for {@code username} through the Cognito API at {@code region}: the user's phone. */
    static Rfc6238Codes enrolTotp(LocalRegion region, String clientId, String username) {
        try (var cognito = TwoRegionStoryTest.cognito(region)) {
            String accessToken = Accounts.signIn(cognito, clientId, username).accessToken();
            var phone = new Rfc6238Codes(cognito.associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode(),
                    Clock.systemUTC());
            cognito.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value()));
            cognito.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
            return phone;
        }
    }
}
