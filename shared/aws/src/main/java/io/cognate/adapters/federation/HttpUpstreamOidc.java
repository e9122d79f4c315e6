package io.cognate.adapters.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.SocialProviderEndpoints;
import io.cognate.ports.UpstreamOidc;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link UpstreamOidc} over the JDK's HTTP client, with Nimbus JOSE for the {@code id_token}.
 *
 * <p>Bounds: 3 s to connect and 5 s for an answer (a Lambda serving a browser redirect has no
 * time for a slow provider, and API Gateway gives up at 30 s); answers larger than 1 MiB are
 * refused. Discovery documents are cached for an hour, JWKS for an hour too and fetched again at
 * once when a token names a key the cached set lacks (a provider rotating keys), at most once a
 * minute per provider, so a flood of forged key ids cannot make this region hammer the provider.
 *
 * <p>{@code id_token} checks: signed (RS256/384/512, ES256/384/512; never {@code none} or HMAC) by
 * a key of the provider's JWKS; {@code iss} exactly the provider's issuer; {@code aud} containing
 * the provider's {@code client_id} (and {@code azp}, when the token has several audiences, being
 * it); {@code nonce} exactly the one sealed in the state; {@code sub} present; {@code exp} in the
 * future and {@code iat} not in it, within {@link #MAX_SKEW}.
 *
 * <p>Facebook and Login with Amazon are plain OAuth 2.0: Cognito's fixed endpoints
 * ({@link SocialProviderEndpoints}), the client's credentials as parameters (Facebook takes no
 * other way), and who signed in read with the access token from the user-info URL; an
 * {@code id_token} in the token answer is ignored. {@code standIns} replaces those fixed endpoints
 * by type: set by the local runtime only, for a provider a test runs; on AWS it is always empty.
 */
public final class HttpUpstreamOidc implements UpstreamOidc {
    /** Clock difference tolerated between this region and the provider: 60 s, Nimbus's default too. */
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CACHE_FOR = Duration.ofHours(1);
    static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    /** A Graph API field name: what Facebook's {@code fields=} may list, so a mapping adds nothing else to the URL. */
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final HttpClient http;
    private final Clock clock;
    private final Supplier<Map<ProviderType, SocialProviderEndpoints>> standIns;
    private final Map<String, Cached<Endpoints>> discovery = new ConcurrentHashMap<>();
    private final Map<URI, Cached<JWKSet>> keys = new ConcurrentHashMap<>();

    private record Cached<T>(T value, Instant fetchedAt) {
    }

    public HttpUpstreamOidc(Clock clock) {
        this(clock, Map::of);
    }

    /** With stand-ins for the fixed endpoints of Facebook or Login with Amazon (the local runtime's). */
    public HttpUpstreamOidc(Clock clock, Supplier<Map<ProviderType, SocialProviderEndpoints>> standIns) {
        this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build(), clock, standIns);
    }

    HttpUpstreamOidc(HttpClient http, Clock clock, Supplier<Map<ProviderType, SocialProviderEndpoints>> standIns) {
        this.http = http;
        this.clock = clock;
        this.standIns = standIns;
    }

    /** Facebook's or Login with Amazon's endpoints (Cognito's, or the local runtime's stand-in); empty for any other type. */
    private Optional<SocialProviderEndpoints> social(IdentityProvider provider) {
        return SocialProviderEndpoints.of(provider.type(), provider.details())
                .map(fixed -> standIns.get().getOrDefault(provider.type(), fixed));
    }

    @Override
    public Endpoints endpoints(IdentityProvider provider) {
        Optional<SocialProviderEndpoints> social = social(provider);
        if (social.isPresent()) {
            return new Endpoints("", social.get().authorization(), social.get().token(), Optional.empty(),
                    Optional.of(social.get().attributes()), List.of());
        }
        Optional<String> issuer = provider.detail("oidc_issuer");
        Optional<Endpoints> discovered = issuer.isPresent() && provider.type().openIdConnect()
                ? Optional.of(discovered(issuer.get())) : Optional.empty();
        // Details the provider names win over discovery: Cognito takes them "when it can't
        // discover", and a pool that names them means them.
        URI authorization = provider.detail("authorize_url").map(URI::create)
                .or(() -> discovered.map(Endpoints::authorization))
                .orElseThrow(() -> new Rejected("no authorization endpoint"));
        URI token = provider.detail("token_url").map(URI::create)
                .or(() -> discovered.map(Endpoints::token))
                .orElseThrow(() -> new Rejected("no token endpoint"));
        Optional<URI> jwks = provider.detail("jwks_uri").map(URI::create).or(() -> discovered.flatMap(Endpoints::jwks));
        Optional<URI> userInfo = provider.detail("attributes_url").map(URI::create)
                .or(() -> discovered.flatMap(Endpoints::userInfo));
        return new Endpoints(issuer.orElse(""), authorization, token, jwks, userInfo,
                discovered.map(Endpoints::tokenAuthMethods).orElse(List.of()));
    }

    /** The issuer's discovery document (OpenID Connect Discovery 1.0 §4), cached. */
    Endpoints discovered(String issuer) {
        Cached<Endpoints> cached = discovery.get(issuer);
        if (cached != null && cached.fetchedAt().plus(CACHE_FOR).isAfter(clock.instant())) {
            return cached.value();
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> document = json(send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .timeout(ANSWER_TIMEOUT).GET().build()));
        // §4.3: the document names the issuer it was fetched for, exactly; else it is not its.
        if (!issuer.equals(document.get("issuer"))) {
            throw new Rejected("discovery document of another issuer");
        }
        List<String> methods = strings(document.get("token_endpoint_auth_methods_supported"));
        Endpoints endpoints = new Endpoints(issuer, uri(document, "authorization_endpoint")
                .orElseThrow(() -> new Rejected("discovery lacks authorization_endpoint")),
                uri(document, "token_endpoint").orElseThrow(() -> new Rejected("discovery lacks token_endpoint")),
                uri(document, "jwks_uri"), uri(document, "userinfo_endpoint"), methods);
        discovery.put(issuer, new Cached<>(endpoints, clock.instant()));
        return endpoints;
    }

    @Override
    public Identity exchange(IdentityProvider provider, Optional<String> clientSecret, String code, URI redirectUri,
                             String codeVerifier, String nonce) {
        Endpoints endpoints = endpoints(provider);
        Optional<SocialProviderEndpoints> social = social(provider);
        String clientId = provider.detail("client_id").orElseThrow(() -> new Rejected("no client_id"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", codeVerifier);
        HttpRequest.Builder request;
        boolean basic = clientSecret.isPresent() && social.isEmpty() && usesBasic(endpoints.tokenAuthMethods());
        if (!basic) {
            form.put("client_id", clientId);
            clientSecret.ifPresent(secret -> form.put("client_secret", secret));
        }
        String method = social.map(SocialProviderEndpoints::tokenRequestMethod)
                .orElseGet(() -> provider.detail("token_request_method").orElse("POST"));
        if ("GET".equals(method)) {
            request = HttpRequest.newBuilder(URI.create(endpoints.token() + (endpoints.token().getRawQuery() == null
                    ? "?" : "&") + formBody(form))).GET();
        } else {
            request = HttpRequest.newBuilder(endpoints.token())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        }
        if (basic) {
            // RFC 6749 §2.3.1: each form-encoded, then joined and base64-encoded.
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (formEncode(clientId) + ":" + formEncode(clientSecret.get())).getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, Object> tokens = json(send(request.header("Accept", "application/json").timeout(ANSWER_TIMEOUT).build()));
        if (provider.type().openIdConnect()) {
            Object idToken = tokens.get("id_token");
            if (!(idToken instanceof String jwt)) {
                throw new Rejected("no id_token");
            }
            JWTClaimsSet claims = verified(jwt, endpoints, clientId, nonce);
            return new Identity(claims.getSubject(), claims.getIssuer(), strings(claims.toJSONObject()));
        }
        // Plain OAuth 2.0: an id_token the answer may carry is not looked at, so nothing in it
        // (its sub, its claims) can name the user; the user-info answer to the access token does.
        Object accessToken = tokens.get("access_token");
        if (!(accessToken instanceof String bearer) || bearer.isEmpty()) {
            throw new Rejected("no access_token");
        }
        URI attributes = endpoints.userInfo().map(url -> withFields(url, provider))
                .orElseThrow(() -> new Rejected("no attributes_url"));
        Map<String, Object> profile = json(send(HttpRequest.newBuilder(attributes).timeout(ANSWER_TIMEOUT)
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json").GET().build()));
        String subjectClaim = provider.attributeMapping().getOrDefault("username", "id");
        // A text or a whole number (Facebook's ids are numeric strings; another provider's a JSON number).
        Object subject = profile.get(subjectClaim);
        if (!(subject instanceof String || subject instanceof Long || subject instanceof Integer)
                || subject.toString().isEmpty()) {
            throw new Rejected("attributes lack " + subjectClaim);
        }
        return new Identity(subject.toString(), null, strings(profile));
    }

    /**
     * Facebook's user-info URL ends in {@code fields=}: the Graph API answers only the fields asked
     * for, so the sign-in asks for {@code id} and those the attribute mapping reads (Graph field
     * names only). Other URLs as they are.
     */
    static URI withFields(URI attributes, IdentityProvider provider) {
        String query = attributes.getRawQuery();
        if (query == null || !query.endsWith("fields=")) {
            return attributes;
        }
        var fields = new java.util.LinkedHashSet<String>();
        fields.add("id");
        provider.attributeMapping().values().stream().filter(name -> FIELD_NAME.matcher(name).matches())
                .forEach(fields::add);
        return URI.create(attributes + String.join(",", fields));
    }

    /** The checks {@link #exchange} makes of an {@code id_token}, on a token given directly. */
    public Identity verifiedIdToken(IdentityProvider provider, String idToken, String nonce) {
        JWTClaimsSet claims = verified(idToken, endpoints(provider), provider.detail("client_id")
                .orElseThrow(() -> new Rejected("no client_id")), nonce);
        return new Identity(claims.getSubject(), claims.getIssuer(), strings(claims.toJSONObject()));
    }

    /** client_secret_basic unless discovery lists methods and basic is not among them (OIDC Core §9: basic is the default). */
    static boolean usesBasic(List<String> supported) {
        return supported.isEmpty() || supported.contains("client_secret_basic");
    }

    JWTClaimsSet verified(String idToken, Endpoints endpoints, String clientId, String nonce) {
        URI jwksUri = endpoints.jwks().orElseThrow(() -> new Rejected("no jwks_uri"));
        try {
            return process(idToken, keys(jwksUri, false), endpoints.issuer(), clientId, nonce);
        } catch (Rejected unknownKey) {
            Cached<JWKSet> cached = keys.get(jwksUri);
            if (cached != null && cached.fetchedAt().plus(REFETCH_AT_MOST_EVERY).isAfter(clock.instant())) {
                throw unknownKey;
            }
            return process(idToken, keys(jwksUri, true), endpoints.issuer(), clientId, nonce);
        }
    }

    private JWTClaimsSet process(String idToken, JWKSet keySet, String issuer, String clientId, String nonce) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keySet)));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(clientId,
                new JWTClaimsSet.Builder().issuer(issuer).claim("nonce", nonce).build(),
                new HashSet<>(List.of("sub", "iat", "exp"))) {
            @Override
            public Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) MAX_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new Rejected("id_token refused: " + e.getMessage());
        }
        if (claims.getIssueTime().toInstant().isAfter(clock.instant().plus(MAX_SKEW))) {
            throw new Rejected("id_token issued in the future");
        }
        List<String> audience = claims.getAudience();
        if (audience.size() > 1) {
            Object azp = claims.getClaim("azp");
            if (!clientId.equals(azp)) {
                throw new Rejected("id_token for several audiences without azp naming this client");
            }
        }
        return claims;
    }

    private JWKSet keys(URI jwksUri, boolean refetch) {
        Cached<JWKSet> cached = keys.get(jwksUri);
        if (!refetch && cached != null && cached.fetchedAt().plus(CACHE_FOR).isAfter(clock.instant())) {
            return cached.value();
        }
        try {
            JWKSet set = JWKSet.parse(send(HttpRequest.newBuilder(jwksUri).timeout(ANSWER_TIMEOUT).GET().build()));
            keys.put(jwksUri, new Cached<>(set, clock.instant()));
            return set;
        } catch (ParseException e) {
            throw new Rejected("JWKS does not parse");
        }
    }

    private String send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Rejected("upstream unreachable: " + request.uri().getHost(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejected("interrupted");
        }
        if (response.body().length > MAX_ANSWER_BYTES) {
            throw new Rejected("upstream answer too large");
        }
        if (response.statusCode() / 100 != 2) {
            throw new Rejected("upstream answered HTTP " + response.statusCode() + " at " + request.uri().getPath());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new Rejected("upstream answer is not a JSON object");
        }
    }

    private static Optional<URI> uri(Map<String, Object> document, String name) {
        return document.get(name) instanceof String value ? Optional.of(URI.create(value)) : Optional.empty();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** Claims as strings for the attribute mapping: texts as they are, anything else as its JSON. */
    private static Map<String, String> strings(Map<String, Object> claims) {
        Map<String, String> values = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (value instanceof String text) {
                values.put(name, text);
            } else if (value instanceof Date date) {
                values.put(name, Long.toString(date.toInstant().getEpochSecond()));
            } else if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                values.put(name, JSONObjectUtils.toJSONString(object));
            } else if (value != null) {
                values.put(name, value.toString());
            }
        });
        return values;
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(entry -> formEncode(entry.getKey()) + "=" + formEncode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
