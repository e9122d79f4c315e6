package io.cognate.verifier;

import io.cognate.config.AuthorizerConfig;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenRequirements;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.domain.tokens.VerifiedToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision both authorizer handlers share: take the credential API Gateway passed, find what
 * the route demands, verify locally. It never throws: anything unexpected (a revocation store
 * that cannot be read, say) is a denial, so the gateway answers 401/403, never 500.
 */
final class TokenAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthorizer.class);

    private final Supplier<TokenVerifier> verifier;
    private final AuthorizerConfig config;

    TokenAuthorizer(Supplier<TokenVerifier> verifier, AuthorizerConfig config) {
        this.verifier = verifier;
        this.config = config;
    }

    /** Allowed with the caller's identity, or denied with the rule that failed (never the token). */
    record Decision(boolean allowed, String principalId, Map<String, String> context, String reason) {
        static Decision deny(String reason) {
            return new Decision(false, "unauthorized", Map.of(), reason);
        }
    }

    /** Where a decision's log lines are written: with the invocation's log keys set around them. */
    interface LogLines {
        void write(Runnable lines);
    }

    Decision authorize(String credential, String routeKey, LogLines log) {
        Decision decision;
        try {
            decision = decide(credential, routeKey);
        } catch (RuntimeException | StackOverflowError e) {
            String cause = e.getClass().getName();
            log.write(() -> LOG.error("authorizer: verification failed route={} cause={}", safe(routeKey), cause));
            decision = Decision.deny("verification failed");
        }
        if (!decision.allowed()) {
            String reason = decision.reason();
            log.write(() -> LOG.info("authorizer: denied route={} reason={}", safe(routeKey), reason));
        }
        return decision;
    }

    private Decision decide(String credential, String routeKey) {
        String token = bearerToken(credential);
        if (token == null) {
            return Decision.deny("no bearer token");
        }
        TokenRequirements requirements = config.requirementsFor(routeKey);
        VerifiedToken verified;
        try {
            verified = verifier.get().verify(token, requirements);
        } catch (TokenRejected rejected) {
            return Decision.deny(rejected.getMessage());
        }
        Set<String> required = config.groupsRequiredFor(routeKey);
        if (!required.isEmpty() && groups(verified).stream().noneMatch(required::contains)) {
            return Decision.deny("not in a group the route requires");
        }
        return new Decision(true, verified.subject(), context(verified), "ok");
    }

    /** The token's {@code cognito:groups}: a list of names; anything else is no group at all. */
    static List<String> groups(VerifiedToken token) {
        if (!(token.claim("cognito:groups") instanceof List<?> claimed)) {
            return List.of();
        }
        return claimed.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** "Bearer &lt;token&gt;" (scheme in any case), or a bare token as Cognito's own authorizers accept. */
    static String bearerToken(String credential) {
        if (credential == null) {
            return null;
        }
        String value = credential.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return value.isEmpty() ? null : value;
        }
        if (!value.substring(0, space).equalsIgnoreCase("bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }

    /** What the route's handler learns about the caller: flat strings, as API Gateway's context requires. */
    static Map<String, String> context(VerifiedToken token) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("sub", token.subject());
        context.put("token_use", token.use().claim());
        context.put("client_id", token.clientId());
        String username = string(token.claim(token.use() == TokenUse.ACCESS ? "username" : "cognito:username"));
        if (username != null) {
            context.put("username", username);
        }
        if (token.use() == TokenUse.ACCESS) {
            context.put("scope", String.join(" ", token.scopes()));
        }
        context.put("iss", string(token.claim("iss")));
        context.put("iat", Long.toString(token.issuedAt().getEpochSecond()));
        context.put("exp", Long.toString(token.expiresAt().getEpochSecond()));
        if (token.claim("auth_time") instanceof Number authTime) {
            context.put("auth_time", Long.toString(authTime.longValue()));
        }
        if (string(token.claim("jti")) != null) {
            context.put("jti", string(token.claim("jti")));
        }
        token.originJti().ifPresent(session -> context.put("origin_jti", session));
        // As API Gateway's Cognito authorizer passes them: the names joined by commas.
        List<String> groups = groups(token);
        if (!groups.isEmpty()) {
            context.put("cognito:groups", String.join(",", groups));
        }
        // An address is passed on only once the user has proven it, and then always with
        // email_verified, so an app that reads "email" never trusts an address someone typed.
        if (token.use() == TokenUse.ID && string(token.claim("email")) != null && verified(token.claim("email_verified"))) {
            context.put("email", string(token.claim("email")));
            context.put("email_verified", "true");
        }
        return context;
    }

    /** Cognate's ID tokens carry a boolean; Cognito's older ones a string. */
    private static boolean verified(Object claim) {
        return Boolean.TRUE.equals(claim) || "true".equals(claim);
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** Route keys come from API Gateway, but keep odd characters out of log lines anyway. */
    private static String safe(String routeKey) {
        if (routeKey == null) {
            return "-";
        }
        String trimmed = routeKey.length() > 200 ? routeKey.substring(0, 200) : routeKey;
        return trimmed.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
