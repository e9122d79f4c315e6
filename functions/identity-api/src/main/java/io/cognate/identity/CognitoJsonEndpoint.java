package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cognate.domain.CognitoException;
import io.cognate.domain.admin.AdminRequestAuthentication;
import io.cognate.domain.admin.SignedRequest;
import io.cognate.adapters.aws.WriteReceipts;
import io.cognate.domain.forwarding.ForwardingSignature;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.domain.forwarding.WriteOperations;
import io.cognate.http.HttpApiEvents;
import io.cognate.http.JsonTreeCodec;
import io.cognate.ports.LeaderForwarder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cognito's JSON 1.1 protocol on {@code POST /}: the operation comes from
 * {@code X-Amz-Target}, errors go back as HTTP 400 with {@code __type} and {@code message}.
 */
final class CognitoJsonEndpoint {
    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Logger LOG = LoggerFactory.getLogger(CognitoJsonEndpoint.class);
    private static final java.util.regex.Pattern OPERATION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final CognitoModel MODEL = CognitoModel.shared();
    /** A member named twice, anything after the object, nesting past 32: refused whole. */
    private static final JsonTreeCodec JSON = JsonTreeCodec.strict(32, MAX_BODY_BYTES);

    private final CognitoOperations operations;
    private final Supplier<AdminRequestAuthentication> adminRequests;
    private final Supplier<WriteForwarding> forwarding;

    CognitoJsonEndpoint(CognitoOperations operations, Supplier<AdminRequestAuthentication> adminRequests,
                        Supplier<WriteForwarding> forwarding) {
        this.operations = operations;
        this.adminRequests = adminRequests;
        this.forwarding = forwarding;
    }

    /** Cognito's operations served here: not Cognate's own, served only as a request another region forwarded. */
    java.util.Set<String> operations() {
        return operations.names().stream().filter(name -> !WriteOperations.servedOnlyWhenForwarded(name))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String requestId = HttpApiEvents.requestId(event);
        String operation = HttpApiEvents.header(event, "x-amz-target")
                .filter(t -> t.startsWith(TARGET_PREFIX))
                .map(t -> t.substring(TARGET_PREFIX.length()))
                .orElse("");
        if (!operations.serves(operation)) {
            // What is not a served operation is neither logged nor echoed beyond a plain name.
            operation = OPERATION_NAME.matcher(operation).matches() ? operation : "-";
        }
        try {
            RequestChecks.headers(event);
            // A write another region forwarded: served only with a valid forwarding signature,
            // checked before anything else, as an admin signature is.
            Optional<WriteForwarding.ForwardedCall> forwarded = Optional.empty();
            if (WriteForwarding.claimsForwarding(name -> HttpApiEvents.header(event, name))) {
                forwarded = Optional.of(forwarding.get().verify(name -> HttpApiEvents.header(event, name), operation,
                        HttpApiEvents.bodyBytes(event)));
                LOG.info("operation={} forwardedFrom={} requestId={}", operation, forwarded.get().from(), requestId);
            }
            if (forwarded.isEmpty() && WriteOperations.servedOnlyWhenForwarded(operation)) {
                // Cognate's region-to-region operation: nobody but another region may ask it.
                throw new CognitoException("UnknownOperationException", "Operation is not supported: " + operation);
            }
            Optional<String> adminKey = Optional.empty();
            if (MODEL.knows(operation) && MODEL.requiresSignature(operation)) {
                // Before anything else, as AWS does: an unsigned caller learns nothing, not even
                // which Admin operations are served. A forwarded one was checked by the region it
                // came to (its signature names that region's host); here the key must still be
                // active and allowed the operation.
                var caller = forwarded.isPresent()
                        ? adminRequests.get().authorizeForwarded(forwarded.get().adminKeyId().orElseThrow(() ->
                                new CognitoException("UnrecognizedClientException",
                                        "The security token included in the request is invalid.")), operation)
                        : adminRequests.get().authenticate(signedRequest(event), operation);
                adminKey = Optional.of(caller.keyId());
                LOG.info("operation={} adminKey={} requestId={}", operation, caller.keyId(), requestId);
            }
            if (!operations.serves(operation)) {
                throw new CognitoException("UnknownOperationException", "-".equals(operation)
                        ? "Operation is not supported." : "Operation is not supported: " + operation);
            }
            String contentType = HttpApiEvents.header(event, "content-type").orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.startsWith(CONTENT_TYPE) && !contentType.startsWith("application/json")) {
                throw CognitoException.invalidParameter("Content-Type must be " + CONTENT_TYPE + ".");
            }
            JsonNode body = parse(HttpApiEvents.bodyBytes(event));
            RequestChecks.text(body);
            MODEL.validate(operation, body);
            Optional<String> challenge = Optional.ofNullable(body.get("ChallengeName")).filter(JsonNode::isTextual)
                    .map(JsonNode::asText);
            if (forwarded.isEmpty()) {
                // Forwarded before the operation does anything here: nothing is half applied in
                // this region, and every count is kept at the leader only.
                var answer = forwarding.get().forwardIfNeeded(new WriteForwarding.Request(operation, challenge,
                        contentType, HttpApiEvents.bodyBytes(event), CallerAddresses.current(), adminKey));
                if (answer.isPresent()) {
                    LOG.info("operation={} outcome=forwarded status={} requestId={}", operation,
                            answer.get().status(), requestId);
                    return passOn(answer.get(), requestId);
                }
            } else if (!WriteOperations.forwarded(operation, challenge)) {
                throw new CognitoException("UnrecognizedClientException",
                        "The security token included in the request is invalid.");
            }
            if (forwarded.isPresent()) {
                // Answered as if the caller had come here, with the caller's address the sender
                // signed; the items written go back so the sender can wait for them to replicate.
                var call = forwarded.get();
                String served = operation;
                var recorded = CallerAddresses.serving(call.callerAddress(),
                        () -> WriteReceipts.recording(() -> operations.invoke(served, new JsonRequest(body))));
                LOG.info("operation={} outcome=ok forwardedFrom={} requestId={}", operation, call.from(), requestId);
                var answer = reply(200, JSON.write(recorded.answer()), requestId, null);
                if (!recorded.items().isEmpty()) {
                    var headers = new java.util.HashMap<>(answer.getHeaders());
                    headers.put(ForwardingSignature.WRITTEN, WriteForwarding.receiptsHeader(recorded.items()));
                    answer.setHeaders(headers);
                }
                return answer;
            }
            JsonNode response = operations.invoke(operation, new JsonRequest(body));
            LOG.info("operation={} outcome=ok requestId={}", operation, requestId);
            return reply(200, JSON.write(response), requestId, null);
        } catch (CognitoException e) {
            LOG.info("operation={} outcome={} requestId={}", operation, e.type(), requestId);
            return error(e, requestId);
        } catch (Exception | StackOverflowError e) {
            // Only the class goes to the log: messages of SDK or parser errors can quote input.
            LOG.error("operation={} outcome=InternalErrorException requestId={} cause={}",
                    operation, requestId, e.getClass().getName());
            var internal = CognitoException.internal();
            return reply(500, errorBody(internal), requestId, internal.type());
        }
    }

    /** The leader's answer as it came: status, body, content type, error type and its request id. */
    private static APIGatewayV2HTTPResponse passOn(LeaderForwarder.Answer answer, String requestId) {
        var headers = new java.util.HashMap<String, String>();
        headers.put("content-type", answer.header("content-type").orElse(CONTENT_TYPE));
        headers.put("x-amzn-requestid", answer.header("x-amzn-requestid").orElse(requestId));
        answer.header("x-amzn-errortype").ifPresent(type -> headers.put("x-amzn-errortype", type));
        return HttpApiEvents.json(answer.status(), new String(answer.body(), StandardCharsets.UTF_8), Map.copyOf(headers));
    }

    private static SignedRequest signedRequest(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        return new SignedRequest(HttpApiEvents.method(event), HttpApiEvents.path(event), event.getRawQueryString(),
                headers, HttpApiEvents.bodyBytes(event));
    }

    private static JsonNode parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw CognitoException.invalidParameter("Request body is too large.");
        }
        if (body.length == 0) {
            throw CognitoException.invalidParameter("Request body is empty.");
        }
        try {
            // Reject bytes that are not UTF-8 instead of letting them turn into U+FFFD.
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            JsonNode node = JSON.read(body);
            if (node == null || !node.isObject()) {
                throw CognitoException.invalidParameter("Request body must be a JSON object.");
            }
            return node;
        } catch (CharacterCodingException e) {
            throw CognitoException.invalidParameter("Request body is not valid UTF-8.");
        } catch (IOException e) {
            throw new CognitoException("SerializationException", "Request body is not valid JSON.");
        }
    }

    private static APIGatewayV2HTTPResponse error(CognitoException e, String requestId) {
        int status = "InternalErrorException".equals(e.type()) ? 500 : 400;
        return reply(status, errorBody(e), requestId, e.type());
    }

    private static String errorBody(CognitoException e) {
        var node = JsonNodeFactory.instance.objectNode();
        node.put("__type", e.type());
        node.put("message", e.getMessage());
        return JSON.write(node);
    }

    private static APIGatewayV2HTTPResponse reply(int status, String body, String requestId, String errorType) {
        var headers = new java.util.HashMap<String, String>();
        headers.put("content-type", CONTENT_TYPE);
        headers.put("x-amzn-requestid", requestId);
        if (errorType != null) {
            headers.put("x-amzn-errortype", errorType);
        }
        return HttpApiEvents.json(status, body, Map.copyOf(headers));
    }
}
