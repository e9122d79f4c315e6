package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/**
 * What a caller can learn about who exists: nothing from sign-in (unknown user, wrong password
 * and a wrong password for a disabled account answer with the same bytes) and nothing from ResendConfirmationCode
 * (an unknown user gets a stable decoy destination, a confirmed one an answer like any other).
 * Compared on the raw HTTP bodies, as an attacker would see them.
 */
@ExtendWith(NoUserEnumerationTest.Stack.class)
class NoUserEnumerationTest {
    private static final String PASSWORD = "Enumerate-Me-Not-7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCognate stack;
    private static LocalRegion primary;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
            primary = stack.regions().get(0);
        }
    }

    private static String newUsername(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void signUp(String username, boolean confirm) {
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            east.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value("mail-" + username + "@example.com").build()));
            if (confirm) {
                String code = stack.outbox().latestCodeFor(username).orElseThrow();
                east.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
            }
        }
    }

    private static void disable(String username) {
        var services = primary.services();
        User user = services.directory().findByUsername(Username.of(username)).orElseThrow();
        services.directory().update(user.withEnabled(false, user.updatedAt()), services.leaders().current().orElseThrow());
    }

    private static HttpResponse<byte[]> call(String operation, Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(primary.endpoint() + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> signIn(String username, String password) throws Exception {
        SecretLedger.remember(password);
        return call("InitiateAuth", Map.of("ClientId", stack.clientId(), "AuthFlow", "USER_PASSWORD_AUTH",
                "AuthParameters", Map.of("USERNAME", username, "PASSWORD", password)));
    }

    @Test
    void unknownUserWrongPasswordAndAGuessAtADisabledAccountGetByteIdenticalAnswers() throws Exception {
        String known = newUsername("known");
        String disabledUser = newUsername("disabled");
        signUp(known, true);
        signUp(disabledUser, true);
        disable(disabledUser);

        var wrongPassword = signIn(known, "Not-The-Password-1");
        var unknownUser = signIn(newUsername("nobody"), PASSWORD);
        // Only the right password hears that the account is disabled, as in Cognito: a guess
        // learns nothing from it.
        var disabledAccount = signIn(disabledUser, "Not-The-Password-1");
        assertThat(new String(signIn(disabledUser, PASSWORD).body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"__type\":\"NotAuthorizedException\",\"message\":\"User is disabled.\"}");

        assertThat(new String(wrongPassword.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"__type\":\"NotAuthorizedException\",\"message\":\"Incorrect username or password.\"}");
        for (var answer : java.util.List.of(unknownUser, disabledAccount)) {
            assertThat(answer.statusCode()).isEqualTo(wrongPassword.statusCode()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo(wrongPassword.body());
            assertThat(answer.headers().firstValue("x-amzn-errortype"))
                    .isEqualTo(wrongPassword.headers().firstValue("x-amzn-errortype"));
        }
    }

    private static JsonNode resend(String username) throws Exception {
        var response = call("ResendConfirmationCode", Map.of("ClientId", stack.clientId(), "Username", username));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * Finding 8 of the security review: a decoy masked the username as typed, a real user's mask
     * the stored address, so typing a known e-mail username in another case told the two apart.
     */
    @Test
    void finding8AMasksCaseFollowsNeitherTheStoredAddressNorTheTyping() throws Exception {
        String stored = "Mixed.Case-" + UUID.randomUUID().toString().substring(0, 6) + "@Example.org";
        try (var east = TwoRegionStoryTest.cognito(primary)) {
            east.signUp(b -> b.clientId(stack.clientId()).username(stored).password(PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(stored).build()));
        }
        String typedUpper = stored.toUpperCase(java.util.Locale.ROOT);
        String unknownUpper = ("NOBODY-" + UUID.randomUUID().toString().substring(0, 6) + "@EXAMPLE.ORG");
        assertThat(resend(typedUpper).path("CodeDeliveryDetails").path("Destination").asText()).isEqualTo("m***@e***");
        assertThat(resend(unknownUpper).path("CodeDeliveryDetails").path("Destination").asText()).isEqualTo("n***@e***");
        assertThat(resend(stored.toLowerCase(java.util.Locale.ROOT)).path("CodeDeliveryDetails").path("Destination")
                .asText()).isEqualTo("m***@e***");
    }

    @Test
    void resendConfirmationCodeAnswersAlikeForUnknownConfirmedAndUnconfirmedUsers() throws Exception {
        String unconfirmed = newUsername("pending");
        String confirmed = newUsername("done");
        signUp(unconfirmed, false);
        signUp(confirmed, true);
        int outboxBefore = stack.outbox().entries().size();

        JsonNode toUnconfirmed = resend(unconfirmed);
        assertThat(stack.outbox().entries()).hasSize(outboxBefore + 1);
        JsonNode toConfirmed = resend(confirmed);
        String nobody = newUsername("ghost");
        JsonNode toNobody = resend(nobody);
        assertThat(stack.outbox().entries()).hasSize(outboxBefore + 1);

        for (JsonNode answer : java.util.List.of(toUnconfirmed, toConfirmed, toNobody)) {
            JsonNode details = answer.path("CodeDeliveryDetails");
            assertThat(answer.size()).isEqualTo(1);
            assertThat(details.path("DeliveryMedium").asText()).isEqualTo("EMAIL");
            assertThat(details.path("AttributeName").asText()).isEqualTo("email");
            assertThat(details.path("Destination").asText()).matches("[a-z0-9]\\*\\*\\*@[a-z0-9]\\*\\*\\*");
        }
        assertThat(toUnconfirmed.path("CodeDeliveryDetails").path("Destination").asText()).isEqualTo("m***@e***");
        assertThat(toConfirmed.path("CodeDeliveryDetails").path("Destination").asText()).isEqualTo("m***@e***");
        // A decoy stays the same on every ask, as a real destination does.
        assertThat(resend(nobody)).isEqualTo(toNobody);
        // A username that is an e-mail address is masked as one.
        assertThat(resend("ghost-" + UUID.randomUUID().toString().substring(0, 4) + "@example.org")
                .path("CodeDeliveryDetails").path("Destination").asText()).isEqualTo("g***@e***");
    }

    /**
     * UpdateAuthEventFeedback names a user and needs no access token: an unknown user, a
     * confirmed one and a disabled one get the same bytes, whatever the feedback.
     */
    @Test
    void authEventFeedbackAnswersAlikeWhoeverItNames() throws Exception {
        String confirmed = newUsername("feedback");
        String disabledUser = newUsername("feedback-off");
        signUp(confirmed, true);
        signUp(disabledUser, true);
        disable(disabledUser);

        java.util.List<HttpResponse<byte[]>> answers = new java.util.ArrayList<>();
        for (String username : java.util.List.of(confirmed, disabledUser, newUsername("nobody"))) {
            for (String value : java.util.List.of("Valid", "Invalid")) {
                answers.add(call("UpdateAuthEventFeedback", Map.of("UserPoolId", stack.userPoolId(),
                        "Username", username, "EventId", "event-" + UUID.randomUUID().toString().substring(0, 8),
                        "FeedbackToken", "ZmVlZGJhY2stdG9rZW4", "FeedbackValue", value)));
            }
        }

        HttpResponse<byte[]> first = answers.getFirst();
        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(first.headers().firstValue("x-amzn-errortype")).contains("NotAuthorizedException");
        for (var answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(first.statusCode());
            assertThat(answer.body()).isEqualTo(first.body());
            assertThat(answer.headers().firstValue("x-amzn-errortype"))
                    .isEqualTo(first.headers().firstValue("x-amzn-errortype"));
        }
    }
}
