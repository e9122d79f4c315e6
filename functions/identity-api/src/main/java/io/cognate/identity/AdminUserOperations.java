package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AdminUsers;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.tokens.IssuedTokens;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Admin user operations (AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminDisableUser,
 * AdminEnableUser, AdminSetUserPassword, AdminResetUserPassword, AdminUpdateUserAttributes,
 * AdminDeleteUserAttributes, AdminConfirmSignUp, AdminUserGlobalSignOut,
 * AdminSetUserMFAPreference) and the server-side sign-in (AdminInitiateAuth,
 * AdminRespondToAuthChallenge): request shape in, response shape out. Each names the pool
 * ({@code UserPoolId}), checked before anything else is done.
 */
final class AdminUserOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<AdminUsers> admin;
    private final MfaOperations mfa;
    private final SessionOperations sessions;

    AdminUserOperations(Supplier<AdminUsers> admin, MfaOperations mfa, SessionOperations sessions) {
        this.admin = admin;
        this.mfa = mfa;
        this.sessions = sessions;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.ofEntries(
                Map.entry("AdminCreateUser", this::createUser),
                Map.entry("AdminGetUser", this::getUser),
                Map.entry("AdminDeleteUser", this::deleteUser),
                Map.entry("AdminDisableUser", this::disableUser),
                Map.entry("AdminEnableUser", this::enableUser),
                Map.entry("AdminSetUserPassword", this::setUserPassword),
                Map.entry("AdminResetUserPassword", this::resetUserPassword),
                Map.entry("AdminUpdateUserAttributes", this::updateUserAttributes),
                Map.entry("AdminDeleteUserAttributes", this::deleteUserAttributes),
                Map.entry("AdminConfirmSignUp", this::confirmSignUp),
                Map.entry("AdminUserGlobalSignOut", this::userGlobalSignOut),
                Map.entry("AdminSetUserMFAPreference", this::setUserMfaPreference),
                Map.entry("AdminInitiateAuth", this::initiateAuth),
                Map.entry("AdminRespondToAuthChallenge", this::respondToAuthChallenge));
    }

    private JsonNode createUser(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        var attributes = request.attributes("UserAttributes");
        // Read for its type only: this pool has no aliases.
        request.optionalBoolean("ForceAliasCreation");
        User user = admin.get().create(userPoolId, new AdminUsers.Invitation(username, attributes,
                request.optional("TemporaryPassword"), request.optional("MessageAction"),
                request.strings("DesiredDeliveryMediums"), request.attributeMap("ValidationData"),
                request.stringMap("ClientMetadata")));
        ObjectNode response = NODES.objectNode();
        ObjectNode type = response.putObject("User");
        type.put("Username", user.username().value());
        CognitoShapes.userAttributes(type.putArray("Attributes"), user, null);
        CognitoShapes.userState(type, user);
        return response;
    }

    private JsonNode getUser(JsonRequest request) {
        User user = admin.get().get(request.required("UserPoolId"), request.required("Username"));
        ObjectNode response = NODES.objectNode();
        response.put("Username", user.username().value());
        CognitoShapes.userAttributes(response.putArray("UserAttributes"), user, null);
        CognitoShapes.userState(response, user);
        mfa.describe(response, user.sub());
        return response;
    }

    private JsonNode deleteUser(JsonRequest request) {
        admin.get().delete(request.required("UserPoolId"), request.required("Username"));
        return NODES.objectNode();
    }

    private JsonNode disableUser(JsonRequest request) {
        admin.get().disable(request.required("UserPoolId"), request.required("Username"));
        return NODES.objectNode();
    }

    private JsonNode enableUser(JsonRequest request) {
        admin.get().enable(request.required("UserPoolId"), request.required("Username"));
        return NODES.objectNode();
    }

    private JsonNode setUserPassword(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        String password = request.required("Password");
        admin.get().setPassword(userPoolId, username, password, Boolean.TRUE.equals(request.optionalBoolean("Permanent")));
        return NODES.objectNode();
    }

    private JsonNode resetUserPassword(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        request.stringMap("ClientMetadata");
        admin.get().resetPassword(userPoolId, username);
        return NODES.objectNode();
    }

    private JsonNode updateUserAttributes(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        if (request.isNull("UserAttributes")) {
            request.required("UserAttributes"); // the same validation message as any missing member
        }
        request.stringMap("ClientMetadata");
        admin.get().updateAttributes(userPoolId, username, request.attributes("UserAttributes"));
        return NODES.objectNode();
    }

    private JsonNode deleteUserAttributes(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        if (request.isNull("UserAttributeNames")) {
            request.required("UserAttributeNames");
        }
        admin.get().deleteAttributes(userPoolId, username, request.strings("UserAttributeNames"));
        return NODES.objectNode();
    }

    private JsonNode confirmSignUp(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        request.stringMap("ClientMetadata");
        admin.get().confirmSignUp(userPoolId, username);
        return NODES.objectNode();
    }

    private JsonNode userGlobalSignOut(JsonRequest request) {
        admin.get().globalSignOut(request.required("UserPoolId"), request.required("Username"));
        return NODES.objectNode();
    }

    private JsonNode setUserMfaPreference(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        MfaOperations.MfaPreference preference = MfaOperations.preference(request);
        admin.get().setMfaPreference(userPoolId, username, preference.enabled(), preference.preferred(),
                preference.otherFactorRequested());
        return NODES.objectNode();
    }

    private JsonNode initiateAuth(JsonRequest request) {
        admin.get().requirePool(request.required("UserPoolId"));
        String flow = request.required("AuthFlow");
        String clientId = request.required("ClientId");
        Map<String, String> parameters = request.stringMap("AuthParameters");
        return switch (flow) {
            case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH" -> mfa.adminPasswordAuth(clientId, parameters,
                    request.stringMap("ClientMetadata"));
            case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN" -> tokens(sessions.refreshFromInitiateAuth(clientId, parameters));
            case "USER_SRP_AUTH" -> mfa.srpAuth(clientId, parameters);
            case "USER_AUTH" -> mfa.userAuth(clientId, parameters, request.stringMap("ClientMetadata"));
            case "CUSTOM_AUTH" -> mfa.customAuth(clientId, parameters, request.stringMap("ClientMetadata"));
            // USER_PASSWORD_AUTH is the public flow; AdminInitiateAuth refuses it as Cognito does.
            default -> throw CognitoException.invalidParameter("Initiate Auth method not supported.");
        };
    }

    private JsonNode respondToAuthChallenge(JsonRequest request) {
        admin.get().requirePool(request.required("UserPoolId"));
        return mfa.respondToAuthChallenge(request);
    }

    private static ObjectNode tokens(IssuedTokens tokens) {
        ObjectNode response = NODES.objectNode();
        response.set("ChallengeParameters", NODES.objectNode());
        response.set("AuthenticationResult", AuthenticationResults.of(tokens));
        return response;
    }


}
