package io.cognate.domain.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.StoredClientSecret;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order of the authorization request's checks: a wrong client or redirect URI is never
 * redirected to; everything after goes back to the exact callback with {@code error} and
 * {@code state}; PKCE is S256 only and required of public clients.
 */
class AuthorizationRequestsTest {
    private static final String CALLBACK = "https://app.example.com/callback";
    private static final String CHALLENGE = Pkce.s256("a".repeat(43));
    private AuthorizationRequests requests;

    @BeforeEach
    void clients() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        LeaderRecord fence = leaders.initialise(new LeaderRecord("us-east-1", 1));
        var directory = new InMemoryUserDirectory("us-east-1", leaders);
        directory.putClient(client("publicapp", Optional.empty(), true), fence);
        directory.putClient(client("apiclient", Optional.empty(), false), fence);
        requests = new AuthorizationRequests(directory);
    }

    private static AppClient client(String id, Optional<StoredClientSecret> secret, boolean oauth) {
        Duration hour = Duration.ofHours(1);
        var settings = new ClientSettings(ClientSettings.defaultsFor(hour, hour, Duration.ofDays(30)).tokenValidityUnits(),
                oauth, List.of(CALLBACK), List.of("https://app.example.com/bye"), Optional.empty(), List.of("COGNITO"),
                true, "ENABLED", 3, false, Instant.EPOCH, Instant.EPOCH);
        return new AppClient(id, id, Set.of("ALLOW_REFRESH_TOKEN_AUTH"), hour, hour, Duration.ofDays(30),
                oauth ? Set.of("code") : Set.of(), Set.of("openid", "email"), secret, Set.of(), Set.of(), settings, 0);
    }

    private static Map<String, String> valid() {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("response_type", "code");
        parameters.put("client_id", "publicapp");
        parameters.put("redirect_uri", CALLBACK);
        parameters.put("state", "st");
        parameters.put("code_challenge", CHALLENGE);
        parameters.put("code_challenge_method", "S256");
        return parameters;
    }

    private AuthorizationRequests.Checked with(String name, String value) {
        var parameters = valid();
        if (value == null) {
            parameters.remove(name);
        } else {
            parameters.put(name, value);
        }
        return requests.check(parameters);
    }

    @Test
    void aValidRequestGetsAllTheClientsScopesWhenItAsksForNone() {
        var checked = requests.check(valid());
        assertThat(checked).isInstanceOfSatisfying(AuthorizationRequests.Valid.class, valid ->
                assertThat(valid.request().scopes()).containsExactly("email", "openid"));
    }

    @Test
    void aWrongClientOrRedirectUriIsAnErrorPage() {
        for (var checked : List.of(with("client_id", null), with("client_id", "nosuchclient"), with("client_id", "bad id!"),
                with("redirect_uri", null), with("redirect_uri", CALLBACK + "/"), with("redirect_uri", "https://evil.example/callback"),
                with("redirect_uri", "HTTPS://app.example.com/callback"), with("redirect_uri", CALLBACK + "?x=1"))) {
            assertThat(checked).isInstanceOf(AuthorizationRequests.ErrorPage.class);
        }
    }

    @Test
    void laterErrorsGoBackToTheCallbackWithTheState() {
        assertThat(error(with("response_type", "token"))).isEqualTo("unsupported_response_type");
        assertThat(error(with("code_challenge", null))).isEqualTo("invalid_request");
        assertThat(error(with("code_challenge_method", "plain"))).isEqualTo("invalid_request");
        assertThat(error(with("code_challenge_method", null))).isEqualTo("invalid_request");
        assertThat(error(with("code_challenge", "short"))).isEqualTo("invalid_request");
        assertThat(error(with("scope", "openid admin"))).isEqualTo("invalid_scope");
        assertThat(error(with("prompt", "consent"))).isEqualTo("invalid_request");
        assertThat(error(with("client_id", "apiclient"))).isEqualTo("unauthorized_client");
        var redirect = (AuthorizationRequests.RedirectError) with("response_type", "token");
        assertThat(redirect.location()).startsWith(CALLBACK + "?error=unsupported_response_type").endsWith("&state=st");
    }

    private static String error(AuthorizationRequests.Checked checked) {
        assertThat(checked).isInstanceOf(AuthorizationRequests.RedirectError.class);
        return ((AuthorizationRequests.RedirectError) checked).error();
    }

    @Test
    void s256MatchesTheRfc7636AppendixBExample() {
        assertThat(Pkce.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(Pkce.verifies("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isTrue();
        assertThat(Pkce.verifies("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isFalse();
        assertThat(Pkce.verifies("tooshort", Pkce.s256("tooshort"))).isFalse();
    }
}
