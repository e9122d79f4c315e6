package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AccountService;
import java.util.Map;
import java.util.function.Function;

/** The account operations (password reset and change, profile, deletion): request shape in, response shape out. */
final class AccountOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AccountService account;

    AccountOperations(AccountService account) {
        this.account = account;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "ForgotPassword", this::forgotPassword,
                "ConfirmForgotPassword", this::confirmForgotPassword,
                "ChangePassword", this::changePassword,
                "UpdateUserAttributes", this::updateUserAttributes,
                "VerifyUserAttribute", this::verifyUserAttribute,
                "DeleteUser", this::deleteUser);
    }

    private JsonNode forgotPassword(JsonRequest request) {
        var details = account.forgotPassword(request.required("ClientId"), request.required("Username"));
        ObjectNode response = NODES.objectNode();
        response.set("CodeDeliveryDetails", CognitoOperations.delivery(details));
        return response;
    }

    private JsonNode confirmForgotPassword(JsonRequest request) {
        account.confirmForgotPassword(request.required("ClientId"), request.required("Username"),
                request.required("ConfirmationCode"), request.required("Password"));
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
        var deliveries = account.updateUserAttributes(accessToken, request.attributes("UserAttributes"));
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("CodeDeliveryDetailsList");
        deliveries.forEach(details -> list.add(CognitoOperations.delivery(details)));
        return response;
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
