package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.identity.IdentityApiHandler;
import io.cognate.local.LocalCognate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The same generated bad input as {@link BadInputHandlerTest}, fewer of it, sent as real HTTP
 * requests to a region's API gateway and through the front door: bytes that are not UTF-8,
 * oversized headers and bodies travel the whole way, and still get Cognito-shaped 400s.
 */
@ExtendWith(BadInputGatewayTest.Stack.class)
class BadInputGatewayTest {
    private static final int EXAMPLES_PER_KIND = 1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static LocalCognate stack;
    private static BadRequests badRequests;
    private static java.util.Set<String> operations;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void operationsOfThePrimary() {
        operations = new IdentityApiHandler(stack.primary().services()).operations();
        badRequests = new BadRequests(CognitoApiModel.get(), stack.clientId(), operations);
    }

    @Test
    void badInputOverHttpIsA400AndWritesNothing() {
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        Map<String, String> before = StackContents.fingerprint(stack);
        for (URI endpoint : List.of(stack.primary().endpoint(), stack.frontDoorEndpoint())) {
            for (String operation : new TreeSet<>(operations)) {
                for (BadRequests.Kind kind : BadRequests.Kind.values()) {
                    if (badRequests.applies(operation, kind)) {
                        badRequests.of(operation, kind).sampleStream().limit(EXAMPLES_PER_KIND)
                                .forEach(request -> BadInputHandlerTest.assertRefused(unsignedOverHttp(request),
                                        send(endpoint, request)));
                    }
                }
            }
        }
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        assertThat(StackContents.fingerprint(stack)).as("nothing written").isEqualTo(before);
    }

    /**
     * Over HTTP the request goes unsigned (the client sets Host itself, so no signature here
     * could cover it): an operation that requires SigV4 refuses it, before reading the body, as
     * AWS does. BadInputHandlerTest signs the same requests and sees their bad input refused.
     */
    private static BadRequests.BadRequest unsignedOverHttp(BadRequests.BadRequest request) {
        if (!CognitoApiModel.get().requiresSignature(request.operation())) {
            return request;
        }
        var expected = new HashSet<>(request.expectedTypes());
        expected.add("UnrecognizedClientException");
        return new BadRequests.BadRequest(request.operation(), request.kind(), request.note(), request.headers(),
                request.rawBody(), Set.copyOf(expected));
    }

    private static BadInputHandlerTest.Answer send(URI endpoint, BadRequests.BadRequest request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.rawBody()));
        request.headers().forEach(http::header);
        try {
            HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            return new BadInputHandlerTest.Answer(response.statusCode(), response.body(), headers);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
