package io.cognate.domain;

import io.cognate.domain.clients.ClientSettings;
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
 *
 * <p>{@code settings} is what the app-client API keeps beyond that ({@link ClientSettings}).
 * {@code version} is the version of the stored item this copy was read from (0 for a client not
 * stored yet, or stored before versions existed); UpdateUserPoolClient and DeleteUserPoolClient
 * write only while the stored client is still at that version, as user writes do.
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
        Set<String> writeAttributes,
        ClientSettings settings,
        long version) {

    public static final String ALLOW_USER_PASSWORD_AUTH = "ALLOW_USER_PASSWORD_AUTH";
    public static final String ALLOW_REFRESH_TOKEN_AUTH = "ALLOW_REFRESH_TOKEN_AUTH";
    public static final String ALLOW_USER_SRP_AUTH = "ALLOW_USER_SRP_AUTH";
    public static final String ALLOW_USER_AUTH = "ALLOW_USER_AUTH";
    /** AdminInitiateAuth's ADMIN_USER_PASSWORD_AUTH (and ADMIN_NO_SRP_AUTH), for a server that holds admin credentials. */
    public static final String ALLOW_ADMIN_USER_PASSWORD_AUTH = "ALLOW_ADMIN_USER_PASSWORD_AUTH";
    /** The OAuth flow of machine-to-machine clients (Cognito's {@code AllowedOAuthFlows} value). */
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    /** Cognito's legacy ExplicitAuthFlows values, and the {@code ALLOW_*} flow each stands for. */
    private static final java.util.Map<String, String> LEGACY_FLOWS = java.util.Map.of(
            "USER_PASSWORD_AUTH", ALLOW_USER_PASSWORD_AUTH,
            "ADMIN_NO_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "CUSTOM_AUTH_FLOW_ONLY", "ALLOW_CUSTOM_AUTH");

    public AppClient {
        explicitAuthFlows = Set.copyOf(explicitAuthFlows);
        allowedOAuthFlows = Set.copyOf(allowedOAuthFlows);
        allowedOAuthScopes = Set.copyOf(allowedOAuthScopes);
        readAttributes = Set.copyOf(readAttributes);
        writeAttributes = Set.copyOf(writeAttributes);
    }

    /** A client with the default settings for its validities, not stored yet. */
    public AppClient(String clientId, String clientName, Set<String> explicitAuthFlows,
                     Duration accessTokenValidity, Duration idTokenValidity, Duration refreshTokenValidity,
                     Set<String> allowedOAuthFlows, Set<String> allowedOAuthScopes,
                     Optional<StoredClientSecret> secret, Set<String> readAttributes, Set<String> writeAttributes) {
        this(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity, refreshTokenValidity,
                allowedOAuthFlows, allowedOAuthScopes, secret, readAttributes, writeAttributes,
                ClientSettings.defaultsFor(accessTokenValidity, idTokenValidity, refreshTokenValidity), 0);
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

    /**
     * Whether the client may use {@code flow} (an {@code ALLOW_*} value). A client configured
     * with Cognito's legacy values (never mixed with {@code ALLOW_*} ones) has their namesakes:
     * {@code USER_PASSWORD_AUTH} and {@code ADMIN_NO_SRP_AUTH} the password flows,
     * {@code CUSTOM_AUTH_FLOW_ONLY} the custom flow; SRP and refresh were always on for legacy
     * clients, except custom-only ones.
     */
    public boolean allows(String flow) {
        if (explicitAuthFlows.contains(flow)) {
            return true;
        }
        if (explicitAuthFlows.stream().noneMatch(LEGACY_FLOWS::containsKey)) {
            return false;
        }
        if (explicitAuthFlows.stream().anyMatch(legacy -> flow.equals(LEGACY_FLOWS.get(legacy)))) {
            return true;
        }
        return !explicitAuthFlows.contains("CUSTOM_AUTH_FLOW_ONLY")
                && (flow.equals(ALLOW_USER_SRP_AUTH) || flow.equals(ALLOW_REFRESH_TOKEN_AUTH));
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
                refreshTokenValidity, flows, scopes, secret, readAttributes, writeAttributes, settings, version);
    }

    public AppClient withSecret(StoredClientSecret stored) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, allowedOAuthFlows, allowedOAuthScopes, Optional.of(stored), readAttributes,
                writeAttributes, settings, version);
    }

    /** The same client with Cognito's ReadAttributes and WriteAttributes (empty: the default). */
    public AppClient withAttributes(Set<String> read, Set<String> write) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, allowedOAuthFlows, allowedOAuthScopes, secret, read, write, settings, version);
    }

    /** This client as stored at {@code storedVersion}: the copy a write returns. */
    public AppClient stored(long storedVersion) {
        return new AppClient(clientId, clientName, explicitAuthFlows, accessTokenValidity, idTokenValidity,
                refreshTokenValidity, allowedOAuthFlows, allowedOAuthScopes, secret, readAttributes, writeAttributes,
                settings, storedVersion);
    }
}
