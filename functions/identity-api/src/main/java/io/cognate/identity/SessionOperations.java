package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.sessions.SessionService;
import io.cognate.domain.sessions.SessionService.ClientProof;
import io.cognate.domain.tokens.IssuedTokens;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The session operations (GetTokensFromRefreshToken, RevokeToken, GlobalSignOut) and the refresh
 * flows of InitiateAuth: request shape in, response shape out. Every region serves them.
 */
final class SessionOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<SessionService> sessions;

    SessionOperations(Supplier<SessionService> sessions) {
        this.sessions = sessions;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "GetTokensFromRefreshToken", this::getTokensFromRefreshToken,
                "RevokeToken", this::revokeToken,
                "GlobalSignOut", this::globalSignOut);
    }

    /** InitiateAuth with REFRESH_TOKEN_AUTH or REFRESH_TOKEN. */
    IssuedTokens refreshFromInitiateAuth(String clientId, Map<String, String> parameters) {
        return sessions.get().refresh(clientId, parameters.get("REFRESH_TOKEN"),
                ClientProof.secretHash(parameters.get("SECRET_HASH")));
    }

    private JsonNode getTokensFromRefreshToken(JsonRequest request) {
        IssuedTokens tokens = sessions.get().refresh(request.required("ClientId"), request.required("RefreshToken"),
                ClientProof.secret(request.optional("ClientSecret")));
        ObjectNode response = NODES.objectNode();
        response.set("AuthenticationResult", AuthenticationResults.of(tokens));
        return response;
    }

    private JsonNode revokeToken(JsonRequest request) {
        sessions.get().revoke(request.required("ClientId"), request.optional("ClientSecret"), request.required("Token"));
        return NODES.objectNode();
    }

    private JsonNode globalSignOut(JsonRequest request) {
        sessions.get().globalSignOut(request.required("AccessToken"));
        return NODES.objectNode();
    }
}
