package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AppClient;
import io.cognate.domain.clients.AppClientRegistry;
import io.cognate.domain.clients.ClientConfiguration;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.clients.TokenValidityUnits;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * App-client management (CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
 * DeleteUserPoolClient, ListUserPoolClients): request shape in, Cognito's {@code UserPoolClientType}
 * out. The rules are {@link AppClientRegistry}'s; a client secret appears in CreateUserPoolClient's
 * answer only.
 */
final class ClientManagementOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<AppClientRegistry> clients;
    private final String userPoolId;

    ClientManagementOperations(Supplier<AppClientRegistry> clients, String userPoolId) {
        this.clients = clients;
        this.userPoolId = userPoolId;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "CreateUserPoolClient", this::create,
                "DescribeUserPoolClient", this::describe,
                "UpdateUserPoolClient", this::update,
                "DeleteUserPoolClient", this::delete,
                "ListUserPoolClients", this::list);
    }

    private JsonNode create(JsonRequest request) {
        boolean generate = Boolean.TRUE.equals(request.optionalBoolean("GenerateSecret"));
        var created = clients.get().create(request.required("UserPoolId"), configuration(request), generate,
                request.optional("ClientSecret"));
        ObjectNode type = clientType(created.client());
        created.secret().ifPresent(secret -> type.put("ClientSecret", secret));
        return NODES.objectNode().set("UserPoolClient", type);
    }

    private JsonNode describe(JsonRequest request) {
        AppClient client = clients.get().describe(request.required("UserPoolId"), request.required("ClientId"));
        return NODES.objectNode().set("UserPoolClient", clientType(client));
    }

    private JsonNode update(JsonRequest request) {
        AppClient client = clients.get().update(request.required("UserPoolId"), request.required("ClientId"),
                configuration(request));
        return NODES.objectNode().set("UserPoolClient", clientType(client));
    }

    private JsonNode delete(JsonRequest request) {
        clients.get().delete(request.required("UserPoolId"), request.required("ClientId"));
        return NODES.objectNode();
    }

    private JsonNode list(JsonRequest request) {
        var listing = clients.get().list(request.required("UserPoolId"), request.optionalInteger("MaxResults"),
                request.optional("NextToken"));
        ObjectNode response = NODES.objectNode();
        ArrayNode list = response.putArray("UserPoolClients");
        listing.clients().forEach(c -> list.addObject().put("ClientId", c.clientId()).put("UserPoolId", userPoolId)
                .put("ClientName", c.clientName()));
        listing.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    private static ClientConfiguration configuration(JsonRequest request) {
        JsonRequest units = request.object("TokenValidityUnits");
        return new ClientConfiguration(
                request.optional("ClientName"),
                optionalStrings(request, "ExplicitAuthFlows"),
                request.optionalInteger("AccessTokenValidity"),
                request.optionalInteger("IdTokenValidity"),
                request.optionalInteger("RefreshTokenValidity"),
                units == null ? null : units.optional("AccessToken"),
                units == null ? null : units.optional("IdToken"),
                units == null ? null : units.optional("RefreshToken"),
                optionalStrings(request, "ReadAttributes"),
                optionalStrings(request, "WriteAttributes"),
                optionalStrings(request, "AllowedOAuthFlows"),
                optionalStrings(request, "AllowedOAuthScopes"),
                request.optionalBoolean("AllowedOAuthFlowsUserPoolClient"),
                optionalStrings(request, "CallbackURLs"),
                optionalStrings(request, "LogoutURLs"),
                request.optional("DefaultRedirectURI"),
                optionalStrings(request, "SupportedIdentityProviders"),
                request.optionalBoolean("EnableTokenRevocation"),
                request.optional("PreventUserExistenceErrors"),
                request.optionalInteger("AuthSessionValidity"),
                request.optionalBoolean("EnablePropagateAdditionalUserContextData"));
    }

    private static List<String> optionalStrings(JsonRequest request, String member) {
        return request.isNull(member) ? null : request.strings(member);
    }

    /**
     * Cognito's {@code UserPoolClientType}, without {@code ClientSecret}: the secret is shown
     * once, at creation (see {@link AppClientRegistry}). Validities in the units they were set
     * in; empty lists and {@code ReadAttributes}/{@code WriteAttributes} left at their default
     * are left out, as Cognito leaves them out.
     */
    private ObjectNode clientType(AppClient client) {
        ClientSettings settings = client.settings();
        TokenValidityUnits units = settings.tokenValidityUnits();
        ObjectNode type = NODES.objectNode();
        type.put("UserPoolId", userPoolId);
        type.put("ClientName", client.clientName());
        type.put("ClientId", client.clientId());
        type.put("LastModifiedDate", CognitoShapes.seconds(settings.lastModifiedAt()));
        type.put("CreationDate", CognitoShapes.seconds(settings.createdAt()));
        type.put("RefreshTokenValidity", units.refreshToken().of(client.refreshTokenValidity()));
        type.put("AccessTokenValidity", units.accessToken().of(client.accessTokenValidity()));
        type.put("IdTokenValidity", units.idToken().of(client.idTokenValidity()));
        type.putObject("TokenValidityUnits")
                .put("AccessToken", units.accessToken().wireName())
                .put("IdToken", units.idToken().wireName())
                .put("RefreshToken", units.refreshToken().wireName());
        strings(type, "ReadAttributes", client.readAttributes().stream().sorted().toList());
        strings(type, "WriteAttributes", client.writeAttributes().stream().sorted().toList());
        strings(type, "ExplicitAuthFlows", client.explicitAuthFlows().stream().sorted().toList());
        strings(type, "SupportedIdentityProviders", settings.supportedIdentityProviders());
        strings(type, "CallbackURLs", settings.callbackUrls());
        strings(type, "LogoutURLs", settings.logoutUrls());
        settings.defaultRedirectUri().ifPresent(uri -> type.put("DefaultRedirectURI", uri));
        strings(type, "AllowedOAuthFlows", client.allowedOAuthFlows().stream().sorted().toList());
        strings(type, "AllowedOAuthScopes", client.allowedOAuthScopes().stream().sorted().toList());
        type.put("AllowedOAuthFlowsUserPoolClient", settings.allowedOAuthFlowsUserPoolClient());
        type.put("PreventUserExistenceErrors", settings.preventUserExistenceErrors());
        type.put("EnableTokenRevocation", settings.enableTokenRevocation());
        type.put("EnablePropagateAdditionalUserContextData", settings.enablePropagateAdditionalUserContextData());
        type.put("AuthSessionValidity", settings.authSessionValidityMinutes());
        return type;
    }

    private static void strings(ObjectNode type, String member, Collection<String> values) {
        if (!values.isEmpty()) {
            ArrayNode list = type.putArray(member);
            values.forEach(list::add);
        }
    }

    /** Cognito's dates: epoch seconds with milliseconds. */
}
