package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AccountService;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdempotentSignUp;
import io.cognate.domain.IdentityService;
import io.cognate.domain.User;
import io.cognate.domain.tokens.IssuedTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Cognito operations served by identity-api: request shape in, response shape out. */
final class CognitoOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IdentityService identity;
    private final Optional<IdempotentSignUp> idempotentSignUp;
    private final SessionOperations sessions;
    private final SecretHashCheck secretHashes;
    private final MfaOperations mfa;
    private final Map<String, Function<JsonRequest, JsonNode>> operations;

    CognitoOperations(IdentityService identity, AccountService account, AuthEventOperations authEvents,
                      SessionOperations sessions, SecretHashCheck secretHashes, MfaOperations mfa,
                      PasskeyOperations passkeys, DeviceOperations devices, GroupOperations groups,
                      Optional<IdempotentSignUp> idempotentSignUp, ClientManagementOperations clientManagement,
                      UserListingOperations userListing, AdminUserOperations adminUsers, PoolOperations pool,
                      ImportJobOperations importJobs, FederationOperations federation,
                      UserMigrationOperations migration, UiCustomizationOperations uiCustomizations,
                      HostedAccountWrites hostedAccount) {
        this.identity = identity;
        this.idempotentSignUp = idempotentSignUp;
        this.sessions = sessions;
        this.secretHashes = secretHashes;
        this.mfa = mfa;
        var all = new HashMap<String, Function<JsonRequest, JsonNode>>(Map.of(
                "SignUp", this::signUp,
                "ConfirmSignUp", this::confirmSignUp,
                "ResendConfirmationCode", this::resendConfirmationCode,
                "InitiateAuth", this::initiateAuth,
                "GetUser", this::getUser,
                "GetUserAuthFactors", this::getUserAuthFactors));
        all.putAll(new AccountOperations(account).operations());
        all.putAll(authEvents.operations());
        all.putAll(sessions.operations());
        all.putAll(mfa.operations());
        all.putAll(passkeys.operations());
        all.putAll(devices.operations());
        all.putAll(groups.operations());
        all.putAll(clientManagement.operations());
        all.putAll(userListing.operations());
        all.putAll(adminUsers.operations());
        all.putAll(pool.operations());
        all.putAll(importJobs.operations());
        all.putAll(federation.operations());
        all.putAll(migration.operations());
        all.putAll(uiCustomizations.operations());
        all.putAll(hostedAccount.operations());
        this.operations = Map.copyOf(all);
    }

    /** The names of every operation served, e.g. {@code InitiateAuth}. */
    java.util.Set<String> names() {
        return java.util.Set.copyOf(operations.keySet());
    }

    boolean serves(String operation) {
        return operations.containsKey(operation);
    }

    JsonNode invoke(String operation, JsonRequest request) {
        secretHashes.check(operation, request);
        return operations.get(operation).apply(request);
    }

    private JsonNode signUp(JsonRequest request) {
        String clientId = request.required("ClientId");
        String username = request.required("Username");
        String password = request.required("Password");
        var attributes = request.attributes("UserAttributes");
        Map<String, String> validationData = request.attributeMap("ValidationData");
        Map<String, String> clientMetadata = request.stringMap("ClientMetadata");
        var result = idempotentSignUp.isPresent()
                ? idempotentSignUp.get().signUp(clientId, username, password, attributes, validationData, clientMetadata)
                : identity.signUp(clientId, username, password, attributes, validationData, clientMetadata);
        ObjectNode response = NODES.objectNode();
        response.put("UserConfirmed", result.userConfirmed());
        response.put("UserSub", result.userSub());
        if (result.codeDelivery() != null) {
            response.set("CodeDeliveryDetails", delivery(result.codeDelivery()));
        }
        return response;
    }

    private JsonNode confirmSignUp(JsonRequest request) {
        identity.confirmSignUp(request.required("ClientId"), request.required("Username"),
                request.required("ConfirmationCode"), request.stringMap("ClientMetadata"));
        return NODES.objectNode();
    }

    private JsonNode resendConfirmationCode(JsonRequest request) {
        var details = identity.resendConfirmationCode(request.required("ClientId"), request.required("Username"),
                request.stringMap("ClientMetadata"));
        ObjectNode response = NODES.objectNode();
        response.set("CodeDeliveryDetails", delivery(details));
        return response;
    }

    private JsonNode initiateAuth(JsonRequest request) {
        String flow = request.required("AuthFlow");
        String clientId = request.required("ClientId");
        Map<String, String> parameters = request.stringMap("AuthParameters");
        IssuedTokens tokens = switch (flow) {
            case "USER_PASSWORD_AUTH" -> null;
            case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN" -> sessions.refreshFromInitiateAuth(clientId, parameters);
            case "USER_SRP_AUTH", "USER_AUTH", "CUSTOM_AUTH" -> null;
            default -> throw CognitoException.invalidParameter("1 validation error detected: Value at 'authFlow' "
                    + "failed to satisfy constraint: Member must satisfy enum value set");
        };
        if (tokens == null) {
            // These flows may answer with a challenge (SRP's always, the password's for MFA).
            return switch (flow) {
                case "USER_SRP_AUTH" -> mfa.srpAuth(clientId, parameters);
                case "CUSTOM_AUTH" -> mfa.customAuth(clientId, parameters, request.stringMap("ClientMetadata"));
                case "USER_AUTH" -> mfa.userAuth(clientId, parameters, request.stringMap("ClientMetadata"));
                default -> mfa.passwordAuth(clientId, parameters, request.stringMap("ClientMetadata"));
            };
        }
        ObjectNode response = NODES.objectNode();
        response.set("ChallengeParameters", NODES.objectNode());
        response.set("AuthenticationResult", AuthenticationResults.of(tokens));
        return response;
    }

    private JsonNode getUserAuthFactors(JsonRequest request) {
        User user = identity.signedIn(request.required("AccessToken")).user();
        ObjectNode response = NODES.objectNode();
        response.put("Username", user.username().value());
        mfa.describe(response, user.sub());
        mfa.describeFactors(response, user);
        return response;
    }

    private JsonNode getUser(JsonRequest request) {
        IdentityService.SignedIn caller = identity.signedIn(request.required("AccessToken"));
        User user = caller.user();
        ObjectNode response = NODES.objectNode();
        response.put("Username", user.username().value());
        var attributes = response.putArray("UserAttributes");
        attributes.addObject().put("Name", "sub").put("Value", user.sub());
        // What the token's client may read, as its ID tokens show it. A pending e-mail change is
        // not shown: the address in force is the verified one until the change is verified.
        caller.readableAttributes().forEach((name, value) -> attributes.addObject().put("Name", name).put("Value", value));
        mfa.describe(response, user.sub());
        return response;
    }

    static ObjectNode delivery(IdentityService.CodeDeliveryDetails details) {
        return NODES.objectNode()
                .put("Destination", details.destination())
                .put("DeliveryMedium", details.deliveryMedium())
                .put("AttributeName", details.attributeName());
    }
}
