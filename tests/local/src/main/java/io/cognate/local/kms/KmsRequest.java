package io.cognate.local.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Typed access to a JSON request body; a missing or mistyped field is a ValidationException, as in KMS. */
final class KmsRequest {

    private final JsonNode body;

    KmsRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw KmsError.validation("Request body must be a JSON object");
        }
        this.body = body;
    }

    String requiredString(String field) {
        return string(field).orElseThrow(() -> missing(field));
    }

    Optional<String> string(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw mistyped(field, "a string");
        }
        return Optional.of(value.asText());
    }

    byte[] requiredBlob(String field) {
        String encoded = string(field).orElseThrow(() -> missing(field));
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw mistyped(field, "base64-encoded binary");
        }
    }

    boolean bool(String field, boolean defaultValue) {
        JsonNode value = present(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw mistyped(field, "a boolean");
        }
        return value.booleanValue();
    }

    Optional<Integer> integer(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw mistyped(field, "an integer");
        }
        return Optional.of(value.intValue());
    }

    Map<String, String> stringMap(String field) {
        JsonNode value = present(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null) {
            return map;
        }
        if (!value.isObject()) {
            throw mistyped(field, "a map of strings");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw mistyped(field, "a map of strings");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    private JsonNode present(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static KmsError missing(String field) {
        return KmsError.validation("1 validation error detected: Value null at '" + field
                + "' failed to satisfy constraint: Member must not be null");
    }

    private static KmsError mistyped(String field, String expected) {
        return KmsError.validation("Field '" + field + "' must be " + expected);
    }
}
