package io.cognate.domain.tokens;

import io.cognate.domain.groups.GroupClaims;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a PreTokenGeneration trigger asked to change in the tokens about to be issued: claims to
 * add or override and claims to suppress in each token, scopes to add and suppress in the access
 * token, and the groups to claim in place of the user's own. {@link TokenIssuer} applies it,
 * leaving alone what Cognito does not let a trigger change ({@link #reservedInIdToken},
 * {@link #reservedInAccessToken}): those requests are ignored, as Cognito ignores them, so a
 * trigger can never make a token about someone else, for another client, or living longer.
 */
public record TokenCustomization(Map<String, Object> idClaimsToAddOrOverride, Set<String> idClaimsToSuppress,
                                 Map<String, Object> accessClaimsToAddOrOverride, Set<String> accessClaimsToSuppress,
                                 List<String> scopesToAdd, Set<String> scopesToSuppress,
                                 Optional<GroupOverride> groupOverride) {
    public static final TokenCustomization NONE = new TokenCustomization(Map.of(), Set.of(), Map.of(), Set.of(),
            List.of(), Set.of(), Optional.empty());

    /**
     * Claims Cognito's developer guide lists as not modifiable (acr, amr, aud, at_hash, auth_time,
     * azp, cognito:username, exp, iat, identities, iss, jti, nbf, nonce, origin_jti, sub,
     * token_use), with Cognate's {@code event_id}; the group claims, which change only through
     * {@code groupOverrideDetails}, so one answer cannot say two things about the groups.
     */
    private static final Set<String> RESERVED = Set.of("acr", "amr", "aud", "at_hash", "auth_time", "azp",
            "cognito:username", "exp", "iat", "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "sub",
            "token_use", "event_id", "cognito:groups", "cognito:roles", "cognito:preferred_role");
    /** The access token's own: whose client it is, its scopes (changed through scopesToAdd/Suppress only), and for whom. */
    private static final Set<String> RESERVED_IN_ACCESS_TOKEN = Set.of("client_id", "scope", "username", "version");
    /** Developer-only attributes never reach a token. */
    private static final String DEVELOPER_PREFIX = "dev:";
    /** ID token claims Cognito keeps as plain values: a trigger may set them, but not to an object or a list. */
    public static final Set<String> SIMPLE_VALUED_ID_CLAIMS = Set.of("phone_number_verified", "email_verified",
            "updated_at", "address");

    public TokenCustomization {
        idClaimsToAddOrOverride = Map.copyOf(idClaimsToAddOrOverride);
        idClaimsToSuppress = Set.copyOf(idClaimsToSuppress);
        accessClaimsToAddOrOverride = Map.copyOf(accessClaimsToAddOrOverride);
        accessClaimsToSuppress = Set.copyOf(accessClaimsToSuppress);
        scopesToAdd = List.copyOf(scopesToAdd);
        scopesToSuppress = Set.copyOf(scopesToSuppress);
    }

    /** The groups, roles and preferred role a trigger claims in place of the user's own; null members keep the user's. */
    public record GroupOverride(Optional<List<String>> groups, Optional<List<String>> roles,
                                Optional<String> preferredRole) {
        public GroupClaims applyTo(GroupClaims memberOf) {
            return new GroupClaims(groups.orElse(memberOf.groups()), roles.orElse(memberOf.roles()),
                    preferredRole.isPresent() ? preferredRole : memberOf.preferredRole());
        }
    }

    public static boolean reservedInIdToken(String claim) {
        return RESERVED.contains(claim) || claim.startsWith(DEVELOPER_PREFIX);
    }

    public static boolean reservedInAccessToken(String claim) {
        return reservedInIdToken(claim) || RESERVED_IN_ACCESS_TOKEN.contains(claim);
    }
}
