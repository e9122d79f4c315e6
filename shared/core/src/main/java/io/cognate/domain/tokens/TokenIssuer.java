package io.cognate.domain.tokens;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.groups.GroupClaims;
import io.cognate.ports.GroupDirectory;
import io.cognate.ports.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Mints Cognito-shaped ID and access tokens and has the signer sign them. Claims follow
 * Cognito's set, so apps that read Cognito tokens read these unchanged. Every flow that signs a
 * user in or refreshes a session comes here, so the user's groups are read here, at each issue
 * (a refresh shows the membership of that moment, not of the sign-in).
 */
public final class TokenIssuer {
    public static final String ADMIN_SCOPE = "aws.cognito.signin.user.admin";

    private final String issuer;
    private final TokenSigner signer;
    private final SigningKey signingKey;
    private final Clock clock;
    private final GroupDirectory groups;

    /** An issuer for a pool without groups: no token claims any. */
    public TokenIssuer(String issuer, TokenSigner signer, Clock clock) {
        this(issuer, signer, clock, GroupDirectory.NONE);
    }

    /** An issuer putting each user's groups from {@code groups} in its tokens. */
    public TokenIssuer(String issuer, TokenSigner signer, Clock clock, GroupDirectory groups) {
        this.issuer = issuer;
        this.signer = signer;
        this.signingKey = SigningKey.of(signer.publicKey());
        this.clock = clock;
        this.groups = groups;
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    /**
     * What may change the tokens of one issue before they are signed (the PreTokenGeneration
     * trigger): given the user's groups and the access token's scopes as they would be issued.
     */
    @FunctionalInterface
    public interface Customizer {
        Customizer NONE = (memberOf, scopes) -> TokenCustomization.NONE;

        TokenCustomization customize(GroupClaims memberOf, List<String> scopes);
    }

    /**
     * @param authTime   when the user proved who they are (kept across refreshes)
     * @param originJti  the id of the original authentication, shared by every token it leads to
     */
    public IssuedTokens issue(User user, AppClient client, Instant authTime, String originJti) {
        return issue(user, client, authTime, originJti, Customizer.NONE);
    }

    /**
     * The same, changed as {@code customizer} asks within Cognito's rules ({@link TokenCustomization}).
     * The customizer runs before anything is signed; if it throws, nothing is issued.
     */
    public IssuedTokens issue(User user, AppClient client, Instant authTime, String originJti, Customizer customizer) {
        return issue(user, client, authTime, originJti, customizer, List.of(ADMIN_SCOPE), java.util.Optional.empty());
    }

    /**
     * Tokens of a session started through the OAuth authorization endpoint (or refreshed from
     * one): the access token's {@code scope} is what the user granted the client ({@code scopes}),
     * not the API's {@code aws.cognito.signin.user.admin}, and the ID token carries the
     * authorization request's {@code nonce} (OpenID Connect Core §3.1.3.6) when it had one.
     */
    public IssuedTokens issue(User user, AppClient client, Instant authTime, String originJti, Customizer customizer,
                              List<String> scopes, java.util.Optional<String> nonce) {
        GroupClaims ownGroups = GroupClaims.of(groups.groupsOf(user.sub()));
        TokenCustomization customization = customizer.customize(ownGroups, List.copyOf(scopes));
        GroupClaims memberOf = customization.groupOverride().map(override -> override.applyTo(ownGroups))
                .orElse(ownGroups);
        Instant now = clock.instant();
        String eventId = UUID.randomUUID().toString();
        var id = common(user, authTime, originJti, eventId, now, client.idTokenValidity().toSeconds())
                .audience(client.clientId())
                .claim("token_use", TokenUse.ID.claim())
                .claim("cognito:username", user.username().value());
        nonce.ifPresent(value -> id.claim("nonce", value));
        // Only what the client may read (Cognito's ReadAttributes): apps trust these claims.
        user.attributes().forEach((name, value) -> {
            if (client.mayRead(name)) {
                id.claim(name, claimValue(name, value));
            }
        });
        // A user in no group gets no group claims at all, as from Cognito.
        if (!memberOf.isEmpty()) {
            id.claim("cognito:groups", memberOf.groups());
            if (!memberOf.roles().isEmpty()) {
                id.claim("cognito:roles", memberOf.roles());
            }
            memberOf.preferredRole().ifPresent(role -> id.claim("cognito:preferred_role", role));
        }
        customize(id, customization.idClaimsToAddOrOverride(), customization.idClaimsToSuppress(),
                TokenCustomization::reservedInIdToken);

        var grantedScopes = new LinkedHashSet<String>(scopes);
        grantedScopes.removeAll(customization.scopesToSuppress());
        grantedScopes.addAll(customization.scopesToAdd());
        var access = common(user, authTime, originJti, eventId, now, client.accessTokenValidity().toSeconds())
                .claim("client_id", client.clientId())
                .claim("token_use", TokenUse.ACCESS.claim())
                .claim("scope", grantedScopes.isEmpty() ? null : String.join(" ", grantedScopes))
                .claim("username", user.username().value());
        if (!memberOf.isEmpty()) {
            access.claim("cognito:groups", memberOf.groups());
        }
        customize(access, customization.accessClaimsToAddOrOverride(), customization.accessClaimsToSuppress(),
                TokenCustomization::reservedInAccessToken);

        return new IssuedTokens(
                sign(TokenUse.ID, id.build()),
                sign(TokenUse.ACCESS, access.build()),
                client.accessTokenValidity().toSeconds(),
                java.util.Optional.empty());
    }

    /** Additions first, then suppressions: a claim both set and suppressed is left out, the safer reading. */
    private static void customize(JWTClaimsSet.Builder token, Map<String, Object> toAddOrOverride,
                                  Set<String> toSuppress, Predicate<String> reserved) {
        toAddOrOverride.forEach((claim, value) -> {
            if (!reserved.test(claim)) {
                token.claim(claim, value);
            }
        });
        for (String claim : toSuppress) {
            if (!reserved.test(claim)) {
                // A null claim is left out of the token (JWTClaimsSet skips null values).
                token.claim(claim, null);
            }
        }
    }

    /**
     * An access token for a confidential client acting for itself (OAuth 2.0 client credentials,
     * RFC 6749 §4.4), shaped as Cognito's: the client is the subject, there is no user and no
     * session ({@code origin_jti}), and {@code scope} holds the granted scopes.
     */
    public String issueClientCredentials(AppClient client, Collection<String> scopes) {
        return issueClientCredentials(client, scopes, TokenCustomization.NONE);
    }

    /**
     * The same, changed as a V3_0 PreTokenGeneration trigger asked ({@code customization}'s
     * access-token part, within the access token's rules); the scopes it adds or suppresses change
     * the {@code scope} claim only, not what the client was granted.
     */
    public String issueClientCredentials(AppClient client, Collection<String> scopes, TokenCustomization customization) {
        Instant now = clock.instant();
        var granted = new LinkedHashSet<>(scopes);
        granted.removeAll(customization.scopesToSuppress());
        granted.addAll(customization.scopesToAdd());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(client.clientId())
                .issuer(issuer)
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", client.clientId())
                .claim("token_use", TokenUse.ACCESS.claim())
                .claim("scope", granted.isEmpty() ? null : String.join(" ", granted))
                .claim("auth_time", now.getEpochSecond())
                .claim("version", 2)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(client.accessTokenValidity())));
        customize(claims, customization.accessClaimsToAddOrOverride(), customization.accessClaimsToSuppress(),
                TokenCustomization::reservedInAccessToken);
        return sign(TokenUse.ACCESS, claims.build());
    }

    private JWTClaimsSet.Builder common(User user, Instant authTime, String originJti, String eventId,
                                        Instant now, long lifetimeSeconds) {
        return new JWTClaimsSet.Builder()
                .subject(user.sub())
                .issuer(issuer)
                .jwtID(UUID.randomUUID().toString())
                .claim("origin_jti", originJti)
                .claim("event_id", eventId)
                .claim("auth_time", authTime.getEpochSecond())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)));
    }

    private static Object claimValue(String name, String value) {
        // Cognito types the *_verified claims as booleans in ID tokens.
        if (name.endsWith("_verified")) {
            return Boolean.parseBoolean(value);
        }
        // A federated user's upstream identities: a JSON array in Cognito's ID tokens, not a string.
        if ("identities".equals(name)) {
            try {
                return com.nimbusds.jose.util.JSONArrayUtils.parse(value);
            } catch (java.text.ParseException notAnArray) {
                return value;
            }
        }
        return value;
    }

    private String sign(TokenUse use, JWTClaimsSet claims) {
        String header = TokenJson.rs256Header(signingKey.keyId(), use.joseType());
        String signingInput = Base64URL.encode(header) + "." + Base64URL.encode(TokenJson.claims(claims)
                .orElseGet(claims::toString));
        byte[] signature = signer.signRs256(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64URL.encode(signature);
    }
}
