package io.cognate.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * JSON text to Jackson trees and back with Jackson's streaming API alone: the trees and the text
 * are those {@code ObjectMapper.readTree} and {@code writeValueAsString} give
 * ({@code JsonTreeCodecTest} holds them equal on generated documents), without building an
 * {@code ObjectMapper}. Building one, with the serializer and deserializer machinery it loads, was
 * about 200 ms and 400 classes of identity-api's cold start, for requests and answers that are
 * only ever trees (docs/performance.md, "Cold starts: JSON trees without the ObjectMapper, tokens without Gson").
 */
public final class JsonTreeCodec {
    /** As {@code new ObjectMapper()} reads: a repeated member's last value wins, any depth Jackson allows. */
    public static final JsonTreeCodec LENIENT = new JsonTreeCodec(new JsonFactory(), false);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFactory factory;
    private final boolean strict;

    private JsonTreeCodec(JsonFactory factory, boolean strict) {
        this.factory = factory;
        this.strict = strict;
    }

    /**
     * A reader for what strangers send: a member named twice, anything after the document, nesting
     * deeper than {@code maxNestingDepth} or a string longer than {@code maxStringLength} is refused.
     */
    public static JsonTreeCodec strict(int maxNestingDepth, int maxStringLength) {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth).maxStringLength(maxStringLength).build())
                .build();
        return new JsonTreeCodec(factory, true);
    }

    /** The document's tree; {@link MissingNode} for input that is only white space. */
    public JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return readDocument(parser);
        }
    }

    public JsonNode read(String json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return readDocument(parser);
        }
    }

    public JsonNode read(InputStream json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return readDocument(parser);
        }
    }

    /** Compact text, as {@code ObjectMapper.writeValueAsString} writes it. */
    public String write(JsonNode node) {
        var text = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(text)) {
            writeNode(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The same as UTF-8 bytes. */
    public byte[] writeBytes(JsonNode node) {
        var bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = factory.createGenerator(bytes)) {
            writeNode(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private JsonNode readDocument(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        JsonNode root = readValue(parser, first);
        if (strict && parser.nextToken() != null) {
            // '{...} junk' is not a JSON object followed by nothing: refuse it whole.
            throw new JsonParseException(parser, "Trailing token after the document: " + parser.currentToken());
        }
        return root;
    }

    /** Iterative, so nesting costs heap, not stack: the strict reader's depth limit is the parser's. */
    private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return scalar(parser, token);
        }
        var open = new ArrayDeque<JsonNode>();
        JsonNode root = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        open.push(root);
        while (!open.isEmpty()) {
            JsonNode container = open.peek();
            JsonToken next = parser.nextToken();
            if (next == null) {
                throw new JsonParseException(parser, "Unexpected end of input inside a JSON container");
            }
            if (next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            String name = null;
            if (container.isObject()) {
                // The parser guarantees a name here, and (strict) that it is not a repeat.
                name = parser.currentName();
                next = parser.nextToken();
            }
            JsonNode value;
            if (next == JsonToken.START_OBJECT) {
                value = NODES.objectNode();
            } else if (next == JsonToken.START_ARRAY) {
                value = NODES.arrayNode();
            } else {
                value = scalar(parser, next);
            }
            if (container.isObject()) {
                ((ObjectNode) container).set(name, value);
            } else {
                ((ArrayNode) container).add(value);
            }
            if (value.isContainerNode()) {
                open.push(value);
            }
        }
        return root;
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            // ObjectMapper's default for text: a double, not a BigDecimal.
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    private static void writeNode(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    out.writeFieldName(member.getKey());
                    writeNode(out, member.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.writeNumber(node.intValue());
                    case LONG -> out.writeNumber(node.longValue());
                    case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
                    case FLOAT -> out.writeNumber(node.floatValue());
                    case DOUBLE -> out.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
                }
            }
            case BINARY -> out.writeBinary(node.binaryValue());
            // As ObjectMapper writes one: there is no way to write nothing where a value is due.
            case MISSING -> out.writeNull();
            // A POJO node needs data binding: no tree Cognate builds holds one.
            default -> throw new IllegalArgumentException("Not a plain JSON tree: " + node.getNodeType());
        }
    }
}
