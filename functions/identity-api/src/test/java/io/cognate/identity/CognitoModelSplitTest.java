package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CognitoModelSplitTest {
    @Test
    void theCompactModelIsExactlyWhatTheFullModelGives() throws Exception {
        JsonNode full;
        try (InputStream in = CognitoModel.class.getResourceAsStream(CognitoModel.RESOURCE)) {
            full = new ObjectMapper().readTree(in);
        }
        Map<String, String> expected = CognitoModelSplit.files(full);
        assertThat(expected).hasSize(full.path("operations").size() + 1);
        for (var file : expected.entrySet()) {
            String path = CognitoModel.COMPACT_DIRECTORY + "/" + file.getKey();
            try (InputStream in = CognitoModel.class.getResourceAsStream(path)) {
                assertThat(in).as("%s is missing: run CognitoModelSplit", path).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as("%s differs from the full model: run CognitoModelSplit", path)
                        .isEqualTo(file.getValue());
            }
        }
    }

    @Test
    void everyOperationValidatesAgainstItsOwnFileAsAgainstTheFullModel() throws Exception {
        // A shape left out of an operation's file would let a member through unchecked: the
        // compact model must refuse what the full one refuses, for every operation.
        CognitoModel model = CognitoModel.load();
        JsonNode full;
        try (InputStream in = CognitoModel.class.getResourceAsStream(CognitoModel.RESOURCE)) {
            full = new ObjectMapper().readTree(in);
        }
        for (var operation : full.path("operations").properties()) {
            String name = operation.getKey();
            assertThat(model.knows(name)).as(name).isTrue();
            assertThat(model.requiresSignature(name)).as(name)
                    .isEqualTo(!"none".equals(operation.getValue().path("authtype").asText("")));
            String input = operation.getValue().path("input").asText();
            JsonNode shapes = model.shapesOf(name).orElseThrow();
            assertThat(shapes.has(input)).as(name).isTrue();
            for (var shape : shapes.properties()) {
                assertThat(shape.getValue()).as(name + " " + shape.getKey()).isEqualTo(full.path("shapes").path(shape.getKey()));
                shape.getValue().path("members").forEach(m -> assertThat(shapes.has(m.path("shape").asText()))
                        .as(name + " " + shape.getKey() + " " + m).isTrue());
                for (String ref : new String[] {"member", "key", "value"}) {
                    if (shape.getValue().path(ref).has("shape")) {
                        assertThat(shapes.has(shape.getValue().path(ref).path("shape").asText())).as(name).isTrue();
                    }
                }
            }
        }
        assertThat(model.knows("NotACognitoOperation")).isFalse();
    }
}
