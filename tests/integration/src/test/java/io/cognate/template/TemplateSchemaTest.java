package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml validates against the official SAM schema, and the schema does catch mistakes. */
class TemplateSchemaTest {
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = TemplateSchemaTest.class.getResourceAsStream("/sam/sam.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    private static Set<ValidationMessage> validate(JsonNode template) {
        return schema.validate(template);
    }

    @Test
    void theTemplateIsValid() throws IOException {
        assertThat(validate(SamTemplate.load())).isEmpty();
    }

    @Test
    void aMisspelledFunctionPropertyIsCaught() throws IOException {
        String broken = Files.readString(SamTemplate.TEMPLATE).replaceFirst("\n      CodeUri:", "\n      CodeUrl:");
        assertThat(validate(SamTemplate.parse(broken)))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("CodeUrl"));
    }

    @Test
    void aMisspelledGlobalsPropertyIsCaught() throws IOException {
        String broken = Files.readString(SamTemplate.TEMPLATE).replaceFirst("\n    MemorySize:", "\n    MemorySise:");
        assertThat(validate(SamTemplate.parse(broken))).isNotEmpty();
    }
}
