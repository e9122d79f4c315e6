package io.cognate.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.bench.template.SamTemplateYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * template.yaml as JSON, with CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}, …)
 * turned into their long forms ({@code {"Ref": …}}, {@code {"Fn::Sub": …}}), as CloudFormation
 * itself reads them ({@link SamTemplateYaml}, which {@code ./cognate cost} reads it with too).
 */
public final class SamTemplate {
    static final Path TEMPLATE = Path.of("..", "..", "template.yaml");

    private SamTemplate() {
    }

    static JsonNode load() throws IOException {
        return parse(Files.readString(TEMPLATE));
    }

    public static JsonNode parse(String yaml) {
        return SamTemplateYaml.parse(yaml);
    }

    /** Resources of one type, by logical id. */
    static Map<String, JsonNode> resources(JsonNode template, String type) {
        var found = new LinkedHashMap<String, JsonNode>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            var entry = it.next();
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        }
        return found;
    }

    /**
     * A policy's statements, with conditional ones ({@code Fn::If}) expanded to the statements of
     * both branches ({@code AWS::NoValue} branches drop out).
     */
    static List<JsonNode> statements(JsonNode policy) {
        List<JsonNode> statements = new java.util.ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.has("Fn::If")) {
                for (int branch = 1; branch <= 2; branch++) {
                    JsonNode chosen = statement.path("Fn::If").path(branch);
                    if (chosen.has("Effect")) {
                        statements.add(chosen);
                    }
                }
            } else {
                statements.add(statement);
            }
        }
        return statements;
    }
}
