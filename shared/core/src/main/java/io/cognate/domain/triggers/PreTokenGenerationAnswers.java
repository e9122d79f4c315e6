package io.cognate.domain.triggers;

import io.cognate.domain.tokens.TokenCustomization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PreTokenGeneration's {@code response} read into a {@link TokenCustomization}, the shapes as
 * aws-lambda-java-events has them: V1's {@code claimsOverrideDetails} ({@code claimsToAddOrOverride}
 * strings only, ID token only) and V2/V3's {@code claimsAndScopeOverrideDetails}. Anything of another
 * shape is Cognito's {@code InvalidLambdaResponseException}; a missing member changes nothing.
 */
final class PreTokenGenerationAnswers {
    /** RFC 6749 §3.3 scope-token characters, as a scope must be to fit the space-separated claim. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");

    private PreTokenGenerationAnswers() {
    }

    static TokenCustomization v1(Map<String, Object> response) {
        Map<String, Object> details = object(response, "claimsOverrideDetails");
        if (details == null) {
            return TokenCustomization.NONE;
        }
        Map<String, Object> claims = claims(details, true);
        return new TokenCustomization(claims, strings(details, "claimsToSuppress"), Map.of(), Set.of(), List.of(),
                Set.of(), groupOverride(details));
    }

    static TokenCustomization v2(Map<String, Object> response) {
        Map<String, Object> details = object(response, "claimsAndScopeOverrideDetails");
        if (details == null) {
            return TokenCustomization.NONE;
        }
        Map<String, Object> id = object(details, "idTokenGeneration");
        Map<String, Object> access = object(details, "accessTokenGeneration");
        Map<String, Object> idClaims = id == null ? Map.of() : claims(id, false);
        for (String simple : TokenCustomization.SIMPLE_VALUED_ID_CLAIMS) {
            Object value = idClaims.get(simple);
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw Triggers.invalidResponse();
            }
        }
        List<String> scopesToAdd = access == null ? List.of() : scopes(access, "scopesToAdd");
        return new TokenCustomization(idClaims, id == null ? Set.of() : strings(id, "claimsToSuppress"),
                access == null ? Map.of() : claims(access, false),
                access == null ? Set.of() : strings(access, "claimsToSuppress"),
                scopesToAdd, access == null ? Set.of() : new LinkedHashSet<>(scopes(access, "scopesToSuppress")),
                groupOverride(details));
    }

    private static Map<String, Object> claims(Map<String, Object> generation, boolean stringsOnly) {
        Map<String, Object> claims = object(generation, "claimsToAddOrOverride");
        if (claims == null) {
            return Map.of();
        }
        var checked = new LinkedHashMap<String, Object>();
        claims.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if (stringsOnly ? !(value instanceof String) : !jsonValue(value)) {
                throw Triggers.invalidResponse();
            }
            checked.put(name, value);
        });
        return checked;
    }

    /** Strings, numbers, booleans, lists of them, and JSON objects: what V2 lets a claim hold. */
    private static boolean jsonValue(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(item -> item != null && jsonValue(item));
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().allMatch(item -> item == null || jsonValue(item));
        }
        return false;
    }

    private static Optional<TokenCustomization.GroupOverride> groupOverride(Map<String, Object> details) {
        Map<String, Object> override = object(details, "groupOverrideDetails");
        if (override == null) {
            return Optional.empty();
        }
        Object preferred = override.get("preferredRole");
        if (preferred != null && !(preferred instanceof String)) {
            throw Triggers.invalidResponse();
        }
        return Optional.of(new TokenCustomization.GroupOverride(optionalStrings(override, "groupsToOverride"),
                optionalStrings(override, "iamRolesToOverride"), Optional.ofNullable((String) preferred)));
    }

    private static List<String> scopes(Map<String, Object> generation, String member) {
        List<String> scopes = optionalStrings(generation, member).orElse(List.of());
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw Triggers.invalidResponse();
            }
        }
        return scopes;
    }

    private static Set<String> strings(Map<String, Object> parent, String member) {
        return new LinkedHashSet<>(optionalStrings(parent, member).orElse(List.of()));
    }

    private static Optional<List<String>> optionalStrings(Map<String, Object> parent, String member) {
        Object value = parent.get(member);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw Triggers.invalidResponse();
        }
        var strings = new ArrayList<String>();
        for (Object item : list) {
            if (!(item instanceof String string)) {
                throw Triggers.invalidResponse();
            }
            strings.add(string);
        }
        return Optional.of(List.copyOf(strings));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String member) {
        Object value = parent.get(member);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw Triggers.invalidResponse();
        }
        return (Map<String, Object>) value;
    }
}
