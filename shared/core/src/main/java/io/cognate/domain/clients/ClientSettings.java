package io.cognate.domain.clients;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Cognito's app-client API keeps about a client beyond what sign-in reads today: how its
 * token validities are shown, its hosted UI settings (callback and sign-out URLs, default
 * redirect, identity providers), whether it may use the OAuth endpoints, its token revocation
 * and user-existence-error preferences, and when it was created and last changed. Stored and
 * shown as given, so an app configured through the API reads back what it wrote. Two of them
 * act as well: {@code enableTokenRevocation} false refuses RevokeToken
 * ({@code io.cognate.domain.sessions.SessionService#revoke}), and
 * {@code authSessionValidityMinutes} is how long a challenge session lasts
 * ({@code io.cognate.domain.mfa.ChallengeSessions}).
 */
public record ClientSettings(
        TokenValidityUnits tokenValidityUnits,
        boolean allowedOAuthFlowsUserPoolClient,
        List<String> callbackUrls,
        List<String> logoutUrls,
        Optional<String> defaultRedirectUri,
        List<String> supportedIdentityProviders,
        boolean enableTokenRevocation,
        String preventUserExistenceErrors,
        int authSessionValidityMinutes,
        boolean enablePropagateAdditionalUserContextData,
        Instant createdAt,
        Instant lastModifiedAt) {

    /** Cognito's default for {@code PreventUserExistenceErrors} in an API request. */
    public static final String LEGACY = "LEGACY";
    /** Cognito's default {@code AuthSessionValidity}, in minutes. */
    public static final int DEFAULT_AUTH_SESSION_MINUTES = 3;

    public ClientSettings {
        callbackUrls = List.copyOf(callbackUrls);
        logoutUrls = List.copyOf(logoutUrls);
        supportedIdentityProviders = List.copyOf(supportedIdentityProviders);
    }

    /**
     * The settings of a client made before they were kept (or written without them): Cognito's
     * defaults, its validities shown in the largest units they are whole numbers of, and no
     * creation time known (the epoch).
     */
    public static ClientSettings defaultsFor(Duration access, Duration id, Duration refresh) {
        return new ClientSettings(TokenValidityUnits.largestExact(access, id, refresh), false, List.of(), List.of(),
                Optional.empty(), List.of(), true, LEGACY, DEFAULT_AUTH_SESSION_MINUTES, false, Instant.EPOCH,
                Instant.EPOCH);
    }

    public ClientSettings modifiedAt(Instant now) {
        return new ClientSettings(tokenValidityUnits, allowedOAuthFlowsUserPoolClient, callbackUrls, logoutUrls,
                defaultRedirectUri, supportedIdentityProviders, enableTokenRevocation, preventUserExistenceErrors,
                authSessionValidityMinutes, enablePropagateAdditionalUserContextData, createdAt, now);
    }
}
