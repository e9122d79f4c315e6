package io.cognate.domain.tokens;

/** A token that must not be trusted, with the rule it broke (for logs; never echo the token). */
public final class TokenRejected extends Exception {
    private final boolean expired;

    public TokenRejected(String reason) {
        this(reason, false);
    }

    private TokenRejected(String reason, boolean expired) {
        super(reason, null, false, false);
        this.expired = expired;
    }

    public static TokenRejected expiredToken() {
        return new TokenRejected("token has expired", true);
    }

    public boolean isExpiry() {
        return expired;
    }
}
