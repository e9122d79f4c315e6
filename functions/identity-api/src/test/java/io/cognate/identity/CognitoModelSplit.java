package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the compact form of Cognito's request model that identity-api reads at run time
 * ({@link CognitoModel}): an index of the operations with their {@code authtype}, and for each
 * operation one small file with its input shape and only the shapes reachable from it. Reading
 * the whole 138 kB model with Jackson was 130-350 ms of every cold start (docs/performance.md);
 * one operation's file is a few hundred bytes to a few kB, read at its first request.
 *
 * <p>Run after changing {@code cognito-idp-model.json}:
 * {@code java -cp <identity-api test classpath> io.cognate.identity.CognitoModelSplit
 * functions/identity-api/src/main/resources/io/cognate/identity}; {@code CognitoModelSplitTest}
 * fails while the committed files differ from what this writes.
 */
final class CognitoModelSplit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CognitoModelSplit() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        Path full = resources.resolve(CognitoModel.RESOURCE);
        Map<String, String> files;
        try (InputStream in = Files.newInputStream(full)) {
            files = files(JSON.readTree(in));
        }
        Path dir = resources.resolve(CognitoModel.COMPACT_DIRECTORY);
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (var file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** File name to content: the index and one file per operation, from the full model. */
    static Map<String, String> files(JsonNode model) throws IOException {
        Map<String, String> files = new TreeMap<>();
        StringBuilder index = new StringBuilder();
        JsonNode shapes = model.path("shapes");
        for (var operation : model.path("operations").properties()) {
            String name = operation.getKey();
            JsonNode op = operation.getValue();
            index.append(name).append(' ').append(op.path("authtype").asText("-")).append('\n');
            String input = op.path("input").path("shape").asText(op.path("input").asText(""));
            if (input.isEmpty()) {
                continue;
            }
            ObjectNode compact = JSON.createObjectNode();
            compact.put("input", input);
            ObjectNode reachable = compact.putObject("shapes");
            for (String shape : reachableFrom(input, shapes)) {
                reachable.set(shape, shapes.path(shape));
            }
            files.put(name + ".json", JSON.writeValueAsString(compact) + "\n");
        }
        files.put(CognitoModel.INDEX, index.toString());
        return files;
    }

    private static TreeSet<String> reachableFrom(String input, JsonNode shapes) {
        TreeSet<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>();
        next.add(input);
        while (!next.isEmpty()) {
            String name = next.pop();
            if (!seen.add(name)) {
                continue;
            }
            JsonNode shape = shapes.path(name);
            shape.path("members").forEach(member -> next.add(member.path("shape").asText()));
            for (String ref : new String[] {"member", "key", "value"}) {
                if (shape.path(ref).has("shape")) {
                    next.add(shape.path(ref).path("shape").asText());
                }
            }
        }
        return seen;
    }
}
