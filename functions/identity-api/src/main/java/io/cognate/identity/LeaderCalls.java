package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.http.JsonTreeCodec;
import io.cognate.ports.LeaderForwarder;
import java.io.IOException;
import java.util.Optional;

/**
 * One of Cognate's forwarded-only operations ({@code WriteOperations.servedOnlyWhenForwarded})
 * sent to the leader by write forwarding, for the federated sign-in, the lazy migration and the
 * hosted account pages of a region that does not lead: the JSON body out, the leader's JSON
 * answer back once this region's replica holds what it wrote.
 */
final class LeaderCalls {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private LeaderCalls() {
    }

    /**
     * The leader's answer to {@code operation}; empty when nothing is forwarded (this region leads,
     * or forwarding is off); the leader's refusal thrown as its {@link CognitoException}.
     */
    static Optional<JsonNode> call(WriteForwarding forwarding, String operation, ObjectNode body,
                                   Optional<String> callerAddress) {
        Optional<LeaderForwarder.Answer> answer;
        answer = forwarding.forwardIfNeeded(new WriteForwarding.Request(operation, Optional.empty(),
                CONTENT_TYPE, JsonTreeCodec.LENIENT.writeBytes(body), callerAddress, Optional.empty()));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode answered;
        try {
            answered = JsonTreeCodec.LENIENT.read(answer.get().body());
        } catch (IOException e) {
            throw CognitoException.internal();
        }
        if (answer.get().status() != 200 || answered == null) {
            throw new CognitoException(answer.get().header("x-amzn-errortype").orElse("InternalErrorException"),
                    answered == null ? "Internal error." : answered.path("message").asText("Internal error."));
        }
        return Optional.of(answered);
    }
}
