package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.domain.branding.UiCustomizations;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cognito's SetUICustomization and GetUICustomization: request shape in, {@code UICustomization}
 * out. Both are management operations naming the pool, signed with an admin key; the logo arrives
 * base64-encoded (a blob in Cognito's model) and is answered as {@code ImageUrl}, the hosted logo
 * path of that setting and version.
 */
final class UiCustomizationOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<UiCustomizations> customizations;
    private final String userPoolId;
    private final String issuer;

    UiCustomizationOperations(Supplier<UiCustomizations> customizations, String userPoolId, String issuer) {
        this.customizations = customizations;
        this.userPoolId = userPoolId;
        this.issuer = issuer;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of("SetUICustomization", this::set, "GetUICustomization", this::get);
    }

    private JsonNode set(JsonRequest request) {
        // The model check has already refused a logo that is not base64.
        Optional<byte[]> image = Optional.ofNullable(request.optional("ImageFile")).map(Base64.getDecoder()::decode);
        UiCustomization stored = customizations.get().set(request.required("UserPoolId"),
                Optional.ofNullable(request.optional("ClientId")), Optional.ofNullable(request.optional("CSS")), image);
        return NODES.objectNode().set("UICustomization", shape(stored));
    }

    private JsonNode get(JsonRequest request) {
        Optional<UiCustomization> applied = customizations.get().get(request.required("UserPoolId"),
                Optional.ofNullable(request.optional("ClientId")));
        // Nothing set for the client nor the pool: Cognito answers an empty shape.
        ObjectNode shape = applied.map(this::shape).orElseGet(() -> NODES.objectNode().put("UserPoolId", userPoolId));
        return NODES.objectNode().set("UICustomization", shape);
    }

    private ObjectNode shape(UiCustomization customization) {
        ObjectNode shape = NODES.objectNode()
                .put("UserPoolId", userPoolId)
                .put("ClientId", customization.clientKey());
        customization.logo().ifPresent(logo -> shape.put("ImageUrl", issuer + HostedBrandingEndpoint.logoPath(customization)));
        customization.css().ifPresent(css -> shape.put("CSS", css));
        shape.put("CSSVersion", customization.cssVersion());
        shape.put("LastModifiedDate", CognitoShapes.seconds(customization.lastModified()));
        shape.put("CreationDate", CognitoShapes.seconds(customization.created()));
        return shape;
    }
}
