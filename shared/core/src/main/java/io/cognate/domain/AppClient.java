package io.cognate.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An app client of the pool: which flows it may use, how long its tokens live, which user
 * attributes it may read and write and, for a confidential client, its secret (never in plain
 * text; see {@link StoredClientSecret}).
 *
 * <p>{@code readAttributes} and {@code writeAttributes} are Cognito's {@code ReadAttributes} and
 * {@code WriteAttributes}. An empty set means the client lists none and gets the default, as in
 * Cognito: it reads every attribute, and writes the standard attributes but no {@code custom:*}
 * one. A user never writes {@code sub}, {@code email_verified} or {@code phone_number_verified},
 * whatever a client lists: the pool sets them (see {@link #mayWrite}).
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
        Optional<StoredClientSecret> secret,
        Set<String> readAttributes,
        Set<String> writeAttributes) {

    public static final String ALLOW_USER_PASSWORD_AUTH = "ALLOW_USER_PASSWORD_AUTH";
    public static final String ALLOW_REFRESH_TOKEN_AUTH = "ALLOW_REFRESH_TOKEN_AUTH";
    public static final String ALLOW_USER_SRP_AUTH = "ALLOW_USER_SRP_AUTH";
    public static final String ALLOW_USER_AUTH = "ALLOW_USER_AUTH";
    /** AdminInitiateAuth's ADMIN_USER_PASSWORD_AUTH (and ADMIN_NO_SRP_AUTH), for a server that holds admin credentials. */
    public static final String ALLOW_ADMIN_USER_PASSWORD_AUTH = "ALLOW_ADMIN_USER_PASSWORD_AUTH";
    /** The OAuth flow of machine-to-machine clients (Cognito's {@code AllowedOAuthFlows} value). */
    public static final String CLIENT_CREDENTIALS = "client_credentials";

    public AppClient {
        explicitAuthFlows = Set.copyOf(explicitAuthFlows);
        allowedOAuthFlows = Set.copyOf(allowedOAuthFlows);
        allowedOAuthScopes = Set.copyOf(allowedOAuthScopes);
        readAttributes = Set.copyOf(readAttributes);
        writeAttributes = Set.copyOf(writeAttributes);
    }

    /** A client with the default attribute permissions. */
    public AppClient(String clientId, String clientName, Set<String> explicitAuthFlows,
                     Duration accessTokenValidity, Duration idTokenValidity, Duration refreshTokenValidity,
                     Set<String> allowedOAuthFlows, Set<String> allowedOAuthScopes,
                     Optional<StoredClientSecret> secret) {
        this(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity, refreshTokenValidity,
                allowedOAuthFlows, allowedOAuthScopes, secret, Set.of(), Set.of());
    }

    /** A public client: no secret and no OAuth flows. */
    public AppClient(String clientId, String clientName, Set<String> explicitAuthFlows,
                     Duration accessTokenValidity, Duration idTokenValidity, Duration refreshTokenValidity) {
        this(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity, refreshTokenValidity,
                Set.of(), Set.of(), Optional.empty(), Set.of(), Set.of());
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

    /**
     * Whether a user may set {@code attribute} through this client (SignUp, UpdateUserAttributes).
     * Never {@code sub} or a {@code *_verified} flag; otherwise what the client lists, or, when
     * it lists nothing, every standard attribute and no {@code custom:*} one.
     */
    public boolean mayWrite(String attribute) {
        if (UserAttributes.SET_BY_THE_POOL.contains(attribute)) {
            return false;
        }
        return writeAttributes.isEmpty() ? UserAttributes.STANDARD.contains(attribute) : writeAttributes.contains(attribute);
    }

    /**
     * Whether this client's tokens and GetUser show {@code attribute}: what the client lists, or,
     * when it lists nothing, every attribute. ({@code sub} is the identity itself and always shown.)
     */
    public boolean mayRead(String attribute) {
        return readAttributes.isEmpty() || readAttributes.contains(attribute);
    }

    public AppClient withOAuth(Set<String> flows, Set<String> scopes) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, flows, scopes, secret, readAttributes, writeAttributes);
    }

    public AppClient withSecret(StoredClientSecret stored) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, allowedOAuthFlows, allowedOAuthScopes, Optional.of(stored), readAttributes,
                writeAttributes);
    }

    /** The same client with Cognito's ReadAttributes and WriteAttributes (empty: the default). */
    public AppClient withAttributes(Set<String> read, Set<String> write) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, allowedOAuthFlows, allowedOAuthScopes, secret, read, write);
    }
}
