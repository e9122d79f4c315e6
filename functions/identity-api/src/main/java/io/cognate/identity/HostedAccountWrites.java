package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.AccountService;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.forwarding.WriteForwarding;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The four writes of the hosted account pages: sign up, confirm the sign-up, ask for a reset
 * code, reset the password. Where this region leads (or the pool does not forward), each is the
 * service call the Cognito API makes, here. Elsewhere it goes to the leader as Cognate's forwarded
 * operation ({@code WriteOperations.HOSTED_ACCOUNT}), signed region to region, before anything is
 * done here: the leader runs the same call, so the password policy, the one lockout counter for
 * code guesses and the anti-enumeration answers are the leader's, counted once; the page here
 * renders the leader's answer once its own replica holds what the leader wrote (write forwarding's
 * read-your-writes wait). {@link #operations()} is the leader's side.
 */
final class HostedAccountWrites {
    static final String SIGN_UP = "CognateHostedSignUp";
    static final String CONFIRM_SIGN_UP = "CognateHostedConfirmSignUp";
    static final String FORGOT_PASSWORD = "CognateHostedForgotPassword";
    static final String CONFIRM_FORGOT_PASSWORD = "CognateHostedConfirmForgotPassword";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<IdentityService> identity;
    private final Supplier<AccountService> account;
    private final Supplier<WriteForwarding> forwarding;

    HostedAccountWrites(Supplier<IdentityService> identity, Supplier<AccountService> account,
                        Supplier<WriteForwarding> forwarding) {
        this.identity = identity;
        this.account = account;
        this.forwarding = forwarding;
    }

    IdentityService.SignUpResult signUp(String clientId, String username, String password, String email,
                                        Optional<String> callerAddress) {
        ObjectNode body = body(clientId, username).put("Password", password).put("Email", email);
        Optional<JsonNode> answer = atLeader(SIGN_UP, body, callerAddress);
        if (answer.isEmpty()) {
            return identity.get().signUp(clientId, username, password, List.of(new UserAttributes.Attribute("email", email)));
        }
        JsonNode delivery = answer.get().path("CodeDeliveryDetails");
        return new IdentityService.SignUpResult(answer.get().path("UserSub").asText(),
                answer.get().path("UserConfirmed").asBoolean(), delivery.isObject()
                        ? new IdentityService.CodeDeliveryDetails(delivery.path("Destination").asText(),
                                delivery.path("DeliveryMedium").asText(), delivery.path("AttributeName").asText())
                        : null);
    }

    void confirmSignUp(String clientId, String username, String code, Optional<String> callerAddress) {
        if (atLeader(CONFIRM_SIGN_UP, body(clientId, username).put("ConfirmationCode", code), callerAddress).isEmpty()) {
            identity.get().confirmSignUp(clientId, username, code);
        }
    }

    void forgotPassword(String clientId, String username, Optional<String> callerAddress) {
        if (atLeader(FORGOT_PASSWORD, body(clientId, username), callerAddress).isEmpty()) {
            account.get().forgotPassword(clientId, username);
        }
    }

    void confirmForgotPassword(String clientId, String username, String code, String password,
                               Optional<String> callerAddress) {
        if (atLeader(CONFIRM_FORGOT_PASSWORD, body(clientId, username).put("ConfirmationCode", code)
                .put("Password", password), callerAddress).isEmpty()) {
            account.get().confirmForgotPassword(clientId, username, code, password);
        }
    }

    /** The leader's side: each forwarded operation runs the call the page runs where it leads. */
    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                SIGN_UP, request -> {
                    var result = identity.get().signUp(request.required("ClientId"), request.required("Username"),
                            request.required("Password"), List.of(new UserAttributes.Attribute("email",
                                    request.required("Email"))));
                    ObjectNode answer = NODES.objectNode().put("UserConfirmed", result.userConfirmed())
                            .put("UserSub", result.userSub());
                    if (result.codeDelivery() != null) {
                        answer.putObject("CodeDeliveryDetails").put("Destination", result.codeDelivery().destination())
                                .put("DeliveryMedium", result.codeDelivery().deliveryMedium())
                                .put("AttributeName", result.codeDelivery().attributeName());
                    }
                    return answer;
                },
                CONFIRM_SIGN_UP, request -> {
                    identity.get().confirmSignUp(request.required("ClientId"), request.required("Username"),
                            request.required("ConfirmationCode"));
                    return NODES.objectNode();
                },
                FORGOT_PASSWORD, request -> {
                    account.get().forgotPassword(request.required("ClientId"), request.required("Username"));
                    return NODES.objectNode();
                },
                CONFIRM_FORGOT_PASSWORD, request -> {
                    account.get().confirmForgotPassword(request.required("ClientId"), request.required("Username"),
                            request.required("ConfirmationCode"), request.required("Password"));
                    return NODES.objectNode();
                });
    }

    private static ObjectNode body(String clientId, String username) {
        return NODES.objectNode().put("ClientId", clientId).put("Username", username);
    }

    /**
     * The leader's answer to {@code operation} when this region forwards it; empty when it is to
     * be served here. A refusal comes back as the leader's {@link CognitoException}, with its type
     * and message, so the page tells it as if it had been made here.
     */
    private Optional<JsonNode> atLeader(String operation, ObjectNode body, Optional<String> callerAddress) {
        return LeaderCalls.call(forwarding.get(), operation, body, callerAddress);
    }
}
