package io.cognate.domain.tokens;

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
}
