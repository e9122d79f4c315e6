package io.cognate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.identity.IdentityApiHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Cognito API model as the tests read it: the cut-down copy of cognito-idp's service-2.json
 * that identity-api ships (Apache-2.0; see docs/security.md), read here independently of
 * identity-api's own use of it.
 */
final class CognitoApiModel {
    private static final String RESOURCE = "/io/cognate/identity/cognito-idp-model.json";
    private static final CognitoApiModel INSTANCE = load();

    private final JsonNode operations;
    private final JsonNode shapes;

    private CognitoApiModel(JsonNode model) {
        this.operations = model.path("operations");
        this.shapes = model.path("shapes");
    }

    static CognitoApiModel get() {
        return INSTANCE;
    }

    private static CognitoApiModel load() {
        try (InputStream in = IdentityApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new CognitoApiModel(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasOperation(String operation) {
        return operations.has(operation);
    }

    /** Whether callers sign the operation with SigV4 (every operation not marked {@code "authtype": "none"}). */
    boolean requiresSignature(String operation) {
        return operations.has(operation) && !"none".equals(operations.path(operation).path("authtype").asText(""));
    }

    Optional<String> inputShape(String operation) {
        return Optional.ofNullable(operations.path(operation).path("input").textValue());
    }

    Optional<String> outputShape(String operation) {
        return Optional.ofNullable(operations.path(operation).path("output").textValue());
    }

    JsonNode shape(String name) {
        return shapes.path(name);
    }

    String type(String shapeName) {
        return shape(shapeName).path("type").asText();
    }

    /** Member name to shape name, in the model's order. */
    Map<String, String> members(String structure) {
        var members = new java.util.LinkedHashMap<String, String>();
        shape(structure).path("members").properties().forEach(m -> members.put(m.getKey(), m.getValue().path("shape").asText()));
        return members;
    }

    List<String> required(String structure) {
        List<String> required = new ArrayList<>();
        shape(structure).path("required").forEach(r -> required.add(r.asText()));
        return required;
    }

    boolean isSensitive(String shapeName) {
        return shape(shapeName).path("sensitive").asBoolean(false);
    }

    /** Shapes marked sensitive that identify rather than authenticate: never treated as secrets. */
    static final Set<String> IDENTIFYING_SHAPES = Set.of("UsernameType", "ClientIdType", "AttributeValueType",
            "UserContextDataType");
    /** Shapes not marked sensitive that are credentials all the same. */
    static final Set<String> UNMARKED_SECRET_SHAPES = Set.of("ConfirmationCodeType");

    boolean isSecret(String shapeName) {
        return (isSensitive(shapeName) && !IDENTIFYING_SHAPES.contains(shapeName))
                || UNMARKED_SECRET_SHAPES.contains(shapeName);
    }
}
