package io.cognate.domain.clients;

import java.util.List;

/**
 * What a CreateUserPoolClient or UpdateUserPoolClient request sets, as sent: null where the
 * request leaves a member out (then Cognito's default applies, see {@link AppClientRegistry}).
 * Lists are null when absent, so that an absent {@code ExplicitAuthFlows} (the default flows) is
 * told apart from an empty one (no flows).
 */
public record ClientConfiguration(
        String clientName,
        List<String> explicitAuthFlows,
        Integer accessTokenValidity,
        Integer idTokenValidity,
        Integer refreshTokenValidity,
        String accessTokenUnit,
        String idTokenUnit,
        String refreshTokenUnit,
        List<String> readAttributes,
        List<String> writeAttributes,
        List<String> allowedOAuthFlows,
        List<String> allowedOAuthScopes,
        Boolean allowedOAuthFlowsUserPoolClient,
        List<String> callbackUrls,
        List<String> logoutUrls,
        String defaultRedirectUri,
        List<String> supportedIdentityProviders,
        Boolean enableTokenRevocation,
        String preventUserExistenceErrors,
        Integer authSessionValidity,
        Boolean enablePropagateAdditionalUserContextData) {
}
