package io.cognate.domain.tokens;

import io.cognate.domain.json.StrictJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies Cognate tokens locally with the known public keys, by the rules of RFC 8725:
 * <ul>
 * <li>compact JWS only, at most {@value #MAX_TOKEN_LENGTH} characters, strict base64url;</li>
 * <li>header parameters {@code alg}, {@code kid}, {@code typ} only: {@code alg} must be RS256,
 * {@code kid} must name a known key (keys are never fetched from {@code jku}, {@code x5u},
 * {@code jwk} or {@code x5c}; those and {@code crit} are refused), {@code typ} must say which
 * kind of token it is and agree with {@code token_use} (RFC 8725 §3.11);</li>
 * <li>the signature is checked before the payload is parsed;</li>
 * <li>exact {@code iss}; {@code sub}; {@code exp}, {@code iat} required and {@code nbf} honoured,
 * each within a bounded clock skew; the client ({@code client_id} of access tokens, the single
 * {@code aud} of ID tokens) in the allowed list when one is set;</li>
 * <li>per caller: the token kind and the scopes it must carry; optionally a revocation check.</li>
 * </ul>
 * Every failure is a {@link TokenRejected}; malformed input never escapes as another exception.
 *
 * <p>Headers and claims are read with {@link StrictJson} (strict
 * RFC 8259, no duplicate names, nothing after the object; the same values Nimbus gives, at a
 * fraction of the cost), and not through {@code SignedJWT}: its full header and claims objects
 * and a new JCA {@code Signature} per token cost too much of the budget beside the RSA check
 * itself (see docs/performance.md). So the RS256 check runs through each key's {@link Rs256Check}
 * (a per-thread JCA {@code Signature}, or libcrypto where an adapter offers it), a header text
 * already accepted is not parsed again, and Nimbus's claims model is built only when asked for.
 */
public final class TokenVerifier {
    /** Larger tokens are refused before parsing: Cognate's own tokens are about 1–2 KB. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);
    /** Beyond this a skew allowance would quietly extend every token's life. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Set<String> ALLOWED_HEADER_PARAMETERS = Set.of("alg", "kid", "typ");
    private static final int MAX_ACCEPTED_HEADERS = 16;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final String BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final String issuer;
    private final Map<String, Rs256Check> keysById;
    private final Set<String> allowedClientIds;
    private final Set<String> requiredAccessScopes;
    private final Duration clockSkew;
    private final Clock clock;
    private final VerifiedTokenCache cache;
    /** Header segments already found to pass every header rule; our own tokens have two. */
    private final ConcurrentHashMap<String, AcceptedHeader> acceptedHeaders = new ConcurrentHashMap<>();
    private final RevocationCheck revocations;

    /** @param allowedClientIds the client ids to accept, or empty for any client of the pool */
    public TokenVerifier(String issuer, Iterable<SigningKey> keys, Set<String> allowedClientIds,
                         Duration clockSkew, Clock clock) {
        this(builder(issuer, clock).keys(keys).allowedClientIds(allowedClientIds).clockSkew(clockSkew));
    }

    private TokenVerifier(Builder builder) {
        if (builder.issuer == null || builder.issuer.isEmpty()) {
            throw new IllegalArgumentException("an issuer is required");
        }
        if (builder.keys.isEmpty()) {
            throw new IllegalArgumentException("at least one verification key is required");
        }
        if (builder.clockSkew.isNegative() || builder.clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must lie between 0 and " + MAX_CLOCK_SKEW);
        }
        this.issuer = builder.issuer;
        var byKid = new HashMap<String, Rs256Check>();
        builder.keys.forEach(key -> byKid.put(key.keyId(), builder.signatureChecks.forKey(key.publicKey())));
        this.keysById = Map.copyOf(byKid);
        this.allowedClientIds = Set.copyOf(builder.allowedClientIds);
        this.requiredAccessScopes = Set.copyOf(builder.requiredAccessScopes);
        this.clockSkew = builder.clockSkew;
        this.clock = builder.clock;
        this.cache = builder.cacheCapacity > 0 ? new VerifiedTokenCache(builder.cacheCapacity, clockSkew) : null;
        this.revocations = builder.revocations;
    }

    public static Builder builder(String issuer, Clock clock) {
        return new Builder(issuer, clock);
    }

    public static TokenVerifier forKey(String issuer, SigningKey key, Clock clock) {
        return builder(issuer, clock).key(key).build();
    }

    public Set<String> keyIds() {
        return keysById.keySet();
    }

    public VerifiedToken verify(String token, TokenUse expectedUse) throws TokenRejected {
        return verify(token, TokenRequirements.of(expectedUse));
    }

    /**
     * Verifies {@code token} for a caller with these requirements. A revocation check, when
     * configured, runs last; its store errors propagate (the caller decides to fail closed).
     */
    public VerifiedToken verify(String token, TokenRequirements requirements) throws TokenRejected {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected("no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejected("token too large");
        }
        Instant now = clock.instant();
        VerifiedToken verified = cache == null ? null : cache.get(token, now);
        if (verified == null) {
            verified = verifyFully(token, now);
            if (cache != null) {
                cache.put(token, verified);
            }
        }
        checkRequirements(verified, requirements);
        if (revocations != null && revocations.isRevoked(verified)) {
            throw TokenRejected.revokedToken();
        }
        return verified;
    }

    /** How many verified tokens the cache holds (0 without a cache); for tests and metrics. */
    public int cachedTokens() {
        return cache == null ? 0 : cache.size();
    }

    private VerifiedToken verifyFully(String token, Instant now) throws TokenRejected {
        try {
            return parseAndCheck(token, now);
        } catch (TokenRejected rejected) {
            throw rejected;
        } catch (ParseException | RuntimeException malformed) {
            // The JSON reader, the base64 decoder and Instant signal bad input in several ways.
            throw new TokenRejected("malformed token");
        }
    }

    private VerifiedToken parseAndCheck(String token, Instant now) throws TokenRejected, ParseException {
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0
                || secondDot == firstDot + 1 || secondDot == token.length() - 1) {
            throw new TokenRejected("not a compact JWS");
        }
        if (token.indexOf('=') >= 0) {
            // JWS uses base64url without padding; the decoder below refuses every other stray character.
            throw new TokenRejected("not base64url");
        }
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);

        String headerText = token.substring(0, firstDot);
        AcceptedHeader header = acceptedHeaders.get(headerText);
        if (header == null) {
            header = checkHeader(StrictJson.parseObject(utf8(decode(ascii, 0, firstDot))));
            if (acceptedHeaders.size() < MAX_ACCEPTED_HEADERS) {
                acceptedHeaders.put(headerText, header);
            }
        }
        Rs256Check key = header.key();
        TokenUse typedAs = header.typedAs();

        byte[] signature = decode(ascii, secondDot + 1, ascii.length);
        if (!canonicalEnding(ascii, secondDot + 1, ascii.length)) {
            // One signature must not have many spellings.
            throw new TokenRejected("not base64url");
        }
        if (!key.verify(ascii, secondDot, signature)) {
            throw new TokenRejected("bad signature");
        }

        Map<String, Object> claims = StrictJson.parseObject(utf8(decode(ascii, firstDot + 1, secondDot)));
        return checkClaims(claims, typedAs, now);
    }

    private AcceptedHeader checkHeader(Map<String, Object> header) throws TokenRejected {
        if (!ALLOWED_HEADER_PARAMETERS.containsAll(header.keySet())) {
            throw new TokenRejected("header parameters not allowed");
        }
        if (!"RS256".equals(header.get("alg"))) {
            throw new TokenRejected("algorithm not allowed");
        }
        Rs256Check key = header.get("kid") instanceof String kid ? keysById.get(kid) : null;
        if (key == null) {
            throw new TokenRejected("unknown key id");
        }
        TokenUse typedAs = TokenUse.fromJoseType(header.get("typ"))
                .orElseThrow(() -> new TokenRejected("wrong token type"));
        return new AcceptedHeader(key, typedAs);
    }

    /** A header that passed every header rule: its key and the kind its typ names. */
    private record AcceptedHeader(Rs256Check key, TokenUse typedAs) {
    }

    private VerifiedToken checkClaims(Map<String, Object> claims, TokenUse typedAs, Instant now) throws TokenRejected {
        if (!issuer.equals(claims.get("iss"))) {
            throw new TokenRejected("wrong issuer");
        }
        TokenUse use = TokenUse.fromClaim(claims.get("token_use"))
                .orElseThrow(() -> new TokenRejected("wrong token_use"));
        if (use != typedAs) {
            throw new TokenRejected("typ and token_use disagree");
        }
        if (!(claims.get("sub") instanceof String subject) || subject.isEmpty()) {
            throw new TokenRejected("no subject");
        }
        if (claims.containsKey("jti") && !(claims.get("jti") instanceof String)) {
            throw new TokenRejected("malformed token");
        }
        Instant exp = seconds(claims, "exp");
        Instant iat = seconds(claims, "iat");
        if (exp == null || iat == null) {
            throw new TokenRejected("missing time claims");
        }
        if (!now.isBefore(exp.plus(clockSkew))) {
            throw TokenRejected.expiredToken();
        }
        if (iat.isAfter(now.plus(clockSkew))) {
            throw new TokenRejected("issued in the future");
        }
        Optional<Instant> nbf = Optional.ofNullable(seconds(claims, "nbf"));
        if (nbf.isPresent() && nbf.get().isAfter(now.plus(clockSkew))) {
            throw new TokenRejected("not yet valid");
        }
        String clientId = switch (use) {
            case ACCESS -> claims.get("client_id") instanceof String s ? s : null;
            case ID -> singleAudience(claims.get("aud"));
        };
        if (clientId == null || clientId.isEmpty()) {
            throw new TokenRejected("no client");
        }
        if (!allowedClientIds.isEmpty() && !allowedClientIds.contains(clientId)) {
            throw new TokenRejected("client not allowed");
        }
        return new VerifiedToken(use, claims, subject, clientId, scopes(claims, use), iat, exp, nbf);
    }

    /** A NumericDate claim (RFC 7519 §2) as whole seconds, null when absent; any other type is malformed. */
    private static Instant seconds(Map<String, Object> claims, String name) throws TokenRejected {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new TokenRejected("malformed token");
        }
        return Instant.ofEpochSecond(number.longValue());
    }

    /** The one audience of an ID token: a string, or a list holding exactly one string. */
    private static String singleAudience(Object aud) throws TokenRejected {
        if (aud instanceof String s) {
            return s;
        }
        if (aud instanceof List<?> list) {
            for (Object entry : list) {
                if (!(entry instanceof String)) {
                    throw new TokenRejected("malformed token");
                }
            }
            return list.size() == 1 ? (String) list.getFirst() : null;
        }
        if (aud != null) {
            throw new TokenRejected("malformed token");
        }
        return null;
    }

    private void checkRequirements(VerifiedToken token, TokenRequirements requirements) throws TokenRejected {
        if (token.use() != requirements.use()) {
            throw new TokenRejected("wrong token_use");
        }
        if (!token.hasScopes(requirements.scopes())
                || (token.use() == TokenUse.ACCESS && !token.hasScopes(requiredAccessScopes))) {
            throw TokenRejected.missingScope();
        }
    }

    private static Set<String> scopes(Map<String, Object> claims, TokenUse use) throws TokenRejected {
        Object scope = claims.get("scope");
        if (use == TokenUse.ID || scope == null) {
            return Set.of();
        }
        if (!(scope instanceof String text)) {
            throw new TokenRejected("malformed scope");
        }
        var scopes = new LinkedHashSet<String>();
        for (String value : text.split(" ")) {
            if (!value.isEmpty()) {
                scopes.add(value);
            }
        }
        return scopes;
    }

    /**
     * True when the segment's last character leaves the bits the decoder ignores at zero, as an
     * encoder writes them; otherwise several spellings would decode to the same bytes.
     */
    private static boolean canonicalEnding(byte[] text, int from, int to) {
        int unusedBits = ((to - from) * 6) % 8;
        if (unusedBits == 0) {
            return true;
        }
        int value = BASE64URL_ALPHABET.indexOf(text[to - 1]);
        return value >= 0 && (value & ((1 << unusedBits) - 1)) == 0;
    }

    /** Decodes one segment; the decoder throws on any character outside the base64url alphabet. */
    private static byte[] decode(byte[] ascii, int from, int to) {
        ByteBuffer decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, from, to - from));
        byte[] array = decoded.array();
        if (decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.limit() == array.length) {
            return array;
        }
        return Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(), decoded.arrayOffset() + decoded.limit());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static final class Builder {
        private final String issuer;
        private final Clock clock;
        private final List<SigningKey> keys = new ArrayList<>();
        private Set<String> allowedClientIds = Set.of();
        private Set<String> requiredAccessScopes = Set.of();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private int cacheCapacity;
        private RevocationCheck revocations;
        private Rs256Checks signatureChecks = Rs256Checks.JCA;

        private Builder(String issuer, Clock clock) {
            this.issuer = issuer;
            this.clock = clock;
        }

        public Builder key(SigningKey key) {
            keys.add(key);
            return this;
        }

        public Builder keys(Iterable<SigningKey> all) {
            all.forEach(keys::add);
            return this;
        }

        /** Empty (the default) accepts every client of the pool. */
        public Builder allowedClientIds(Set<String> clientIds) {
            this.allowedClientIds = Set.copyOf(clientIds);
            return this;
        }

        /** Scopes every access token must carry whatever the caller asks (Cognito's own operations). */
        public Builder requiredAccessScopes(Set<String> scopes) {
            this.requiredAccessScopes = Set.copyOf(scopes);
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /** Keeps up to {@code capacity} verified tokens; 0 (the default) turns the cache off. */
        public Builder cacheCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("cache capacity must not be negative");
            }
            this.cacheCapacity = capacity;
            return this;
        }

        public Builder revocationCheck(RevocationCheck check) {
            this.revocations = check;
            return this;
        }

        /** How RS256 signatures are checked; the JDK's provider unless an adapter offers a faster one. */
        public Builder signatureChecks(Rs256Checks checks) {
            this.signatureChecks = Objects.requireNonNull(checks);
            return this;
        }

        public TokenVerifier build() {
            return new TokenVerifier(this);
        }
    }
}
