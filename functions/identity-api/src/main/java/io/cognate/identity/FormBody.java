package io.cognate.identity;

import io.cognate.domain.clients.OAuthError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} body (the WHATWG form encoding OAuth 2.0 uses),
 * read strictly: malformed escapes, bytes that are not UTF-8 and repeated parameters (RFC 6749
 * §3.2: "parameters MUST NOT be included more than once") are refused as {@code invalid_request}.
 */
final class FormBody {
    private final Map<String, String> parameters;

    private FormBody(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    static FormBody parse(byte[] body) {
        String text = utf8(body);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (parameters.putIfAbsent(name, value) != null) {
                    throw OAuthError.invalidRequest("Parameter " + safeName(name) + " is repeated.");
                }
            }
        }
        return new FormBody(parameters);
    }

    /** Every parameter, in the order given. */
    Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    /** The parameter's value; an empty value counts as absent (RFC 6749 §3.1). */
    Optional<String> get(String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Percent-decoding with '+' as space, as form encoding defines it. */
    static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw OAuthError.invalidRequest("The request body has a malformed escape.");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw OAuthError.invalidRequest("The request body has a malformed escape.");
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else if (c > 0x7F) {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            } else {
                bytes.write(c);
            }
        }
        return utf8(bytes.toByteArray());
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("The request body is not UTF-8.");
        }
    }

    /** Parameter names are echoed only when they are plain words. */
    private static String safeName(String name) {
        return name.matches("[A-Za-z0-9_]{1,40}") ? name : "(unnamed)";
    }
}
