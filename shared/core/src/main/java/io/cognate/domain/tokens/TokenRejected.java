package io.cognate.domain.tokens;

/** A token that must not be trusted, with the rule it broke (for logs; never echo the token). */
public final class TokenRejected extends Exception {

    /** What kind of failure it was, so callers can answer as Cognito does. */
    public enum Kind {
        INVALID,
        EXPIRED,
        REVOKED,
        INSUFFICIENT_SCOPE
    }

    private final Kind kind;

    public TokenRejected(String reason) {
        this(reason, Kind.INVALID);
    }

    public TokenRejected(String reason, Kind kind) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public static TokenRejected expiredToken() {
        return new TokenRejected("token has expired", Kind.EXPIRED);
    }

    public static TokenRejected revokedToken() {
        return new TokenRejected("token has been revoked", Kind.REVOKED);
    }

    public static TokenRejected missingScope() {
        return new TokenRejected("token lacks a required scope", Kind.INSUFFICIENT_SCOPE);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isExpiry() {
        return kind == Kind.EXPIRED;
    }
}
