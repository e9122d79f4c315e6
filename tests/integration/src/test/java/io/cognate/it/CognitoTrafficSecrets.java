package io.cognate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records into the {@link SecretLedger} every secret that goes over the wire between a test's
 * Cognito client and Cognate: the values of request and response members whose shapes the
 * Cognito API model marks as secret (passwords, tokens, codes, sessions, TOTP secrets). The AWS
 * SDK loads it into every Cognito client on the test classpath, through
 * {@code software/amazon/awssdk/services/cognitoidentityprovider/execution.interceptors}.
 */
public final class CognitoTrafficSecrets implements ExecutionInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATION = "x-amz-target";

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Optional<String> operation = operation(context.httpRequest().firstMatchingHeader(OPERATION));
        if (operation.isEmpty() || context.requestBody().isEmpty()) {
            return;
        }
        try (InputStream body = context.requestBody().get().contentStreamProvider().newStream()) {
            collect(CognitoApiModel.get().inputShape(operation.get()), JSON.readTree(body));
        } catch (IOException | RuntimeException unreadable) {
            // Not JSON: nothing the model can name.
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        Optional<InputStream> content = context.responseBody();
        Optional<String> operation = operation(context.httpRequest().firstMatchingHeader(OPERATION));
        if (content.isEmpty() || operation.isEmpty()) {
            return content;
        }
        byte[] bytes;
        try (InputStream in = content.get()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            collect(CognitoApiModel.get().outputShape(operation.get()), JSON.readTree(bytes));
        } catch (IOException | RuntimeException unreadable) {
            // An error body or not JSON: nothing secret in it.
        }
        return Optional.of(new ByteArrayInputStream(bytes));
    }

    private static Optional<String> operation(Optional<String> target) {
        return target.filter(t -> t.startsWith(BadRequests.TARGET_PREFIX))
                .map(t -> t.substring(BadRequests.TARGET_PREFIX.length()));
    }

    private static void collect(Optional<String> shape, JsonNode value) {
        shape.ifPresent(s -> collect(s, value));
    }

    /** Walks a JSON value along its model shape, remembering the values of secret shapes. */
    static void collect(String shapeName, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        CognitoApiModel model = CognitoApiModel.get();
        boolean secret = model.isSecret(shapeName);
        switch (model.type(shapeName)) {
            case "string" -> {
                if (secret) {
                    SecretLedger.remember(value.asText());
                }
            }
            case "structure" -> model.members(shapeName).forEach((member, memberShape) -> collect(memberShape, value.get(member)));
            case "list" -> {
                String member = model.shape(shapeName).path("member").path("shape").asText();
                value.forEach(element -> collect(member, element));
            }
            case "map" -> {
                String valueShape = model.shape(shapeName).path("value").path("shape").asText();
                for (var entry : value.properties()) {
                    // In a secret map (AuthParameters, ChallengeResponses) every value but the username is one.
                    if (secret && entry.getValue().isTextual() && !entry.getKey().equals("USERNAME")) {
                        SecretLedger.remember(entry.getValue().textValue());
                    } else {
                        collect(valueShape, entry.getValue());
                    }
                }
            }
            default -> {
                // Numbers, booleans, timestamps and blobs carry no secret of ours.
            }
        }
    }
}
