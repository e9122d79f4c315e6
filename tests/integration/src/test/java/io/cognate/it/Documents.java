package io.cognate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** The AWS SDK's {@link Document} (Cognito's JSON documents) to and from JSON text, as a browser would pass them on. */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Documents() {
    }

    static String json(Document document) {
        return node(document).toString();
    }

    static JsonNode node(Document document) {
        if (document == null || document.isNull()) {
            return NODES.nullNode();
        }
        if (document.isMap()) {
            ObjectNode object = NODES.objectNode();
            document.asMap().forEach((k, v) -> object.set(k, node(v)));
            return object;
        }
        if (document.isList()) {
            ArrayNode array = NODES.arrayNode();
            document.asList().forEach(v -> array.add(node(v)));
            return array;
        }
        if (document.isString()) {
            return NODES.textNode(document.asString());
        }
        if (document.isBoolean()) {
            return NODES.booleanNode(document.asBoolean());
        }
        return NODES.numberNode(document.asNumber().bigDecimalValue());
    }

    static Document of(String json) {
        try {
            return document(JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    private static Document document(JsonNode node) {
        if (node.isObject()) {
            Map<String, Document> members = new LinkedHashMap<>();
            node.properties().forEach(e -> members.put(e.getKey(), document(e.getValue())));
            return Document.fromMap(members);
        }
        if (node.isArray()) {
            List<Document> elements = new ArrayList<>();
            node.forEach(e -> elements.add(document(e)));
            return Document.fromList(elements);
        }
        if (node.isTextual()) {
            return Document.fromString(node.textValue());
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isNumber()) {
            return Document.fromNumber(node.decimalValue());
        }
        return Document.fromNull();
    }
}
