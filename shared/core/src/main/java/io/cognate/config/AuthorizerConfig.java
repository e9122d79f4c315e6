package io.cognate.config;

import io.cognate.domain.json.StrictJson;
import io.cognate.domain.tokens.TokenRequirements;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the token-verifier authorizes requests, read from its environment:
 * <ul>
 * <li>{@value #CLIENT_IDS}: comma-separated app client ids whose tokens are accepted (empty: any
 * client of the pool);</li>
 * <li>{@value #ROUTES}: JSON object from route key to its demands, e.g.
 * {@code {"GET /orders": {"tokenUse": "access", "scopes": ["orders/read"]}, "$default": {"tokenUse": "id"}}};
 * routes not listed fall back to {@code $default}, else to "an access token, no scopes";</li>
 * <li>{@value #CLOCK_SKEW}: seconds of clock skew allowed on exp/nbf/iat (default 60, at most 300);</li>
 * <li>{@value #CACHE_SIZE}: verified tokens kept in memory (default 4096; 0 turns the cache off);</li>
 * <li>{@value #CHECK_REVOCATION}: {@code true} to refuse revoked sessions (two DynamoDB reads per
 * request; see docs/performance.md);</li>
 * <li>{@value #REQUIRED_GROUPS}: the groups a route demands, e.g.
 * {@code GET /admin/{proxy+}=admins;POST /reports=admins|analysts}: entries separated by
 * {@code ;}, each a route key, {@code =}, and group names separated by {@code |}, of which the
 * token's {@code cognito:groups} must hold at least one. Routes are matched as for
 * {@value #ROUTES}; a route not listed demands no group.</li>
 * </ul>
 */
public record AuthorizerConfig(
        Set<String> allowedClientIds,
        Map<String, TokenRequirements> routes,
        TokenRequirements fallback,
        Duration clockSkew,
        int cacheSize,
        boolean checkRevocation,
        Map<String, Set<String>> requiredGroups) {

    public static final String CLIENT_IDS = "COGNATE_AUTHORIZER_CLIENT_IDS";
    public static final String ROUTES = "COGNATE_AUTHORIZER_ROUTES";
    public static final String CLOCK_SKEW = "COGNATE_AUTHORIZER_CLOCK_SKEW_SECONDS";
    public static final String CACHE_SIZE = "COGNATE_AUTHORIZER_CACHE_SIZE";
    public static final String CHECK_REVOCATION = "COGNATE_AUTHORIZER_CHECK_REVOCATION";
    public static final String REQUIRED_GROUPS = "COGNATE_AUTHORIZER_REQUIRED_GROUPS";
    public static final String DEFAULT_ROUTE = "$default";
    static final int DEFAULT_CACHE_SIZE = 4096;
    static final int MAX_CACHE_SIZE = 1_000_000;
    private static final String METHODS = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY";
    private static final Pattern ROUTE_KEY = Pattern.compile(
            "(?i)(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) +/[^\\s;=|]*");
    /** Cognito's group names, less this setting's separators and white space. */
    private static final Pattern GROUP_NAME = Pattern.compile("[^\\s;=|\\p{C}]{1,128}");

    public AuthorizerConfig {
        allowedClientIds = Set.copyOf(allowedClientIds);
        routes = Map.copyOf(routes);
        requiredGroups = Map.copyOf(requiredGroups);
    }

    /** Without group demands, as configured before routes could demand groups. */
    public AuthorizerConfig(Set<String> allowedClientIds, Map<String, TokenRequirements> routes,
                            TokenRequirements fallback, Duration clockSkew, int cacheSize, boolean checkRevocation) {
        this(allowedClientIds, routes, fallback, clockSkew, cacheSize, checkRevocation, Map.of());
    }

    public static AuthorizerConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static AuthorizerConfig from(Map<String, String> env) {
        EnvironmentReader reader = new EnvironmentReader(env);
        Set<String> clients = new LinkedHashSet<>();
        for (String id : reader.optional(CLIENT_IDS).orElse("").split(",")) {
            if (!id.isBlank()) {
                clients.add(id.strip());
            }
        }
        Map<String, TokenRequirements> routes = reader.optional(ROUTES).map(AuthorizerConfig::parseRoutes).orElse(Map.of());
        TokenRequirements fallback = routes.getOrDefault(DEFAULT_ROUTE, TokenRequirements.of(TokenUse.ACCESS));
        long skew = reader.wholeNumber(CLOCK_SKEW, TokenVerifier.DEFAULT_CLOCK_SKEW.toSeconds());
        if (skew < 0 || skew > TokenVerifier.MAX_CLOCK_SKEW.toSeconds()) {
            throw new IllegalStateException(CLOCK_SKEW + " must lie between 0 and " + TokenVerifier.MAX_CLOCK_SKEW.toSeconds());
        }
        long cache = reader.wholeNumber(CACHE_SIZE, DEFAULT_CACHE_SIZE);
        if (cache < 0 || cache > MAX_CACHE_SIZE) {
            throw new IllegalStateException(CACHE_SIZE + " must lie between 0 and " + MAX_CACHE_SIZE);
        }
        return new AuthorizerConfig(clients, routes, fallback, Duration.ofSeconds(skew), (int) cache,
                reader.flag(CHECK_REVOCATION, false),
                reader.optional(REQUIRED_GROUPS).map(AuthorizerConfig::parseRequiredGroups).orElse(Map.of()));
    }

    /**
     * What the route with this key demands: its own entry, the {@code ANY} entry of its path, the
     * most literal entry whose template ({@code /orders/{id}}, {@code /files/{proxy+}}) matches a
     * concrete path (REST TOKEN authorizers see only those), or the fallback.
     */
    public TokenRequirements requirementsFor(String routeKey) {
        return matching(routes, routeKey, fallback);
    }

    /**
     * The groups the route with this key demands, matched as {@link #requirementsFor} matches
     * (its own entry, its path's {@code ANY} entry, the most literal template): the token's
     * {@code cognito:groups} must hold one of them. Empty: the route demands none.
     */
    public Set<String> groupsRequiredFor(String routeKey) {
        return matching(requiredGroups, routeKey, Set.of());
    }

    private static <T> T matching(Map<String, T> routes, String routeKey, T fallback) {
        if (routeKey == null || routes.isEmpty()) {
            return fallback;
        }
        String normalised = normaliseRouteKey(routeKey);
        T exact = routes.get(normalised);
        if (exact != null) {
            return exact;
        }
        int space = normalised.indexOf(' ');
        if (space < 0) {
            return fallback;
        }
        String method = normalised.substring(0, space);
        String path = normalised.substring(space + 1);
        T any = routes.get("ANY " + path);
        if (any != null) {
            return any;
        }
        T best = fallback;
        int bestLiterals = -1;
        for (var route : routes.entrySet()) {
            String key = route.getKey();
            int split = key.indexOf(' ');
            if (split < 0 || !(key.startsWith(method + " ") || key.startsWith("ANY "))) {
                continue;
            }
            int literals = templateMatch(key.substring(split + 1), path);
            if (literals > bestLiterals) {
                best = route.getValue();
                bestLiterals = literals;
            }
        }
        return best;
    }

    /** The number of literal segments when {@code template} matches {@code path}, else -1. */
    static int templateMatch(String template, String path) {
        String[] wanted = template.split("/", -1);
        String[] actual = path.split("/", -1);
        int literals = 0;
        for (int i = 0; i < wanted.length; i++) {
            String segment = wanted[i];
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            if (variable && segment.endsWith("+}")) {
                return i < actual.length && !String.join("/", java.util.Arrays.copyOfRange(actual, i, actual.length)).isEmpty()
                        ? literals : -1;
            }
            if (i >= actual.length) {
                return -1;
            }
            if (variable) {
                if (actual[i].isEmpty()) {
                    return -1;
                }
            } else if (segment.equals(actual[i])) {
                literals++;
            } else {
                return -1;
            }
        }
        return wanted.length == actual.length ? literals : -1;
    }

    static Map<String, TokenRequirements> parseRoutes(String json) {
        Map<String, Object> parsed;
        try {
            parsed = StrictJson.parseObject(json);
        } catch (ParseException e) {
            throw new IllegalStateException(ROUTES + " is not a JSON object");
        }
        Map<String, TokenRequirements> routes = new LinkedHashMap<>();
        parsed.forEach((key, value) -> {
            if (!(value instanceof Map<?, ?> entry)) {
                throw new IllegalStateException(ROUTES + ": route " + key + " must map to an object");
            }
            Object use = entry.containsKey("tokenUse") ? entry.get("tokenUse") : "access";
            TokenUse tokenUse = TokenUse.fromClaim(use).orElseThrow(() ->
                    new IllegalStateException(ROUTES + ": route " + key + " has tokenUse other than access or id"));
            Set<String> scopes = new LinkedHashSet<>();
            Object listed = entry.containsKey("scopes") ? entry.get("scopes") : List.of();
            if (!(listed instanceof List<?> list)) {
                throw new IllegalStateException(ROUTES + ": route " + key + " scopes must be a list");
            }
            for (Object scope : list) {
                if (!(scope instanceof String s) || s.isBlank() || s.contains(" ")) {
                    throw new IllegalStateException(ROUTES + ": route " + key + " has a malformed scope");
                }
                scopes.add(s);
            }
            for (Object name : entry.keySet()) {
                if (!name.equals("tokenUse") && !name.equals("scopes")) {
                    throw new IllegalStateException(ROUTES + ": route " + key + " has unknown setting " + name);
                }
            }
            try {
                routes.put(key.equals(DEFAULT_ROUTE) ? key : normaliseRouteKey(key), new TokenRequirements(tokenUse, scopes));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(ROUTES + ": route " + key + ": " + e.getMessage());
            }
        });
        return routes;
    }

    /**
     * {@value #REQUIRED_GROUPS}, parsed strictly: a mistake in it would open a route to everyone,
     * so anything not plainly a list of routes and group names stops the function from starting.
     */
    static Map<String, Set<String>> parseRequiredGroups(String value) {
        Map<String, Set<String>> required = new LinkedHashMap<>();
        if (value.isBlank()) {
            return required;
        }
        for (String entry : value.strip().split(";", -1)) {
            String trimmed = entry.strip();
            int equals = trimmed.indexOf('=');
            if (equals < 0 || trimmed.indexOf('=', equals + 1) >= 0) {
                throw new IllegalStateException(REQUIRED_GROUPS + ": each entry must be ROUTE=group|group, "
                        + "entries separated by ';' (found an entry with " + (equals < 0 ? "no" : "more than one")
                        + " '=')");
            }
            String route = trimmed.substring(0, equals).strip();
            if (!ROUTE_KEY.matcher(route).matches()) {
                throw new IllegalStateException(REQUIRED_GROUPS + ": '" + route + "' is not a route key "
                        + "(METHOD /path, the method one of " + METHODS + ")");
            }
            String key = normaliseRouteKey(route);
            Set<String> groups = new LinkedHashSet<>();
            for (String group : trimmed.substring(equals + 1).split("\\|", -1)) {
                String name = group.strip();
                if (!GROUP_NAME.matcher(name).matches() || !groups.add(name)) {
                    throw new IllegalStateException(REQUIRED_GROUPS + ": route " + key + " names an empty, "
                            + "repeated or malformed group");
                }
            }
            if (required.put(key, Set.copyOf(groups)) != null) {
                throw new IllegalStateException(REQUIRED_GROUPS + ": route " + key + " is listed twice");
            }
        }
        return required;
    }

    /** "get  /a" and "GET /a" are one route; the path keeps its case, as API Gateway's does. */
    static String normaliseRouteKey(String key) {
        String trimmed = key.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || trimmed.equals(DEFAULT_ROUTE)) {
            return trimmed;
        }
        String method = trimmed.substring(0, space);
        String path = trimmed.substring(space + 1).strip();
        // Called per request: already-normal keys (what API Gateway sends) come back as they are.
        if (method.equals(method.toUpperCase(Locale.ROOT)) && path.length() == trimmed.length() - space - 1) {
            return trimmed;
        }
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
