package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyRegistration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Passkeys (WebAuthn) of the signed-in user: StartWebAuthnRegistration,
 * CompleteWebAuthnRegistration, ListWebAuthnCredentials and DeleteWebAuthnCredential: request
 * shape in, response shape out.
 */
final class PasskeyOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Data binding for the registration options' map, built at the first registration, not with the handler. */
    private static final class Binding {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private final Supplier<PasskeyRegistration> registration;

    PasskeyOperations(Supplier<PasskeyRegistration> registration) {
        this.registration = registration;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "StartWebAuthnRegistration", this::start,
                "CompleteWebAuthnRegistration", this::complete,
                "ListWebAuthnCredentials", this::list,
                "DeleteWebAuthnCredential", this::delete);
    }

    private JsonNode start(JsonRequest request) {
        Map<String, Object> options = registration.get().start(request.required("AccessToken"));
        ObjectNode response = NODES.objectNode();
        response.set("CredentialCreationOptions", Binding.JSON.valueToTree(options));
        return response;
    }

    private JsonNode complete(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        JsonNode credential = request.document("Credential");
        // A document may be any JSON value; a RegistrationResponseJSON is an object.
        if (credential == null || !credential.isObject()) {
            throw CognitoException.invalidParameter("Credential must be a RegistrationResponseJSON object.");
        }
        registration.get().complete(accessToken, credential.toString());
        return NODES.objectNode();
    }

    private JsonNode list(JsonRequest request) {
        var page = registration.get().list(request.required("AccessToken"), request.optionalInteger("MaxResults"),
                request.optional("NextToken"));
        ObjectNode response = NODES.objectNode();
        ArrayNode credentials = response.putArray("Credentials");
        for (PasskeyCredential credential : page.credentials()) {
            ObjectNode description = credentials.addObject();
            description.put("CredentialId", credential.credentialId());
            description.put("FriendlyCredentialName", credential.friendlyName());
            description.put("RelyingPartyId", credential.relyingPartyId());
            credential.authenticatorAttachment().ifPresent(a -> description.put("AuthenticatorAttachment", a));
            ArrayNode transports = description.putArray("AuthenticatorTransports");
            credential.transports().forEach(transports::add);
            // The AWS JSON protocol's timestamps: epoch seconds, the milliseconds as a fraction.
            description.put("CreatedAt", CognitoShapes.seconds(credential.createdAt()));
        }
        page.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    private JsonNode delete(JsonRequest request) {
        registration.get().delete(request.required("AccessToken"), request.required("CredentialId"));
        return NODES.objectNode();
    }
}
