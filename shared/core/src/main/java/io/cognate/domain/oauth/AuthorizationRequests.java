package io.cognate.domain.oauth;

import io.cognate.domain.AppClient;
import io.cognate.ports.UserDirectory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an authorization request in the order that keeps it safe (RFC 6749 §4.1.2.1): first
 * the client and the redirect URI, and while either is wrong the user agent is shown an error
 * page and never sent anywhere (an unchecked redirect URI is an open redirect); after that,
 * every other error goes back to the client's redirect URI with {@code error} and {@code state}.
 */
public final class AuthorizationRequests {
    /** Cognito's client id shape; anything else is not looked up. */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    /** RFC 6749 §3.3 scope-token characters. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");
    /** Cognito's limits on the free-text parameters it carries back (state and nonce are echoed, so bounded). */
    private static final int MAX_STATE = 2048;
    private static final int MAX_NONCE = 2048;
    /** The identity provider name Cognito reserves for the pool's own users. */
    public static final String COGNITO = "COGNITO";
    /** Cognito's {@code AllowedOAuthFlows} value of the authorization-code grant. */
    public static final String CODE_FLOW = "code";

    private final UserDirectory directory;

    public AuthorizationRequests(UserDirectory directory) {
        this.directory = directory;
    }

    /** What checking a request found. */
    public sealed interface Checked permits Valid, ErrorPage, RedirectError {
    }

    public record Valid(AuthorizationRequest request, AppClient client) implements Checked {
    }

    /** The client or the redirect URI is wrong: shown to the user, never redirected. */
    public record ErrorPage(String error, String description) implements Checked {
    }

    /** A request error sent back to the client's (checked) redirect URI. */
    public record RedirectError(String redirectUri, String error, String description, Optional<String> state)
            implements Checked {
        public String location() {
            var parameters = new LinkedHashMap<String, String>();
            parameters.put("error", error);
            parameters.put("error_description", description);
            state.ifPresent(value -> parameters.put("state", value));
            return AuthorizationRequest.redirect(redirectUri, parameters);
        }
    }

    public Checked check(Map<String, String> parameters) {
        Optional<String> clientId = value(parameters, "client_id");
        if (clientId.isEmpty() || !CLIENT_ID.matcher(clientId.get()).matches()) {
            return new ErrorPage("invalid_request", "The client_id is missing or malformed.");
        }
        Optional<AppClient> found = directory.findClient(clientId.get());
        if (found.isEmpty()) {
            return new ErrorPage("invalid_request", "The client does not exist.");
        }
        AppClient client = found.get();
        Optional<String> redirectUri = value(parameters, "redirect_uri");
        // Exact string match (RFC 9700 §4.1.3): no prefix, no normalisation.
        if (redirectUri.isEmpty() || !client.settings().callbackUrls().contains(redirectUri.get())) {
            return new ErrorPage("redirect_mismatch", "The redirect_uri is not one of the client's callback URLs.");
        }
        String redirect = redirectUri.get();
        Optional<String> state = value(parameters, "state");
        if (state.isPresent() && state.get().length() > MAX_STATE) {
            return new RedirectError(redirect, "invalid_request", "The state parameter is too long.", Optional.empty());
        }
        if (!client.settings().allowedOAuthFlowsUserPoolClient() || !client.allowsOAuthFlow(CODE_FLOW)) {
            return new RedirectError(redirect, "unauthorized_client", "The client may not use the authorization code grant.", state);
        }
        Optional<String> responseType = value(parameters, "response_type");
        if (responseType.isEmpty()) {
            return new RedirectError(redirect, "invalid_request", "Missing response_type.", state);
        }
        if (!responseType.get().equals("code")) {
            return new RedirectError(redirect, "unsupported_response_type", "Only response_type=code is supported.", state);
        }
        Optional<String> challenge = value(parameters, "code_challenge");
        Optional<String> method = value(parameters, "code_challenge_method");
        if (method.isPresent() && !method.get().equals("S256")) {
            return new RedirectError(redirect, "invalid_request", "Only code_challenge_method=S256 is supported.", state);
        }
        if (challenge.isPresent() && (method.isEmpty() || !Pkce.wellFormedChallenge(challenge.get()))) {
            // A challenge without a method would be "plain" (RFC 7636 §4.3): refused like plain.
            return new RedirectError(redirect, "invalid_request", "code_challenge must be an S256 challenge.", state);
        }
        if (challenge.isEmpty() && method.isPresent()) {
            return new RedirectError(redirect, "invalid_request", "Missing code_challenge.", state);
        }
        if (challenge.isEmpty() && !client.hasSecret()) {
            // A public client's code is protected by PKCE alone (RFC 9700 §2.1.1).
            return new RedirectError(redirect, "invalid_request", "A public client must send an S256 code_challenge.", state);
        }
        Optional<String> nonce = value(parameters, "nonce");
        if (nonce.isPresent() && nonce.get().length() > MAX_NONCE) {
            return new RedirectError(redirect, "invalid_request", "The nonce parameter is too long.", state);
        }
        Optional<String> prompt = value(parameters, "prompt");
        if (prompt.isPresent() && !Set.of("login", "none").contains(prompt.get())) {
            return new RedirectError(redirect, "invalid_request", "prompt must be login or none.", state);
        }
        List<String> scopes;
        Optional<String> scope = value(parameters, "scope");
        if (scope.isEmpty()) {
            scopes = client.allowedOAuthScopes().stream().sorted().toList();
        } else {
            var asked = new LinkedHashSet<String>();
            for (String token : scope.get().split(" ", -1)) {
                if (!SCOPE.matcher(token).matches()) {
                    return new RedirectError(redirect, "invalid_scope", "The scope parameter is malformed.", state);
                }
                if (!client.allowedOAuthScopes().contains(token)) {
                    return new RedirectError(redirect, "invalid_scope", "The client may not request scope " + token + ".", state);
                }
                asked.add(token);
            }
            scopes = List.copyOf(asked);
        }
        var request = new AuthorizationRequest(client.clientId(), redirect, scopes, state, nonce, challenge, prompt,
                value(parameters, "lang"), value(parameters, "identity_provider"), value(parameters, "idp_identifier"));
        return new Valid(request, client);
    }

    /** Whether the request names an identity provider other than the pool's own users. */
    public static boolean namesFederatedProvider(AuthorizationRequest request) {
        return request.identityProvider().filter(name -> !name.equals(COGNITO)).isPresent()
                || request.idpIdentifier().isPresent();
    }

    /**
     * Whether the client's hosted pages sign in the pool's own users: {@code COGNITO} among its
     * SupportedIdentityProviders, as Cognito requires before it shows a password form.
     */
    public static boolean signsInPoolUsers(AppClient client) {
        return client.settings().supportedIdentityProviders().contains(COGNITO);
    }

    /**
     * Whether a hosted session signs the user in at {@code client} without a new sign-in: only if
     * the client lists the provider the session was signed in through. A client that takes only
     * an upstream provider's users gets no code for a pool user's password session, and the other
     * way round.
     */
    public static boolean acceptsSession(AppClient client, HostedSession session) {
        return client.settings().supportedIdentityProviders().contains(session.provider());
    }

    /** The upstream providers the client lists, in its order: the hosted login page's choices. */
    public static List<String> federatedProviders(AppClient client) {
        return client.settings().supportedIdentityProviders().stream().filter(name -> !name.equals(COGNITO)).toList();
    }

    private static Optional<String> value(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
