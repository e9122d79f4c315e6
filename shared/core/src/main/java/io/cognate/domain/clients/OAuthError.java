package io.cognate.domain.clients;

/** An OAuth 2.0 token endpoint error (RFC 6749 §5.2): the {@code error} code and its HTTP status. */
public final class OAuthError extends RuntimeException {
    private final String code;
    private final int status;

    private OAuthError(String code, String description, int status) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400);
    }

    /** 401 so a client that tried HTTP Basic learns it failed (RFC 6749 §5.2). */
    public static OAuthError invalidClient() {
        return new OAuthError("invalid_client", "Client authentication failed.", 401);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400);
    }

    public static OAuthError unsupportedGrantType() {
        return new OAuthError("unsupported_grant_type", "Supported grant types: authorization_code, refresh_token, client_credentials.", 400);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400);
    }

    /** The code or refresh token is invalid, expired, used, or was issued to someone else (RFC 6749 §5.2). */
    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400);
    }
}
