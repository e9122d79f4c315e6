package io.cognate.domain.federation;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of an OAuth 2.0 social provider that is not OpenID Connect (Facebook, Login with
 * Amazon): where the browser signs in, where the code is exchanged (and by which HTTP method), and
 * where the access token reads who signed in. Cognito fixes them, as it fixes Google's and Apple's
 * ({@link #cognitoDetails}); a pool names only its app at the provider ({@code client_id},
 * {@code client_secret}, {@code authorize_scopes}, and Facebook's {@code api_version}).
 *
 * <p>Fixed, not taken from the request: a pool admin who could name {@code token_url} or
 * {@code attributes_url} on the provider called {@code Facebook} would make the pool take any
 * server's word for who a "Facebook" user is ({@code Facebook_<id>}, the {@code identities}
 * claim) while every screen says Facebook. A test reaches a provider it runs through the local
 * runtime's wiring, never through a pool setting.
 *
 * @param attributes the user-info URL; Facebook's ends in {@code fields=}, to which the sign-in
 *     appends the fields the attribute mapping reads
 * @param tokenRequestMethod {@code GET} (Facebook's Graph API, as Cognito calls it) or {@code POST}
 */
public record SocialProviderEndpoints(URI authorization, URI token, URI attributes, String tokenRequestMethod) {
    /** Cognito's default Graph API version, used when the details name none. */
    public static final String FACEBOOK_API_VERSION = "v17.0";

    public SocialProviderEndpoints {
        if (!tokenRequestMethod.equals("GET") && !tokenRequestMethod.equals("POST")) {
            throw new IllegalArgumentException("token request method must be GET or POST");
        }
    }

    /** Cognito's endpoints of a Facebook or Login with Amazon provider with these details; empty for any other type. */
    public static Optional<SocialProviderEndpoints> of(ProviderType type, Map<String, String> details) {
        if (type != ProviderType.Facebook && type != ProviderType.LoginWithAmazon) {
            return Optional.empty();
        }
        Map<String, String> fixed = cognitoDetails(type, details.getOrDefault("api_version", FACEBOOK_API_VERSION));
        return Optional.of(new SocialProviderEndpoints(URI.create(fixed.get("authorize_url")),
                URI.create(fixed.get("token_url")), URI.create(fixed.get("attributes_url")),
                fixed.get("token_request_method")));
    }

    /**
     * The endpoint details Cognito gives a social provider, as DescribeIdentityProvider shows them;
     * none for OIDC and SAML providers, whose endpoints the pool names. {@code apiVersion} is
     * Facebook's, already checked ({@code v17.0}).
     */
    static Map<String, String> cognitoDetails(ProviderType type, String apiVersion) {
        Map<String, String> details = new LinkedHashMap<>();
        switch (type) {
            case SignInWithApple -> {
                details.put("authorize_url", "https://appleid.apple.com/auth/authorize");
                details.put("token_url", "https://appleid.apple.com/auth/token");
                details.put("oidc_issuer", "https://appleid.apple.com");
                details.put("token_request_method", "POST");
            }
            case Google -> {
                details.put("authorize_url", "https://accounts.google.com/o/oauth2/v2/auth");
                details.put("token_url", "https://www.googleapis.com/oauth2/v4/token");
                details.put("oidc_issuer", "https://accounts.google.com");
                details.put("attributes_url", "https://people.googleapis.com/v1/people/me?personFields=");
                details.put("token_request_method", "POST");
            }
            case Facebook -> {
                details.put("authorize_url", "https://www.facebook.com/" + apiVersion + "/dialog/oauth");
                details.put("token_url", "https://graph.facebook.com/" + apiVersion + "/oauth/access_token");
                details.put("attributes_url", "https://graph.facebook.com/" + apiVersion + "/me?fields=");
                details.put("token_request_method", "GET");
            }
            case LoginWithAmazon -> {
                details.put("authorize_url", "https://www.amazon.com/ap/oa");
                details.put("token_url", "https://api.amazon.com/auth/o2/token");
                details.put("attributes_url", "https://api.amazon.com/user/profile");
                details.put("token_request_method", "POST");
            }
            case OIDC, SAML -> {
                // The pool names them.
            }
        }
        return details;
    }
}
