package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.domain.CognitoException;
import java.util.Map;

/**
 * Checks on a request that hold for every operation, before any operation sees it: header
 * size, and the characters of every name and string in the body.
 */
final class RequestChecks {
    /** API Gateway HTTP APIs accept at most 10 KB of request line and headers. */
    static final int MAX_HEADER_BYTES = 10 * 1024;

    private RequestChecks() {
    }

    static void headers(APIGatewayV2HTTPEvent event) {
        long size = 0;
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (var header : headers.entrySet()) {
                size += length(header.getKey()) + length(header.getValue()) + 4;
            }
        }
        if (event.getCookies() != null) {
            for (String cookie : event.getCookies()) {
                size += length(cookie) + 2;
            }
        }
        if (size > MAX_HEADER_BYTES) {
            throw CognitoException.invalidParameter("Request headers are too large.");
        }
    }

    /**
     * Rejects control characters (other than tab, line feed and carriage return), unpaired
     * surrogates, and U+FFFD: what a gateway puts in place of bytes that were not UTF-8.
     */
    static void text(JsonNode node) {
        if (node.isTextual()) {
            string(node.textValue());
        } else if (node.isObject()) {
            for (var entry : node.properties()) {
                string(entry.getKey());
                text(entry.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                text(element);
            }
        }
    }

    private static void string(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD') {
                throw CognitoException.invalidParameter("Request body is not valid UTF-8.");
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw CognitoException.invalidParameter("Request contains a control character.");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw CognitoException.invalidParameter("Request contains an unpaired surrogate.");
            }
        }
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }
}
