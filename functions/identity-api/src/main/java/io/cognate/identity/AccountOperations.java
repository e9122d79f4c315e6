package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AccountService;
import java.util.Map;
import java.util.function.Function;

/**
 * The account operations (password reset and change, profile and its verification, legacy MFA
 * settings, deletion): request shape in, response shape out.
 */
final class AccountOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AccountService account;

    AccountOperations(AccountService account) {
        this.account = account;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.ofEntries(
                Map.entry("ForgotPassword", this::forgotPassword),
                Map.entry("ConfirmForgotPassword", this::confirmForgotPassword),
                Map.entry("ChangePassword", this::changePassword),
                Map.entry("UpdateUserAttributes", this::updateUserAttributes),
                Map.entry("DeleteUserAttributes", this::deleteUserAttributes),
                Map.entry("GetUserAttributeVerificationCode", this::getUserAttributeVerificationCode),
                Map.entry("VerifyUserAttribute", this::verifyUserAttribute),
                Map.entry("SetUserSettings", this::setUserSettings),
                Map.entry("DeleteUser", this::deleteUser));
    }

    private JsonNode forgotPassword(JsonRequest request) {
        var details = account.forgotPassword(request.required("ClientId"), request.required("Username"),
                request.stringMap("ClientMetadata"));
        ObjectNode response = NODES.objectNode();
        response.set("CodeDeliveryDetails", CognitoOperations.delivery(details));
        return response;
    }

    private JsonNode confirmForgotPassword(JsonRequest request) {
        account.confirmForgotPassword(request.required("ClientId"), request.required("Username"),
                request.required("ConfirmationCode"), request.required("Password"),
                request.stringMap("ClientMetadata"));
        return NODES.objectNode();
    }

    private JsonNode changePassword(JsonRequest request) {
        account.changePassword(request.required("AccessToken"), request.optional("PreviousPassword"),
                request.required("ProposedPassword"));
        return NODES.objectNode();
    }

    private JsonNode updateUserAttributes(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        if (request.isNull("UserAttributes")) {
            request.required("UserAttributes"); // the same validation message as any missing member
        }
        var deliveries = account.updateUserAttributes(accessToken, request.attributes("UserAttributes"),
                request.stringMap("ClientMetadata"));
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("CodeDeliveryDetailsList");
        deliveries.forEach(details -> list.add(CognitoOperations.delivery(details)));
        return response;
    }

    private JsonNode deleteUserAttributes(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        if (request.isNull("UserAttributeNames")) {
            request.required("UserAttributeNames"); // the same validation message as any missing member
        }
        account.deleteUserAttributes(accessToken, request.strings("UserAttributeNames"));
        return NODES.objectNode();
    }

    private JsonNode getUserAttributeVerificationCode(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        String attributeName = request.required("AttributeName");
        var details = account.getUserAttributeVerificationCode(accessToken, attributeName,
                request.stringMap("ClientMetadata"));
        ObjectNode response = NODES.objectNode();
        response.set("CodeDeliveryDetails", CognitoOperations.delivery(details));
        return response;
    }

    private JsonNode setUserSettings(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        if (request.isNull("MFAOptions")) {
            request.required("MFAOptions");
        }
        var options = request.objects("MFAOptions").stream()
                .map(option -> new AccountService.MfaOption(option.optional("AttributeName"),
                        option.optional("DeliveryMedium")))
                .toList();
        account.setUserSettings(accessToken, options);
        return NODES.objectNode();
    }

    private JsonNode verifyUserAttribute(JsonRequest request) {
        account.verifyUserAttribute(request.required("AccessToken"), request.required("AttributeName"),
                request.required("Code"));
        return NODES.objectNode();
    }

    private JsonNode deleteUser(JsonRequest request) {
        account.deleteUser(request.required("AccessToken"));
        return NODES.objectNode();
    }
}
