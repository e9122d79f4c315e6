package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.gateway.GatewayResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every sample event in {@code events/} goes through the Lambda runtime's event serializer and
 * the real handler of its function, in both regions. None may end in a server error.
 */
@ExtendWith(SampleEventsTest.Stack.class)
class SampleEventsTest {
    private static final Path EVENTS = Path.of("..", "..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.walk(EVENTS)) {
            // Authorizer events go to the authorizer, not through a route: AuthorizerSampleEventsTest.
            return files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().endsWith("-authorizer.json"))
                    .sorted().toList();
        }
    }

    @Test
    void everySampleEventGetsAnAnswerThatIsNotAServerError() throws IOException {
        List<Path> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
        for (LocalRegion region : stack.regions()) {
            for (Path sample : samples) {
                GatewayResponse response = region.gateway().invoke(Files.readString(sample));
                assertThat(response.statusCode()).as(sample + " in " + region.name()).isBetween(200, 499);
            }
        }
    }

    @Test
    void samplesAnswerAsTheirFunctionsShould() throws IOException {
        LocalRegion region = stack.primary();
        assertThat(invoke(region, "token-verifier/jwks.json").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(invoke(region, "token-verifier/jwks.json").bodyAsString()).path("keys")).hasSize(1);
        assertThat(invoke(region, "health-check/health.json").statusCode()).isEqualTo(200);
        GatewayResponse unknown = invoke(region, "identity-api/unknown-operation.json");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.bodyAsString()).path("__type").asText()).isEqualTo("UnknownOperationException");
        // The sample's client id does not exist in a fresh pool: Cognito's answer for that.
        GatewayResponse signUp = invoke(region, "identity-api/sign-up.json");
        assertThat(JSON.readTree(signUp.bodyAsString()).path("__type").asText()).isEqualTo("ResourceNotFoundException");
        GatewayResponse token = invoke(region, "identity-api/oauth2-token-client-credentials.json");
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(token.bodyAsString()).path("error").asText()).isEqualTo("invalid_client");
    }

    private static GatewayResponse invoke(LocalRegion region, String sample) throws IOException {
        return region.gateway().invoke(Files.readString(EVENTS.resolve(sample)));
    }
}
