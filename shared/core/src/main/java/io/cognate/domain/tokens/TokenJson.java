package io.cognate.domain.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import io.cognate.domain.json.JsonStrings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON text of a token's header and claims, written here as Nimbus writes them (the same
 * members in the same order, the same escapes and numbers: {@code TokenJsonTest} holds the text
 * equal to Nimbus's on generated claim sets), so a token signs the same bytes either way.
 *
 * <p>Why not Nimbus's writer: it serialises through its shaded Gson, whose first use builds a
 * Gson instance and loads about 160 classes on identity-api's first sign-in
 * (docs/performance.md, "Cold starts: JSON trees without the ObjectMapper, tokens without
 * Gson"). A claim of a kind not written here (a {@code Date} inside a map, a non-finite number,
 * an object that is no JSON value) makes {@link #claims} empty, and the caller falls back to
 * Nimbus.
 */
final class TokenJson {
    private TokenJson() {
    }

    /** {@code {"kid":…,"typ":…,"alg":"RS256"}}: JWSHeader's members in its order. */
    static String rs256Header(String keyId, String type) {
        var json = new StringBuilder(160).append('{');
        if (keyId != null) {
            JsonStrings.quote(json.append("\"kid\":"), keyId).append(',');
        }
        if (type != null) {
            JsonStrings.quote(json.append("\"typ\":"), type).append(',');
        }
        return json.append("\"alg\":\"RS256\"}").toString();
    }

    /**
     * The claims as {@code JWTClaimsSet.toString()} writes them: dates as seconds since the epoch,
     * a single audience as a string, null claims left out, and the members in the order of the
     * {@code HashMap} Nimbus collects them in (filled in the same order here, so it iterates the same).
     */
    static Optional<String> claims(JWTClaimsSet claims) {
        Map<String, Object> members = new HashMap<>();
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            Object value = claim.getValue();
            if (value instanceof Date date) {
                value = date.getTime() / 1000;
            } else if ("aud".equals(claim.getKey())) {
                List<String> audience = claims.getAudience();
                value = audience == null || audience.isEmpty() ? null
                        : audience.size() == 1 ? audience.get(0) : audience;
            }
            if (value != null) {
                members.put(claim.getKey(), value);
            }
        }
        var json = new StringBuilder(512);
        return value(json, members) ? Optional.of(json.toString()) : Optional.empty();
    }

    /** False for a value not written here. */
    private static boolean value(StringBuilder json, Object value) {
        switch (value) {
            case null -> json.append("null");
            case String text -> JsonStrings.quote(json, text);
            case Boolean bool -> json.append(bool.booleanValue());
            case Integer number -> json.append(number.intValue());
            case Long number -> json.append(number.longValue());
            case Short number -> json.append(number.shortValue());
            case Byte number -> json.append(number.byteValue());
            case BigInteger number -> json.append(number);
            case BigDecimal number -> json.append(number);
            case Double number -> {
                if (!Double.isFinite(number)) {
                    return false;
                }
                json.append(number.doubleValue());
            }
            case Float number -> {
                if (!Float.isFinite(number)) {
                    return false;
                }
                json.append(number.floatValue());
            }
            case Collection<?> list -> {
                json.append('[');
                boolean first = true;
                for (Object element : list) {
                    if (!first) {
                        json.append(',');
                    }
                    first = false;
                    if (!value(json, element)) {
                        return false;
                    }
                }
                json.append(']');
            }
            case Map<?, ?> object -> {
                json.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> member : object.entrySet()) {
                    if (!(member.getKey() instanceof String name)) {
                        return false;
                    }
                    if (!first) {
                        json.append(',');
                    }
                    first = false;
                    JsonStrings.quote(json, name).append(':');
                    if (!value(json, member.getValue())) {
                        return false;
                    }
                }
                json.append('}');
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
