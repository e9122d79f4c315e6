package io.cognate.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An app client of the pool: which flows it may use, how long its tokens live and, for a
 * confidential client, its secret (never in plain text; see {@link StoredClientSecret}).
 */
public record AppClient(
        String clientId,
        String clientName,
        Set<String> explicitAuthFlows,
        Duration accessTokenValidity,
        Duration idTokenValidity,
        Duration refreshTokenValidity,
        Set<String> allowedOAuthFlows,
        Set<String> allowedOAuthScopes,
        Optional<StoredClientSecret> secret) {

    public static final String ALLOW_USER_PASSWORD_AUTH = "ALLOW_USER_PASSWORD_AUTH";
    public static final String ALLOW_REFRESH_TOKEN_AUTH = "ALLOW_REFRESH_TOKEN_AUTH";
    /** The OAuth flow of machine-to-machine clients (Cognito's {@code AllowedOAuthFlows} value). */
    public static final String CLIENT_CREDENTIALS = "client_credentials";

    public AppClient {
        explicitAuthFlows = Set.copyOf(explicitAuthFlows);
        allowedOAuthFlows = Set.copyOf(allowedOAuthFlows);
        allowedOAuthScopes = Set.copyOf(allowedOAuthScopes);
    }

    /** A public client: no secret and no OAuth flows. */
    public AppClient(String clientId, String clientName, Set<String> explicitAuthFlows,
                     Duration accessTokenValidity, Duration idTokenValidity, Duration refreshTokenValidity) {
        this(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity, refreshTokenValidity,
                Set.of(), Set.of(), Optional.empty());
    }

    public boolean allows(String flow) {
        return explicitAuthFlows.contains(flow);
    }

    public boolean allowsOAuthFlow(String flow) {
        return allowedOAuthFlows.contains(flow);
    }

    public boolean hasSecret() {
        return secret.isPresent();
    }

    public AppClient withOAuth(Set<String> flows, Set<String> scopes) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, flows, scopes, secret);
    }

    public AppClient withSecret(StoredClientSecret stored) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, allowedOAuthFlows, allowedOAuthScopes, Optional.of(stored));
    }
}
