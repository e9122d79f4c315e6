package io.cognate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generates requests that Cognito's JSON protocol must refuse, for any operation in the Cognito
 * API model: a valid request for the operation, built from the model's shapes, then broken in
 * one way. Each request carries the error types an answer to it may have.
 */
final class BadRequests {
    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> INVALID_PARAMETER = Set.of("InvalidParameterException");
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** The ways a request is broken. */
    enum Kind {
        MALFORMED_JSON, NOT_AN_OBJECT, WRONG_TYPE, MISSING_REQUIRED, UNKNOWN_MEMBER, UNKNOWN_OPERATION, WRONG_CONTENT_TYPE,
        OVERSIZED_BODY, CONTROL_CHARACTER, OVERLONG_USERNAME, OVERLONG_STRING, INVALID_UTF8, HUGE_HEADERS
    }

    /**
     * One broken request. {@code rawBody} is what goes on the wire; for a text event (API Gateway
     * passes textual bodies as strings) invalid UTF-8 arrives as U+FFFD.
     */
    record BadRequest(String operation, Kind kind, String note, Map<String, String> headers, byte[] rawBody,
                      Set<String> expectedTypes) {
        @Override
        public String toString() {
            String preview = new String(rawBody, 0, Math.min(rawBody.length, 300), StandardCharsets.UTF_8);
            long headerBytes = headers.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
            return kind + " " + operation + " (" + note + ") headers=" + headers.keySet() + " (" + headerBytes
                    + " chars) body[" + rawBody.length + "]=" + preview.replaceAll("\\p{Cntrl}", "?");
        }
    }

    private final CognitoApiModel model;
    private final String clientId;
    private final Set<String> servedOperations;

    BadRequests(CognitoApiModel model, String clientId, Set<String> servedOperations) {
        this.model = model;
        this.clientId = clientId;
        this.servedOperations = servedOperations;
    }

    /** Whether {@code kind} can break a request of {@code operation} (some need a member of a certain shape). */
    boolean applies(String operation, Kind kind) {
        String input = model.inputShape(operation).orElseThrow();
        return switch (kind) {
            case MISSING_REQUIRED -> !model.required(input).isEmpty();
            case OVERLONG_USERNAME -> usernameMember(input) != null;
            case OVERLONG_STRING -> !boundedStrings(input).isEmpty();
            default -> true;
        };
    }

    Arbitrary<BadRequest> of(String operation, Kind kind) {
        return Arbitraries.randomValue(random -> generate(operation, kind, random));
    }

    private BadRequest generate(String operation, Kind kind, Random random) {
        String input = model.inputShape(operation).orElseThrow();
        ObjectNode valid = validStructure(input, random);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-target", TARGET_PREFIX + operation);
        headers.put("content-type", CONTENT_TYPE);
        byte[] body = bytes(valid);
        String note = "";
        Set<String> expected = INVALID_PARAMETER;
        switch (kind) {
            case MALFORMED_JSON -> {
                String text = valid.toString();
                int variant = (int) between(random, 0, 3);
                text = switch (variant) {
                    case 0 -> text.substring(0, (int) between(random, 1, text.length() - 1));
                    case 1 -> text + pick(random, List.of(" x", "{}", "]", " 1", "\"a\"", ",", "}"));
                    case 2 -> valid.isEmpty() ? "{,}" : "{\"" + valid.fieldNames().next() + "\":\"x\"," + text.substring(1);
                    default -> text.contains(":\"") ? text.replaceFirst(":\"", ":'") : text + text;
                };
                note = "variant " + variant;
                body = text.getBytes(StandardCharsets.UTF_8);
                expected = Set.of("SerializationException");
            }
            case NOT_AN_OBJECT -> {
                String text = pick(random, List.of("", "[]", "[" + valid + "]", "\"text\"", "42", "null", "true"));
                body = text.getBytes(StandardCharsets.UTF_8);
            }
            case WRONG_TYPE -> {
                List<String> members = new ArrayList<>(model.members(input).keySet());
                // A document member takes any JSON value: there is no wrong type for it.
                members.removeIf(m -> model.shape(model.members(input).get(m)).path("document").asBoolean(false));
                String member = pick(random, members);
                String shape = model.members(input).get(member);
                JsonNode wrong = wrongValueFor(shape, valid.get(member), random);
                note = member + "=" + wrong;
                valid.set(member, wrong);
                body = bytes(valid);
            }
            case MISSING_REQUIRED -> {
                String member = pick(random, model.required(input));
                if (between(random, 0, 1) == 0) {
                    valid.remove(member);
                    note = "without " + member;
                } else {
                    valid.putNull(member);
                    note = member + "=null";
                }
                body = bytes(valid);
            }
            case UNKNOWN_MEMBER -> {
                // Finding 5 of the security review: a member the model does not know is refused,
                // never ignored (a top-level Username once stood in for the map's USERNAME).
                String member = between(random, 0, 1) == 0
                        ? pick(random, List.of("Username", "SecretHash", "USERNAME", "Sub", "AccessToken"))
                        : "X" + randomText(random, (int) between(random, 1, 30));
                String added = model.members(input).containsKey(member) ? "Unknown" + member : member;
                valid.put(added, "ride-along");
                note = "unknown member " + added;
                body = bytes(valid);
                expected = Set.of("SerializationException");
            }
            case UNKNOWN_OPERATION -> {
                int variant = (int) between(random, 0, 4);
                String target = switch (variant) {
                    case 0 -> TARGET_PREFIX + randomName(random);
                    case 1 -> TARGET_PREFIX + operation.toLowerCase(java.util.Locale.ROOT) + "x";
                    case 2 -> "AWSCognitoIdentityService." + operation;
                    case 3 -> "";
                    default -> null;
                };
                if (target == null) {
                    headers.remove("x-amz-target");
                } else {
                    headers.put("x-amz-target", target);
                }
                note = "target " + target;
                expected = Set.of("UnknownOperationException");
            }
            case WRONG_CONTENT_TYPE -> {
                String type = pick(random, java.util.Arrays.asList("text/plain", "application/xml",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/x-amz-json-1.0", "text/json", "", null));
                if (type == null) {
                    headers.remove("content-type");
                } else {
                    headers.put("content-type", type);
                }
                note = "content-type " + type;
            }
            case OVERSIZED_BODY -> {
                int padding = (int) between(random, MAX_BODY, 3L * MAX_BODY);
                valid.put("Padding", "p".repeat(padding));
                body = bytes(valid);
            }
            case CONTROL_CHARACTER -> {
                char control = pick(random, controlCharacters());
                List<TextHolder> places = textPlaces(valid);
                TextHolder place = pick(random, places);
                place.insert(control, random);
                note = String.format("U+%04X in %s", (int) control, place.describe());
                body = bytes(valid);
            }
            case OVERLONG_USERNAME -> {
                String member = usernameMember(input);
                String name = randomText(random, (int) between(random, 129, 2000));
                if (member.equals("AuthParameters")) {
                    valid.put("AuthFlow", "USER_PASSWORD_AUTH");
                    ObjectNode parameters = valid.putObject("AuthParameters");
                    parameters.put("USERNAME", name);
                    parameters.put("PASSWORD", "Valid-Passw0rd!");
                } else {
                    valid.put(member, name);
                }
                note = member + " of " + name.length();
                body = bytes(valid);
            }
            case OVERLONG_STRING -> {
                Map<String, Long> bounded = boundedStrings(input);
                String member = pick(random, new ArrayList<>(bounded.keySet()));
                long max = bounded.get(member);
                String text = randomText(random, (int) between(random, max + 1, Math.min(max * 2 + 10, 40_000)));
                valid.put(member, text);
                note = member + " of " + text.length() + " > " + max;
                body = bytes(valid);
            }
            case INVALID_UTF8 -> {
                byte[] bad = pick(random, List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, 0x28},
                        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
                List<Integer> starts = stringStarts(body);
                int at = pick(random, starts);
                var out = new ByteArrayOutputStream();
                out.write(body, 0, at);
                out.writeBytes(bad);
                out.write(body, at, body.length - at);
                note = "bytes at " + at;
                body = out.toByteArray();
            }
            case HUGE_HEADERS -> {
                if (between(random, 0, 1) == 0) {
                    headers.put("x-padding", "h".repeat((int) between(random, 10 * 1024, 48 * 1024)));
                } else {
                    int count = (int) between(random, 60, 90);
                    for (int i = 0; i < count; i++) {
                        headers.put("x-padding-" + i, "h".repeat(200));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
        return new BadRequest(operation, kind, note, headers, body, expected);
    }

    // ---- valid requests from the model ----

    private ObjectNode validStructure(String shapeName, Random random) {
        ObjectNode node = NODES.objectNode();
        List<String> required = model.required(shapeName);
        model.members(shapeName).forEach((member, shape) -> {
            if (required.contains(member) || wanted(member)) {
                JsonNode value = validValue(member, shape, random);
                if (value != null) {
                    node.set(member, value);
                }
            }
        });
        return node;
    }

    /** Optional members worth filling in, so that breaking them is tried too. */
    private static boolean wanted(String member) {
        // AccessToken and Session: AssociateSoftwareToken takes one or the other, neither required.
        return Set.of("Password", "UserAttributes", "AuthParameters", "ClientMetadata", "AccessToken", "Session",
                "ChallengeResponses", "SoftwareTokenMfaSettings").contains(member);
    }

    private JsonNode validValue(String member, String shapeName, Random random) {
        JsonNode shape = model.shape(shapeName);
        switch (shapeName) {
            case "ClientIdType" -> {
                return TextNode.valueOf(clientId);
            }
            case "UsernameType" -> {
                return TextNode.valueOf("bad-input-" + randomText(random, 10));
            }
            case "PasswordType" -> {
                return TextNode.valueOf("Valid-Passw0rd!" + randomText(random, 4));
            }
            case "TokenModelType" -> {
                return TextNode.valueOf("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0." + randomText(random, 20));
            }
            case "ConfirmationCodeType" -> {
                return TextNode.valueOf("123456");
            }
            case "AuthParametersType" -> {
                ObjectNode parameters = NODES.objectNode();
                parameters.put("USERNAME", "bad-input-" + randomText(random, 10));
                parameters.put("PASSWORD", "Valid-Passw0rd!");
                return parameters;
            }
            case "AttributeListType" -> {
                ArrayNode list = NODES.arrayNode();
                list.addObject().put("Name", "email").put("Value", "bad-input@example.com");
                return list;
            }
            default -> {
                // Fall through to the generic rules below.
            }
        }
        if ("AuthFlow".equals(member)) {
            return TextNode.valueOf("USER_PASSWORD_AUTH");
        }
        switch (shape.path("type").asText()) {
            case "string" -> {
                if (shape.path("enum").isArray() && !shape.path("enum").isEmpty()) {
                    return shape.path("enum").get(0);
                }
                for (String candidate : List.of("abc", "abcdefghijklmnopqrstuvwxyz", "a@example.com", "1", "a")) {
                    if (fits(shape, candidate)) {
                        return TextNode.valueOf(candidate);
                    }
                }
                return TextNode.valueOf("abc");
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            case "integer", "long" -> {
                return NODES.numberNode(shape.path("min").asLong(1));
            }
            case "timestamp" -> {
                return NODES.numberNode(1_700_000_000L);
            }
            case "blob" -> {
                return TextNode.valueOf("YWJj");
            }
            case "list" -> {
                return NODES.arrayNode();
            }
            case "map" -> {
                return NODES.objectNode();
            }
            case "structure" -> {
                return shape.path("document").asBoolean(false) ? NODES.objectNode() : validStructure(shapeName, random);
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean fits(JsonNode shape, String text) {
        if (shape.has("min") && text.length() < shape.path("min").asLong()) {
            return false;
        }
        if (shape.has("max") && text.length() > shape.path("max").asLong()) {
            return false;
        }
        return !shape.has("pattern") || Pattern.compile(shape.path("pattern").asText()).matcher(text).matches();
    }

    // ---- ways of breaking one ----

    private JsonNode wrongValueFor(String shapeName, JsonNode current, Random random) {
        JsonNode shape = model.shape(shapeName);
        String type = shape.path("type").asText();
        if (type.equals("map") && current != null && current.isObject() && !current.isEmpty()
                && between(random, 0, 1) == 0) {
            // The map is right, one of its values is not a string.
            ObjectNode copy = current.deepCopy();
            String key = copy.fieldNames().next();
            copy.set(key, pick(random, List.of(NODES.numberNode(7), NODES.booleanNode(false), NODES.objectNode(), NODES.arrayNode())));
            return copy;
        }
        if (type.equals("list") && current != null && current.isArray() && !current.isEmpty()
                && current.get(0).isObject() && between(random, 0, 1) == 0) {
            // The list is right, a member of one of its elements is not.
            ArrayNode copy = current.deepCopy();
            ObjectNode element = (ObjectNode) copy.get(0);
            element.put(element.fieldNames().next(), 12345);
            return copy;
        }
        List<JsonNode> candidates = new ArrayList<>(List.of(TextNode.valueOf("text"), NODES.numberNode(42),
                NODES.numberNode(4.5), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode().add("x")));
        candidates.removeIf(candidate -> acceptable(type, shape, candidate));
        return pick(random, candidates);
    }

    /** Whether the model would take {@code value} for a shape of this type. */
    private static boolean acceptable(String type, JsonNode shape, JsonNode value) {
        return switch (type) {
            case "string", "blob" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer", "long" -> value.isIntegralNumber();
            case "timestamp" -> value.isNumber();
            case "list" -> value.isArray();
            case "map" -> value.isObject() && value.isEmpty();
            case "structure" -> value.isObject() && (shape.path("document").asBoolean(false)
                    || !shape.path("required").elements().hasNext());
            default -> true;
        };
    }

    private String usernameMember(String input) {
        for (var member : model.members(input).entrySet()) {
            if (member.getValue().equals("UsernameType")) {
                return member.getKey();
            }
        }
        return model.members(input).containsKey("AuthParameters") ? "AuthParameters" : null;
    }

    /** String members with a maximum length a body under 64 KB can exceed. */
    private Map<String, Long> boundedStrings(String input) {
        Map<String, Long> bounded = new LinkedHashMap<>();
        model.members(input).forEach((member, shapeName) -> {
            JsonNode shape = model.shape(shapeName);
            if (shape.path("type").asText().equals("string") && shape.has("max") && !shape.has("enum")
                    && shape.path("max").asLong() < 20_000) {
                bounded.put(member, shape.path("max").asLong());
            }
        });
        return bounded;
    }

    private static List<Character> controlCharacters() {
        List<Character> controls = new ArrayList<>();
        for (char c = 0; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                controls.add(c);
            }
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            controls.add(c);
        }
        return controls;
    }

    /** A string in a request (a value or a member name) that can have a character inserted. */
    private interface TextHolder {
        void insert(char c, Random random);

        String describe();
    }

    private static List<TextHolder> textPlaces(ObjectNode root) {
        List<TextHolder> places = new ArrayList<>();
        collect(root, "", places);
        return places;
    }

    private static void collect(JsonNode node, String path, List<TextHolder> places) {
        if (node instanceof ObjectNode object) {
            for (String name : iterable(object.fieldNames())) {
                JsonNode child = object.get(name);
                String childPath = path + "." + name;
                places.add(new TextHolder() {
                    @Override
                    public void insert(char c, Random random) {
                        int at = (int) between(random, 0, name.length());
                        JsonNode value = object.remove(name);
                        object.set(name.substring(0, at) + c + name.substring(at), value);
                    }

                    @Override
                    public String describe() {
                        return "name of " + childPath;
                    }
                });
                if (child.isTextual()) {
                    places.add(new TextHolder() {
                        @Override
                        public void insert(char c, Random random) {
                            String text = object.get(name).textValue();
                            int at = (int) between(random, 0, text.length());
                            object.put(name, text.substring(0, at) + c + text.substring(at));
                        }

                        @Override
                        public String describe() {
                            return "value of " + childPath;
                        }
                    });
                } else {
                    collect(child, childPath, places);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                collect(array.get(i), path + "[" + i + "]", places);
            }
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }

    /** Offsets just inside the opening quote of every string value in a compact JSON text. */
    private static List<Integer> stringStarts(byte[] json) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 1 < json.length; i++) {
            if (json[i] == ':' && json[i + 1] == '"') {
                starts.add(i + 2);
            }
        }
        if (starts.isEmpty()) {
            starts.add(1);
        }
        return starts;
    }

    private String randomName(Random random) {
        String name;
        do {
            name = "Op" + randomText(random, (int) between(random, 1, 40));
        } while (servedOperations.contains(name));
        return name;
    }

    private static String randomText(Random random, int length) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALNUM.charAt((int) between(random, 0, ALNUM.length() - 1)));
        }
        return text.toString();
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    private static long between(Random random, long min, long max) {
        return random.nextLong(min, max + 1);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get((int) between(random, 0, options.size() - 1));
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
