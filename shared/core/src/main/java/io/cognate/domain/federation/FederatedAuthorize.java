package io.cognate.domain.federation;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.SecretEnvelopes;
import io.cognate.ports.UpstreamOidc;
import io.cognate.ports.UpstreamStates;
import io.cognate.ports.UserDirectory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The seam between the authorization endpoint and an upstream OIDC or OAuth 2.0 provider.
 *
 * <p>{@link #start}: {@code /oauth2/authorize} with {@code identity_provider} (or an
 * {@code idp_identifier} resolved to a provider) calls it with the client and an opaque
 * {@code resume} string (its own request, to pick up after the round trip) and redirects the
 * browser to the URL it returns: the provider's authorization endpoint with a fresh {@code nonce},
 * a PKCE S256 challenge and a {@code state}.
 *
 * <p>{@link #finish}: {@code /oauth2/idpresponse} hands it the query the provider sent back. It
 * answers the signed-in user (sub, username, auth_time), the client and the {@code resume} string,
 * which the code flow turns into its own authorization code for the client's callback.
 *
 * <p><b>The state.</b> Everything the return needs (pool, provider, client, redirect URI, nonce,
 * PKCE verifier, resume, expiry, a random id) is sealed under the multi-region data key, bound to
 * the pool: any region opens it, so the provider's answer may land in either region, and nobody
 * can read (the verifier) or forge it. It is accepted once ({@link UpstreamStates}, in the
 * replicated Sessions table) and for {@link #STATE_LIFETIME} at most. The redirect URI used at the
 * code exchange is the one sealed in the state, as RFC 6749 §4.1.3 requires, whichever region
 * finishes.
 */
public final class FederatedAuthorize {
    /**
     * A browser at an upstream sign-in page for longer than this starts again: 10 minutes is time
     * to type a password and an MFA code upstream, and bounds how long a leaked URL is worth anything.
     */
    public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    private static final int RANDOM_BYTES = 32;

    private final String userPoolId;
    private final FederationDirectory federation;
    private final UserDirectory users;
    private final IdentityProviders providers;
    private final UpstreamOidc upstream;
    private final UpstreamStates states;
    private final SecretEnvelopes envelopes;
    private final FederatedSignIn signIn;
    private final Supplier<SecureRandom> random;
    private final Clock clock;

    public FederatedAuthorize(String userPoolId, FederationDirectory federation, UserDirectory users,
                              IdentityProviders providers, UpstreamOidc upstream, UpstreamStates states,
                              SecretEnvelopes envelopes, FederatedSignIn signIn, Supplier<SecureRandom> random,
                              Clock clock) {
        this.userPoolId = userPoolId;
        this.federation = federation;
        this.users = users;
        this.providers = providers;
        this.upstream = upstream;
        this.states = states;
        this.envelopes = envelopes;
        this.signIn = signIn;
        this.random = random;
        this.clock = clock;
    }

    /** Who signed in through which provider, for which client, and the authorize request to resume. */
    public record SignedIn(String sub, String username, Instant authTime, String clientId, String providerName,
                           String resume) {
        @Override
        public String toString() {
            return "SignedIn[" + sub + ", " + providerName + ", " + clientId + "]";
        }
    }

    /**
     * The sign-in cannot go on. {@code clientId} and {@code resume} are known once the state opened,
     * so the authorize endpoint can send the error to the client's callback; before that, it shows
     * an error page and redirects nowhere.
     */
    public static final class Refused extends RuntimeException {
        private final transient Optional<String> clientId;
        private final transient Optional<String> resume;

        Refused(String reason, Optional<String> clientId, Optional<String> resume) {
            super(reason, null, false, false);
            this.clientId = clientId;
            this.resume = resume;
        }

        public Optional<String> clientId() {
            return clientId;
        }

        public Optional<String> resume() {
            return resume;
        }
    }

    /** The URL of the provider's authorization endpoint to send the browser to. */
    public URI start(String providerName, String clientId, String resume, URI idpResponseUri) {
        IdentityProvider provider = federation.findProvider(providerName)
                .orElseThrow(() -> refused("unknown provider"));
        checkClient(clientId, providerName).orElseThrow(() -> refused("client does not support the provider"));
        if (provider.type() == ProviderType.SAML) {
            throw refused("not an OIDC or OAuth 2.0 provider");
        }
        UpstreamOidc.Endpoints endpoints = upstream.endpoints(provider);
        String nonce = randomText();
        String verifier = randomText();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", randomText());
        state.put("pool", userPoolId);
        state.put("provider", providerName);
        state.put("client", clientId);
        state.put("redirect", idpResponseUri.toString());
        state.put("nonce", nonce);
        state.put("verifier", verifier);
        state.put("resume", resume);
        state.put("exp", clock.instant().plus(STATE_LIFETIME).getEpochSecond());
        String sealed = envelopes.seal(JSONObjectUtils.toJSONString(state).getBytes(StandardCharsets.UTF_8), context());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", provider.detail("client_id").orElseThrow(() -> refused("provider has no client_id")));
        query.put("redirect_uri", idpResponseUri.toString());
        query.put("scope", provider.detail("authorize_scopes").orElse("openid").replace(",", " ").replaceAll("\\s+", " "));
        query.put("state", sealed);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        StringBuilder url = new StringBuilder(endpoints.authorization().toString());
        char separator = endpoints.authorization().getRawQuery() == null ? '?' : '&';
        for (var entry : query.entrySet()) {
            url.append(separator).append(entry.getKey()).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    /** Finishes the sign-in from the query of {@code /oauth2/idpresponse}. */
    public SignedIn finish(Map<String, String> query) {
        String sealed = query.get("state");
        if (sealed == null || sealed.isEmpty()) {
            throw refused("no state");
        }
        Map<String, Object> state;
        try {
            state = JSONObjectUtils.parse(new String(envelopes.open(sealed, context()), StandardCharsets.UTF_8));
        } catch (SecretEnvelopes.CannotOpen | IllegalArgumentException | ParseException e) {
            throw refused("state does not open");
        }
        String clientId = text(state, "client");
        String resume = text(state, "resume");
        Optional<String> client = Optional.of(clientId);
        Optional<String> resumed = Optional.of(resume);
        if (!userPoolId.equals(text(state, "pool"))) {
            throw new Refused("state of another pool", Optional.empty(), Optional.empty());
        }
        Object exp = state.get("exp");
        if (!(exp instanceof Number expiry) || clock.instant().isAfter(Instant.ofEpochSecond(expiry.longValue()))) {
            throw new Refused("state expired", client, resumed);
        }
        if (query.containsKey("error")) {
            throw new Refused("upstream answered an error", client, resumed);
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            throw new Refused("no code", client, resumed);
        }
        if (!states.claim(text(state, "id"), Instant.ofEpochSecond(((Number) exp).longValue()).plus(STATE_LIFETIME))) {
            throw new Refused("state used already", client, resumed);
        }
        String providerName = text(state, "provider");
        IdentityProvider provider = federation.findProvider(providerName)
                .orElseThrow(() -> new Refused("provider gone", client, resumed));
        checkClient(clientId, providerName).orElseThrow(() -> new Refused("client no longer supports the provider",
                client, resumed));
        UpstreamOidc.Identity identity;
        try {
            identity = upstream.exchange(provider, providers.secret(provider, "client_secret"), code,
                    URI.create(text(state, "redirect")), text(state, "verifier"), text(state, "nonce"));
        } catch (UpstreamOidc.Rejected rejected) {
            throw new Refused("upstream sign-in rejected: " + rejected.getMessage(), client, resumed);
        }
        User user = signIn.signIn(provider, identity);
        return new SignedIn(user.sub(), user.username().value(), clock.instant(), clientId, providerName, resume);
    }

    private Optional<AppClient> checkClient(String clientId, String providerName) {
        return users.findClient(clientId)
                .filter(client -> client.settings().supportedIdentityProviders().contains(providerName));
    }

    private Map<String, String> context() {
        return Map.of("purpose", "upstream-state", "userPoolId", userPoolId);
    }

    private String randomText() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.get().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** RFC 7636 §4.2: BASE64URL(SHA-256(ASCII(code_verifier))). */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Map<String, Object> state, String name) {
        Object value = state.get(name);
        if (!(value instanceof String text)) {
            throw new Refused("state lacks " + name, Optional.empty(), Optional.empty());
        }
        return text;
    }

    private static Refused refused(String reason) {
        return new Refused(reason, Optional.empty(), Optional.empty());
    }
}
