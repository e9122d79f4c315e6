package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.domain.CognitoException;
import io.cognate.http.JsonTreeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Cognito's request shapes from its API model (a cut-down copy of {@code cognito-idp}'s
 * service-2.json, Apache-2.0, kept next to this class), used to check every request the way
 * Cognito's front end does before any operation runs: required members, JSON types, lengths,
 * patterns, enums and ranges. A failure is {@code InvalidParameterException} in Cognito's
 * wording ("1 validation error detected: Value at 'username' failed to satisfy constraint:
 * ..."), without the offending value, which may be a password.
 */
final class CognitoModel {
    /** The cut-down copy of Cognito's model; the tests and {@code CognitoModelSplit} read it. */
    static final String RESOURCE = "cognito-idp-model.json";
    /**
     * What is read at run time: {@link #INDEX} (each operation and its {@code authtype}) and one
     * file per operation with its input shape and the shapes reachable from it, written from
     * {@link #RESOURCE} by {@code CognitoModelSplit} (test sources). Reading the whole model with
     * Jackson was 130-350 ms of each cold start; the index is read as text, and an operation's
     * file (0.2-11 kB) at its first request (docs/performance.md, "Cold starts").
     */
    static final String COMPACT_DIRECTORY = "cognito-idp-model";
    static final String INDEX = "operations.txt";
    private static final int MAX_REPORTED = 10;

    /** Operation name to whether Cognito serves it unsigned ({@code "authtype": "none"}). */
    private final Map<String, Boolean> unsigned;
    private final Map<String, Optional<OperationShapes>> loaded = new ConcurrentHashMap<>();
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private record OperationShapes(String input, JsonNode shapes) {
    }

    private CognitoModel(Map<String, Boolean> unsigned) {
        this.unsigned = unsigned;
    }

    private static final class Shared {
        static final CognitoModel MODEL = load();
    }

    /** The model, read once per process. */
    static CognitoModel shared() {
        return Shared.MODEL;
    }

    static CognitoModel load() {
        try (InputStream in = CognitoModel.class.getResourceAsStream(COMPACT_DIRECTORY + "/" + INDEX)) {
            if (in == null) {
                throw new IllegalStateException(COMPACT_DIRECTORY + "/" + INDEX + " is missing from the classpath");
            }
            Map<String, Boolean> unsigned = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    unsigned.put(line.substring(0, space), "none".equals(line.substring(space + 1)));
                }
            }
            return new CognitoModel(Map.copyOf(unsigned));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every operation's shapes now: before a SnapStart snapshot, so no restore reads one. */
    void readAll() {
        unsigned.keySet().forEach(this::operation);
    }

    private Optional<OperationShapes> operation(String name) {
        if (!unsigned.containsKey(name)) {
            return Optional.empty();
        }
        return loaded.computeIfAbsent(name, CognitoModel::read);
    }

    private static Optional<OperationShapes> read(String operation) {
        try (InputStream in = CognitoModel.class.getResourceAsStream(COMPACT_DIRECTORY + "/" + operation + ".json")) {
            if (in == null) {
                return Optional.empty();
            }
            JsonNode file = JsonTreeCodec.LENIENT.read(in);
            return Optional.of(new OperationShapes(file.path("input").asText(), file.path("shapes")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name of the operation's input shape, if the model knows the operation. */
    Optional<String> inputShape(String operation) {
        return operation(operation).map(OperationShapes::input);
    }

    /** The shapes the operation's input reaches, if the model knows the operation. */
    Optional<JsonNode> shapesOf(String operation) {
        return operation(operation).map(OperationShapes::shapes);
    }

    boolean knows(String operation) {
        return unsigned.containsKey(operation);
    }

    /**
     * Whether the operation must be signed with SigV4 (the Admin and management operations), as
     * the model says: Cognito's public operations carry {@code "authtype": "none"}, every other
     * is signed by the AWS SDKs with the caller's credentials.
     */
    boolean requiresSignature(String operation) {
        return !unsigned.getOrDefault(operation, false);
    }

    /** Throws {@code InvalidParameterException} listing what in the request breaks the model. */
    void validate(String operation, JsonNode body) {
        Optional<OperationShapes> shapes = operation(operation);
        if (shapes.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        check(shapes.get().shapes(), shapes.get().input(), body, "", problems);
        if (!problems.isEmpty()) {
            List<String> reported = problems.subList(0, Math.min(problems.size(), MAX_REPORTED));
            throw CognitoException.invalidParameter(problems.size() + " validation error"
                    + (problems.size() == 1 ? "" : "s") + " detected: " + String.join("; ", reported));
        }
    }

    private void check(JsonNode shapes, String shapeName, JsonNode value, String path, List<String> problems) {
        JsonNode shape = shapes.path(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> structure(shapes, shape, value, path, problems);
            case "list" -> list(shapes, shape, value, path, problems);
            case "map" -> map(shapes, shape, value, path, problems);
            case "string" -> string(shape, value, path, problems);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at(path, "Member must be a boolean"));
                }
            }
            case "integer", "long" -> number(shape, value, path, problems);
            case "timestamp" -> {
                if (!value.isNumber()) {
                    problems.add(at(path, "Member must be a timestamp in epoch seconds"));
                }
            }
            case "blob" -> blob(shape, value, path, problems);
            default -> {
                // A shape the model does not describe further: nothing to check.
            }
        }
    }

    private void structure(JsonNode shapes, JsonNode shape, JsonNode value, String path, List<String> problems) {
        if (shape.path("document").asBoolean(false)) {
            return;
        }
        if (!value.isObject()) {
            problems.add(at(path, "Member must be a structure"));
            return;
        }
        Set<String> required = new HashSet<>();
        shape.path("required").forEach(r -> required.add(r.asText()));
        // A member the model does not know is refused, not ignored: nothing may ride along that a
        // later check could read in place of the member the operation uses (SecretHashCheck).
        for (var given : value.properties()) {
            if (!shape.path("members").has(given.getKey())) {
                throw new CognitoException("SerializationException", "Unknown member in the request: "
                        + (path.isEmpty() ? "" : path + ".") + lowerFirst(given.getKey()).replaceAll("[^A-Za-z0-9_.-]", "?"));
            }
        }
        for (var member : shape.path("members").properties()) {
            String name = member.getKey();
            JsonNode memberValue = value.get(name);
            String memberPath = path.isEmpty() ? lowerFirst(name) : path + "." + lowerFirst(name);
            if (memberValue == null || memberValue.isNull()) {
                if (required.contains(name)) {
                    problems.add("Value null at '" + memberPath + "' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            check(shapes, member.getValue().path("shape").asText(), memberValue, memberPath, problems);
        }
    }

    private void list(JsonNode shapes, JsonNode shape, JsonNode value, String path, List<String> problems) {
        if (!value.isArray()) {
            problems.add(at(path, "Member must be a list"));
            return;
        }
        size(shape, value.size(), path, problems);
        String member = shape.path("member").path("shape").asText();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String elementPath = path + "." + (i + 1) + ".member";
            if (element == null || element.isNull()) {
                problems.add("Value null at '" + elementPath + "' failed to satisfy constraint: Member must not be null");
            } else {
                check(shapes, member, element, elementPath, problems);
            }
        }
    }

    private void map(JsonNode shapes, JsonNode shape, JsonNode value, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(at(path, "Member must be a map"));
            return;
        }
        size(shape, value.size(), path, problems);
        String keyShape = shape.path("key").path("shape").asText();
        String valueShape = shape.path("value").path("shape").asText();
        for (var entry : value.properties()) {
            // Keys are not named in messages: a map such as AuthParameters is sensitive.
            check(shapes, keyShape, com.fasterxml.jackson.databind.node.TextNode.valueOf(entry.getKey()), path, problems);
            if (entry.getValue() == null || entry.getValue().isNull()) {
                problems.add("Value null at '" + path + "' failed to satisfy constraint: Map value must not be null");
            } else {
                check(shapes, valueShape, entry.getValue(), path, problems);
            }
        }
    }

    private void string(JsonNode shape, JsonNode value, String path, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(at(path, "Member must be a string"));
            return;
        }
        String text = value.textValue();
        JsonNode allowed = shape.path("enum");
        if (allowed.isArray() && !allowed.isEmpty()) {
            for (JsonNode option : allowed) {
                if (option.asText().equals(text)) {
                    return;
                }
            }
            problems.add(at(path, "Member must satisfy enum value set: " + allowed));
            return;
        }
        int length = text.codePointCount(0, text.length());
        if (shape.has("min") && length < shape.path("min").asLong()) {
            problems.add(at(path, "Member must have length greater than or equal to " + shape.path("min").asLong()));
            return;
        }
        if (shape.has("max") && length > shape.path("max").asLong()) {
            problems.add(at(path, "Member must have length less than or equal to " + shape.path("max").asLong()));
            return;
        }
        String pattern = shape.path("pattern").asText(null);
        // A trigger's target is checked by LambdaConfig.checked instead: a Lambda function ARN
        // (narrower than the model's ArnType) or, on the local stack only, an http:// URL.
        boolean triggerTarget = path.startsWith("lambdaConfig.");
        if (pattern != null && !triggerTarget && !text.isEmpty() && !compiled(pattern).matcher(text).matches()) {
            problems.add(at(path, "Member must satisfy regular expression pattern: " + pattern));
        }
    }

    private static void number(JsonNode shape, JsonNode value, String path, List<String> problems) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problems.add(at(path, "Member must be a whole number"));
            return;
        }
        long n = value.longValue();
        if (shape.path("type").asText().equals("integer") && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            problems.add(at(path, "Member must be a 32-bit integer"));
        } else if (shape.has("min") && n < shape.path("min").asLong()) {
            problems.add(at(path, "Member must have value greater than or equal to " + shape.path("min").asLong()));
        } else if (shape.has("max") && n > shape.path("max").asLong()) {
            problems.add(at(path, "Member must have value less than or equal to " + shape.path("max").asLong()));
        }
    }

    private static void blob(JsonNode shape, JsonNode value, String path, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(at(path, "Member must be base64-encoded binary"));
            return;
        }
        try {
            int length = Base64.getDecoder().decode(value.textValue()).length;
            size(shape, length, path, problems);
        } catch (IllegalArgumentException notBase64) {
            problems.add(at(path, "Member must be base64-encoded binary"));
        }
    }

    private static void size(JsonNode shape, int size, String path, List<String> problems) {
        if (shape.has("min") && size < shape.path("min").asLong()) {
            problems.add(at(path, "Member must have length greater than or equal to " + shape.path("min").asLong()));
        } else if (shape.has("max") && size > shape.path("max").asLong()) {
            problems.add(at(path, "Member must have length less than or equal to " + shape.path("max").asLong()));
        }
    }

    private Pattern compiled(String pattern) {
        return patterns.computeIfAbsent(pattern, Pattern::compile);
    }

    private static String at(String path, String constraint) {
        return "Value at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    private static String lowerFirst(String member) {
        return member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
