package io.cognate.domain.clients;

import io.cognate.domain.AppClient;
import io.cognate.domain.tokens.TokenCustomization;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.ports.UserDirectory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4): a confidential client authenticates
 * with its secret and receives an access token for itself, with the scopes it asked for (all
 * its allowed scopes when it asked for none, as Cognito does). No user, no refresh token, no
 * write: every region serves it.
 */
public final class ClientCredentialsGrant {
    /** Cognito's client id shape; anything else cannot be a client and is not looked up. */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    /** RFC 6749 §3.3 scope-token characters. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");

    private final UserDirectory directory;
    private final TokenIssuer issuer;

    /** What a V3_0 PreTokenGeneration trigger makes of a client's token ({@code Triggers#preTokenGenerationForClient}). */
    @FunctionalInterface
    public interface Customizer {
        Customizer NONE = (clientId, scopes) -> TokenCustomization.NONE;

        TokenCustomization customize(String clientId, List<String> scopes);
    }

    private final Customizer customizer;

    public ClientCredentialsGrant(UserDirectory directory, TokenIssuer issuer) {
        this(directory, issuer, Customizer.NONE);
    }

    public ClientCredentialsGrant(UserDirectory directory, TokenIssuer issuer, Customizer customizer) {
        this.customizer = customizer;
        this.directory = directory;
        this.issuer = issuer;
    }

    public record Granted(String accessToken, long expiresInSeconds, Set<String> scopes) {
        @Override
        public String toString() {
            return "Granted[scopes=" + scopes + ", expiresIn=" + expiresInSeconds + "]";
        }
    }

    public Granted grant(String clientId, String clientSecret, Optional<String> requestedScope) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches() || clientSecret == null || clientSecret.isEmpty()) {
            throw OAuthError.invalidClient();
        }
        AppClient client = directory.findClient(clientId).orElseThrow(OAuthError::invalidClient);
        if (!ClientSecrets.matches(client, clientSecret)) {
            throw OAuthError.invalidClient();
        }
        if (!client.allowsOAuthFlow(AppClient.CLIENT_CREDENTIALS)) {
            throw OAuthError.unauthorizedClient("Client is not allowed the client_credentials grant.");
        }
        Set<String> scopes = scopes(client, requestedScope);
        // Before anything is signed: a failing trigger issues nothing (Cognito's Lambda errors).
        TokenCustomization customization = customizer.customize(client.clientId(), List.copyOf(scopes));
        String token = issuer.issueClientCredentials(client, scopes, customization);
        return new Granted(token, client.accessTokenValidity().toSeconds(), scopes);
    }

    private static Set<String> scopes(AppClient client, Optional<String> requested) {
        if (requested.isEmpty()) {
            if (client.allowedOAuthScopes().isEmpty()) {
                throw OAuthError.invalidScope("The client has no scopes to grant.");
            }
            return new java.util.TreeSet<>(client.allowedOAuthScopes());
        }
        var scopes = new LinkedHashSet<String>();
        for (String scope : requested.get().split(" ", -1)) {
            if (!SCOPE.matcher(scope).matches()) {
                throw OAuthError.invalidScope("The scope parameter is malformed.");
            }
            if (!client.allowedOAuthScopes().contains(scope)) {
                throw OAuthError.invalidScope("The client may not request scope " + scope + ".");
            }
            scopes.add(scope);
        }
        return scopes;
    }
}
