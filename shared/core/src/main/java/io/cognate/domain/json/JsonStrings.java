package io.cognate.domain.json;

/**
 * JSON strings (RFC 8259) written the way Gson writes them with its HTML escapes off, as Nimbus
 * configures it: quote, backslash and the five short escapes; other control characters, and
 * U+2028 and U+2029 (line and paragraph separators, which some JSON-in-JavaScript readers break
 * on), as a backslash, "u" and four lower-case hex digits; everything else as it is.
 * One writer for a token's claims (which must be Nimbus's bytes: {@code TokenJsonTest}), log lines
 * and the challenge parameters Cognate writes as JSON.
 */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** Appends {@code text} to {@code json} as a quoted JSON string; returns {@code json}. */
    public static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\f' -> json.append("\\f");
                case '\u2028', '\u2029' -> json.append("\\u").append(Integer.toHexString(c));
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
