package io.cognate.domain.tokens;

/** Cognito's NotAuthorizedException messages for an access token it refuses. */
public final class AccessTokenMessages {
    private AccessTokenMessages() {
    }

    public static String of(TokenRejected rejected) {
        return switch (rejected.kind()) {
            case EXPIRED -> "Access Token has expired";
            case REVOKED -> "Access Token has been revoked";
            case INSUFFICIENT_SCOPE -> "Access Token does not have required scopes";
            case INVALID -> "Invalid Access Token";
        };
    }
}
