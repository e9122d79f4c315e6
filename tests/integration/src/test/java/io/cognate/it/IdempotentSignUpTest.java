package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A retried SignUp (the same request sent again, as a client does after a timeout) gets the
 * first answer again: the same user sub, one user, one code sent. A different request for the
 * same username still gets {@code UsernameExistsException}. Also: each request's log lines are
 * Powertools JSON carrying its API Gateway request id, the region and the leader epoch.
 */
@ExtendWith(IdempotentSignUpTest.Stack.class)
class IdempotentSignUpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalCognate stack;
    private static LocalRegion primary;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
        }
    }

    private static Map<String, Object> signUpRequest(String username, String password, String email) {
        SecretLedger.remember(password);
        return Map.of("ClientId", stack.clientId(), "Username", username, "Password", password,
                "UserAttributes", List.of(Map.of("Name", "email", "Value", email)));
    }

    private static HttpResponse<String> signUp(Map<String, Object> request) throws Exception {
        HttpRequest http = HttpRequest.newBuilder(URI.create(primary.endpoint() + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.SignUp")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
                .build();
        return HTTP.send(http, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSameSignUpTwiceGetsTheSameAnswerAndMakesOneUser() throws Exception {
        String username = Accounts.newUsername();
        var request = signUpRequest(username, "Retry-Safe-Password-1", username + "@example.com");

        HttpResponse<String> first = signUp(request);
        HttpResponse<String> retry = signUp(request);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        JsonNode firstAnswer = JSON.readTree(first.body());
        assertThat(JSON.readTree(retry.body())).isEqualTo(firstAnswer);
        assertThat(firstAnswer.path("UserSub").asText()).isNotBlank();
        assertThat(primary.services().directory().findByUsername(Username.of(username)).orElseThrow().sub())
                .isEqualTo(firstAnswer.path("UserSub").asText());
        assertThat(stack.outbox().entries().stream().filter(e -> e.username().equals(username)))
                .as("one confirmation code, not one per attempt").hasSize(1);
    }

    @Test
    void anotherPasswordOrOtherAttributesForATakenUsernameAreStillRefused() throws Exception {
        String username = Accounts.newUsername();
        assertThat(signUp(signUpRequest(username, "First-Caller-Pass-1", username + "@example.com")).statusCode())
                .isEqualTo(200);

        HttpResponse<String> otherPassword = signUp(signUpRequest(username, "Second-Caller-Pass-2", username + "@example.com"));
        HttpResponse<String> otherEmail = signUp(signUpRequest(username, "First-Caller-Pass-1", "other-" + username + "@example.com"));

        for (HttpResponse<String> refused : List.of(otherPassword, otherEmail)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("__type").asText()).isEqualTo("UsernameExistsException");
        }
    }

    /**
     * Finding 4 of the security review: a repeated SignUp answered 200 for the right password and
     * UsernameExistsException for a wrong one, without limit. Its password check now counts
     * toward the lockout: after five wrong passwords even the right one gets no replay.
     */
    @Test
    void finding4RepeatedSignUpsAreNoUnlimitedPasswordOracle() throws Exception {
        String username = Accounts.newUsername();
        String email = username + "@example.com";
        assertThat(signUp(signUpRequest(username, "Victims-Password-1", email)).statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> guess = signUp(signUpRequest(username, "Guess-Number-" + i + "-x", email));
            assertThat(JSON.readTree(guess.body()).path("__type").asText()).isEqualTo("UsernameExistsException");
        }
        HttpResponse<String> right = signUp(signUpRequest(username, "Victims-Password-1", email));
        assertThat(right.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(right.body()).path("__type").asText()).isEqualTo("UsernameExistsException");
    }

    @Test
    void aRequestsLogLinesArePowertoolsJsonWithItsCorrelationIdRegionAndEpoch() throws Exception {
        String username = Accounts.newUsername();
        HttpResponse<String> response = signUp(signUpRequest(username, "Logged-Not-Leaked-1", username + "@example.com"));
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("apigw-requestid").orElseThrow();

        JsonNode line = RunLog.text().lines()
                .filter(l -> l.startsWith("{") && l.contains(requestId))
                .map(IdempotentSignUpTest::parse)
                .filter(json -> json.path("message").asText().contains("operation=SignUp"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON log line for request " + requestId));
        assertThat(line.path("correlation_id").asText()).isEqualTo(requestId);
        assertThat(line.path("region").asText()).isEqualTo(primary.name());
        assertThat(line.path("epoch").asLong()).isPositive();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("service").asText()).isNotBlank();
        assertThat(line.has("cold_start")).isTrue();
        assertThat(line.has("timestamp")).isTrue();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception notJson) {
            return JSON.createObjectNode();
        }
    }
}
