package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /** A whole-number member, or null when absent or JSON null. */
    Integer optionalInteger(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(member, "a whole number");
        }
        return node.intValue();
    }

    /** A document member (any JSON value, e.g. a WebAuthn credential), or null when absent or JSON null. */
    JsonNode document(String member) {
        JsonNode node = body.get(member);
        return node == null || node.isNull() ? null : node;
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

    /** A list of strings, empty when absent or JSON null. */
    List<String> strings(String member) {
        var result = new ArrayList<String>();
        for (JsonNode element : list(member)) {
            if (!element.isTextual()) {
                throw wrongType(member, "a list of strings");
            }
            result.add(element.textValue());
        }
        return result;
    }

    /** A list of structures, empty when absent or JSON null. */
    List<JsonRequest> objects(String member) {
        var result = new ArrayList<JsonRequest>();
        for (JsonNode element : list(member)) {
            if (!element.isObject()) {
                throw wrongType(member, "a list of structures");
            }
            result.add(new JsonRequest(element));
        }
        return result;
    }

    private JsonNode list(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw wrongType(member, "a list");
        }
        return node;
    }

    /** An AttributeType list (e.g. {@code ValidationData}) as the name-to-value map a trigger's event carries. */
    Map<String, String> attributeMap(String member) {
        var values = new java.util.LinkedHashMap<String, String>();
        for (UserAttributes.Attribute attribute : attributes(member)) {
            if (attribute.value() != null) {
                values.put(attribute.name(), attribute.value());
            }
        }
        return values;
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
