package io.cognate.domain.tokens;

import java.util.Locale;
import java.util.Optional;

/** The {@code token_use} claim, and the JOSE {@code typ} each kind carries (RFC 8725 §3.11). */
public enum TokenUse {
    ID("id", "JWT"),
    ACCESS("access", "at+jwt");

    private final String claim;
    private final String type;

    TokenUse(String claim, String type) {
        this.claim = claim;
        this.type = type;
    }

    public String claim() {
        return claim;
    }

    public String joseType() {
        return type;
    }

    /** The kind a {@code token_use} claim names, if any. */
    public static Optional<TokenUse> fromClaim(Object claim) {
        for (TokenUse use : values()) {
            if (use.claim.equals(claim)) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }

    /**
     * The kind a JOSE {@code typ} header names. Media types compare without case, and RFC 9068
     * allows the {@code application/} prefix on {@code at+jwt}.
     */
    public static Optional<TokenUse> fromJoseType(Object typ) {
        if (!(typ instanceof String text)) {
            return Optional.empty();
        }
        String type = text.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/")) {
            type = type.substring("application/".length());
        }
        return switch (type) {
            case "at+jwt" -> Optional.of(ACCESS);
            case "jwt" -> Optional.of(ID);
            default -> Optional.empty();
        };
    }
}
