package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.UserAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Typed access to a Cognito JSON request body; wrong types become InvalidParameterException. */
final class JsonRequest {
    private final JsonNode body;

    JsonRequest(JsonNode body) {
        this.body = body;
    }

    String required(String member) {
        String value = optional(member);
        if (value == null) {
            throw CognitoException.invalidParameter("1 validation error detected: Value null at '"
                    + lowerFirst(member) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** True when the member is absent or JSON null. */
    boolean isNull(String member) {
        JsonNode node = body.get(member);
        return node == null || node.isNull();
    }

    String optional(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(member, "a string");
        }
        return node.textValue();
    }

    /** A structure member, or null when absent or JSON null. */
    JsonRequest object(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw wrongType(member, "a structure");
        }
        return new JsonRequest(node);
    }

    /** A boolean member, or null when absent or JSON null. */
    Boolean optionalBoolean(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(member, "a boolean");
        }
        return node.booleanValue();
    }

    /** An integer member, or null when absent or JSON null. */
    Integer optionalInteger(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isInt()) {
            throw wrongType(member, "an integer");
        }
        return node.intValue();
    }

    Map<String, String> stringMap(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw wrongType(member, "a map");
        }
        var result = new HashMap<String, String>();
        for (var entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw wrongType(member + "." + entry.getKey(), "a string");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }

    List<UserAttributes.Attribute> attributes(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(member, "a list");
        }
        var result = new ArrayList<UserAttributes.Attribute>();
        for (JsonNode element : node) {
            if (!element.isObject()) {
                throw wrongType(member, "a list of attributes");
            }
            JsonRequest attribute = new JsonRequest(element);
            result.add(new UserAttributes.Attribute(attribute.required("Name"), attribute.optional("Value")));
        }
        return result;
    }

    private static CognitoException wrongType(String member, String expected) {
        return CognitoException.invalidParameter("Value at '" + lowerFirst(member) + "' must be " + expected + ".");
    }

    private static String lowerFirst(String member) {
        return member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
