package io.cognate.domain.admin;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as it reached the function, with what SigV4 signs: method, path, raw query,
 * headers (names in lower case; a header sent twice arrives as one value joined by commas, as
 * API Gateway and SigV4 both join them) and the body's bytes.
 */
public record SignedRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
    public SignedRequest {
        var lower = new TreeMap<String, String>();
        headers.forEach((name, value) -> lower.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b));
        headers = java.util.Collections.unmodifiableMap(lower);
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
