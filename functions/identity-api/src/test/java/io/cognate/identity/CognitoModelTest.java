package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.CognitoException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CognitoModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CognitoModel model = CognitoModel.load();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private void assertInvalid(String operation, String body, String message) throws Exception {
        JsonNode node = json(body);
        assertThatThrownBy(() -> model.validate(operation, node))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("InvalidParameterException");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void theCopiedModelHasEveryCognitoOperationAndEveryPatternCompiles() throws Exception {
        JsonNode copy;
        try (var in = CognitoModel.class.getResourceAsStream(CognitoModel.RESOURCE)) {
            copy = JSON.readTree(in);
        }
        assertThat(copy.path("source").asText()).contains("Apache License 2.0");
        assertThat(copy.path("operations").size()).isGreaterThanOrEqualTo(120);
        for (JsonNode shape : copy.path("shapes")) {
            if (shape.has("pattern")) {
                assertThatCode(() -> Pattern.compile(shape.path("pattern").asText())).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void aValidRequestPasses() throws Exception {
        assertThatCode(() -> model.validate("SignUp", json("""
                {"ClientId":"abc123","Username":"alice","Password":"Secret-Passw0rd",
                 "UserAttributes":[{"Name":"email","Value":"a@example.com"}],"ClientMetadata":{"k":"v"}}""")))
                .doesNotThrowAnyException();
        assertThatCode(() -> model.validate("NotACognitoOperation", json("{}"))).doesNotThrowAnyException();
    }

    @Test
    void requiredMembersTypesLengthsPatternsAndEnumsAreCheckedInCognitosWords() throws Exception {
        assertInvalid("SignUp", "{\"Username\":\"alice\"}",
                "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null");
        assertInvalid("SignUp", "{\"ClientId\":\"abc\",\"Username\":\"" + "a".repeat(129) + "\"}",
                "1 validation error detected: Value at 'username' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 128");
        assertInvalid("SignUp", "{\"ClientId\":\"abc\",\"Username\":\"has space\"}",
                "1 validation error detected: Value at 'username' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
        assertInvalid("InitiateAuth", "{\"ClientId\":\"abc\",\"AuthFlow\":\"MAGIC\"}",
                "1 validation error detected: Value at 'authFlow' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [\"USER_SRP_AUTH\",\"REFRESH_TOKEN_AUTH\",\"REFRESH_TOKEN\",\"CUSTOM_AUTH\","
                        + "\"ADMIN_NO_SRP_AUTH\",\"USER_PASSWORD_AUTH\",\"ADMIN_USER_PASSWORD_AUTH\",\"USER_AUTH\"]");
        assertInvalid("InitiateAuth", "{\"ClientId\":\"abc\",\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"AuthParameters\":{\"USERNAME\":5}}",
                "1 validation error detected: Value at 'authParameters' failed to satisfy constraint: Member must be a string");
        assertInvalid("SignUp", "{\"ClientId\":7,\"Username\":[]}",
                "2 validation errors detected: Value at 'clientId' failed to satisfy constraint: Member must be a string; "
                        + "Value at 'username' failed to satisfy constraint: Member must be a string");
        assertInvalid("SignUp", "{\"ClientId\":\"abc\",\"Username\":\"a\",\"UserAttributes\":[{\"Value\":\"x\"}]}",
                "1 validation error detected: Value null at 'userAttributes.1.member.name' failed to satisfy "
                        + "constraint: Member must not be null");
    }

    @Test
    void messagesNeverQuoteTheValue() throws Exception {
        String password = "Secret-" + "x".repeat(300);
        JsonNode body = json("{\"ClientId\":\"abc\",\"Username\":\"alice\",\"Password\":\"" + password + "\"}");
        assertThatThrownBy(() -> model.validate("SignUp", body)).message().doesNotContain("Secret-");
    }
}
