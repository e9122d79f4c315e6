package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.events.AuthEventHistory;
import io.cognate.domain.events.UserAuthEvent;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Users' authentication events (AdminListUserAuthEvents, AdminUpdateAuthEventFeedback, and the
 * user's own UpdateAuthEventFeedback, which needs no signature, only the event's feedback
 * token): request shape in, response shape out.
 */
final class AuthEventOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<AuthEventHistory> history;

    AuthEventOperations(Supplier<AuthEventHistory> history) {
        this.history = history;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "AdminListUserAuthEvents", this::adminListUserAuthEvents,
                "AdminUpdateAuthEventFeedback", this::adminUpdateAuthEventFeedback,
                "UpdateAuthEventFeedback", this::updateAuthEventFeedback);
    }

    private JsonNode adminListUserAuthEvents(JsonRequest request) {
        String userPoolId = request.required("UserPoolId");
        String username = request.required("Username");
        var listed = history.get().list(userPoolId, username, request.optionalInteger("MaxResults"),
                request.optional("NextToken"));
        ObjectNode response = NODES.objectNode();
        var events = response.putArray("AuthEvents");
        listed.events().forEach(event -> events.add(authEventType(event)));
        listed.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    private JsonNode adminUpdateAuthEventFeedback(JsonRequest request) {
        history.get().adminFeedback(request.required("UserPoolId"), request.required("Username"),
                request.required("EventId"), request.required("FeedbackValue"));
        return NODES.objectNode();
    }

    private JsonNode updateAuthEventFeedback(JsonRequest request) {
        history.get().userFeedback(request.required("UserPoolId"), request.required("Username"),
                request.required("EventId"), request.required("FeedbackToken"), request.required("FeedbackValue"));
        return NODES.objectNode();
    }

    /** Cognito's {@code AuthEventType}: dates in epoch seconds with milliseconds; the token's hash is never shown. */
    private static ObjectNode authEventType(UserAuthEvent event) {
        ObjectNode type = NODES.objectNode();
        type.put("EventId", event.eventId());
        type.put("EventType", event.type().name());
        type.put("CreationDate", CognitoShapes.seconds(event.createdAt()));
        type.put("EventResponse", event.response().name());
        // No risk scoring: every event is NoRisk, and no credentials are known to be compromised.
        type.putObject("EventRisk").put("RiskDecision", "NoRisk").put("CompromisedCredentialsDetected", false);
        var challenges = type.putArray("ChallengeResponses");
        event.challenges().forEach(challenge -> challenges.addObject()
                .put("ChallengeName", challenge.name().name())
                .put("ChallengeResponse", challenge.response()));
        ObjectNode context = type.putObject("EventContextData");
        event.ipAddress().ifPresent(ip -> context.put("IpAddress", ip));
        event.feedback().ifPresent(feedback -> type.putObject("EventFeedback")
                .put("FeedbackValue", feedback.value().name())
                .put("Provider", feedback.provider())
                .put("FeedbackDate", CognitoShapes.seconds(feedback.date())));
        return type;
    }

}
