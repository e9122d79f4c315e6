package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.admin.SignatureV4;
import io.cognate.domain.admin.SignedRequest;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.local.LocalCognate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every operation identity-api serves, found by asking the handler, gets generated bad input
 * of every kind ({@link BadRequests.Kind}) straight through its Lambda handler: each answer is a
 * Cognito-shaped HTTP 400 naming an expected error type, never a 500, and nothing anywhere in
 * the stack is written. Operations added later are covered without touching this test.
 */
@ExtendWith(BadInputHandlerTest.Stack.class)
class BadInputHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Fresh random examples each run, so runs add up; 6 per kind (was 25) keeps every kind on
     * every operation while the class's ~31,000 handler calls, 86 s on two cores, become ~7,000.
     */
    private static final int EXAMPLES_PER_KIND = 6;
    private static final AtomicLong REQUEST_IDS = new AtomicLong();
    private static LocalCognate stack;
    private static IdentityApiHandler handler;
    private static BadRequests badRequests;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void handlerOfThePrimary() {
        handler = new IdentityApiHandler(stack.primary().services());
        badRequests = new BadRequests(CognitoApiModel.get(), stack.clientId(), handler.operations());
    }

    @Test
    void everyServedOperationIsInTheCopiedCognitoModel() {
        assertThat(handler.operations()).isNotEmpty().contains("SignUp", "InitiateAuth");
        for (String operation : handler.operations()) {
            assertThat(CognitoApiModel.get().inputShape(operation))
                    .as("%s is served but not in cognito-idp-model.json; copy it from the Cognito API model", operation)
                    .isPresent();
        }
    }

    @TestFactory
    List<DynamicTest> everyKindOfBadInputOnEveryOperationIsA400AndWritesNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String operation : new TreeSet<>(handler.operations())) {
            tests.add(DynamicTest.dynamicTest(operation, () -> {
                // Settle earlier tests' replication first, so that only this test could change the stack.
                assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
                Map<String, String> before = StackContents.fingerprint(stack);
                for (BadRequests.Kind kind : BadRequests.Kind.values()) {
                    if (!badRequests.applies(operation, kind)) {
                        continue;
                    }
                    // Each failure names its request (kind, note, body), which is what shrinking would give.
                    badRequests.of(operation, kind).sampleStream().limit(EXAMPLES_PER_KIND)
                            .forEach(request -> assertRefused(request, invoke(request, true)));
                    // API Gateway passes textual bodies as strings: bytes that are not UTF-8 arrive as U+FFFD.
                    badRequests.of(operation, kind).sampleStream().limit(2)
                            .forEach(request -> assertRefused(request, invoke(request, false)));
                }
                assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
                assertThat(StackContents.fingerprint(stack)).as("nothing written by bad %s requests", operation)
                        .isEqualTo(before);
            }));
        }
        return tests;
    }

    static void assertRefused(BadRequests.BadRequest request, Answer answer) {
        assertThat(answer.status()).as("status of %s", request).isEqualTo(400);
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answer.body() + " for " + request, e);
        }
        assertThat(body.size()).as("members of %s for %s", body, request).isEqualTo(2);
        assertThat(body.path("__type").asText()).as("error type for %s", request).isIn(request.expectedTypes());
        assertThat(body.path("message").asText()).as("message for %s", request).isNotBlank();
        assertThat(answer.headers()).containsEntry("x-amzn-errortype", body.path("__type").asText());
        assertThat(answer.headers()).containsEntry("content-type", BadRequests.CONTENT_TYPE);
    }

    record Answer(int status, String body, Map<String, String> headers) {
    }

    /**
     * The request's headers, SigV4-signed with the stack's admin key when the operation requires
     * a signature, so that its bad input is what gets refused (an unsigned request is refused
     * before its body is read). {@code body} is the bytes the function will see.
     */
    private static Map<String, String> signedIfRequired(BadRequests.BadRequest request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        if (!CognitoApiModel.get().requiresSignature(request.operation())
                || !headers.containsKey("x-amz-target")) {
            return headers;
        }
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'"));
        String date = amzDate.substring(0, 8);
        String region = stack.primary().name();
        headers.put("host", "cognito-idp." + region + ".amazonaws.com");
        headers.put("x-amz-date", amzDate);
        List<String> signed = List.of("host", "x-amz-date", "x-amz-target");
        String canonical = SignatureV4.canonicalRequest(new SignedRequest("POST", "/", null, headers, body), signed,
                SignatureV4.sha256Hex(body));
        String scope = date + "/" + region + "/cognito-idp/" + SignatureV4.TERMINATOR;
        byte[] signature = SignatureV4.signature(SignatureV4.signingKey(stack.adminSecretAccessKey(), date, region,
                "cognito-idp"), SignatureV4.stringToSign(amzDate, scope, canonical));
        headers.put("authorization", SignatureV4.ALGORITHM + " Credential=" + stack.adminAccessKeyId() + "/" + scope
                + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + HexFormat.of().formatHex(signature));
        return headers;
    }

    private static Answer invoke(BadRequests.BadRequest request, boolean base64) {
        String body = base64 ? Base64.getEncoder().encodeToString(request.rawBody())
                : new String(request.rawBody(), StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /")
                .withRawPath("/")
                .withHeaders(signedIfRequired(request, base64 ? request.rawBody()
                        : new String(request.rawBody(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("bad-input-" + REQUEST_IDS.incrementAndGet())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/").withProtocol("HTTP/1.1").build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        return new Answer(response.getStatusCode(), response.getBody(), response.getHeaders());
    }

    static Set<String> served() {
        return handler.operations();
    }
}
