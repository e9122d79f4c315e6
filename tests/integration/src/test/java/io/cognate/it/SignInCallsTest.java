package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.aws.AwsClients;
import io.cognate.bench.CognitoJsonEvents;
import io.cognate.config.CognateConfig;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.SdkCallRecorder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/**
 * The DynamoDB, KMS and EventBridge calls identity-api makes for one sign-in, call by call: a
 * USER_PASSWORD_AUTH sign-in of a user in no group and of a user in one group (no MFA), a
 * refresh, and a refused sign-in of a known and of an unknown username. The handler runs over
 * the primary region's emulators with an {@link SdkCallRecorder} on its SDK clients; each list
 * is the one docs/performance.md ("Sign-in overhead") explains call by call, so a call added to
 * or removed from the path fails here until the table is updated with it.
 *
 * <p>Each case is measured after one sign-in of the same kind, so what an execution
 * environment reads once and keeps (the app client, the pool's settings, the signing key) is
 * not counted: the lists are what every further sign-in costs.
 */
@ExtendWith(SignInCallsTest.Stack.class)
class SignInCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Counted-Calls-9";
    private static final AtomicLong REQUEST_IDS = new AtomicLong();
    private static final String DIRECTORY = "cognate-local-directory";
    private static final String SESSIONS = "cognate-local-sessions";
    private static final String LOCKOUT = "cognate-local-lockout";
    private static final String CONTROL = "cognate-local-control";

    private static LocalCognate stack;
    private static IdentityApiServices services;
    private static IdentityApiHandler handler;
    private static final SdkCallRecorder RECORDER = new SdkCallRecorder();

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void recordedHandlerOfThePrimary() {
        CognateConfig config = stack.primary().services().config();
        services = new IdentityApiServices(config, AwsClients.create(config, List.of(RECORDER)), Clock.systemUTC());
        handler = new IdentityApiHandler(services);
    }

    @AfterAll
    static void close() {
        services.close();
    }

    private static String confirmedUser() {
        String username = "calls-" + UUID.randomUUID().toString().substring(0, 8);
        try (var client = TwoRegionStoryTest.cognito(stack.primary())) {
            client.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
            String code = stack.outbox().latestCodeFor(username).orElseThrow();
            client.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
        }
        return username;
    }

    private static String userInAGroup() {
        String username = confirmedUser();
        String group = "calls-" + UUID.randomUUID().toString().substring(0, 8);
        try (var admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name())) {
            admin.createGroup(b -> b.userPoolId(stack.userPoolId()).groupName(group));
            admin.adminAddUserToGroup(b -> b.userPoolId(stack.userPoolId()).groupName(group).username(username));
        }
        return username;
    }

    /** The calls of {@code parameters}' InitiateAuth, after one of the same kind to warm the caches. */
    private static Answer counted(String flow, Map<String, String> warmUp, Map<String, String> parameters) {
        initiateAuth(flow, warmUp);
        RECORDER.drain();
        Answer answer = initiateAuth(flow, parameters);
        return new Answer(answer.status(), answer.body(), RECORDER.drain());
    }

    private record Answer(int status, JsonNode body, List<String> calls) {
    }

    private static Answer initiateAuth(String flow, Map<String, String> parameters) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("AuthFlow", flow, "ClientId", stack.clientId(),
                    "AuthParameters", parameters));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        APIGatewayV2HTTPEvent event = CognitoJsonEvents.of("InitiateAuth", body,
                "sign-in-calls-" + REQUEST_IDS.incrementAndGet());
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        try {
            return new Answer(response.getStatusCode(), JSON.readTree(response.getBody()), List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> password(String username, String password) {
        return Map.of("USERNAME", username, "PASSWORD", password);
    }

    @Test
    void aSignInOfAUserInNoGroup() {
        String username = confirmedUser();
        Answer signIn = counted("USER_PASSWORD_AUTH", password(username, PASSWORD), password(username, PASSWORD));

        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.body().path("AuthenticationResult").path("IdToken").asText()).isNotEmpty();
        assertThat(signIn.calls()).containsExactly(
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.Query " + SESSIONS,
                "DynamoDb.UpdateItem " + LOCKOUT,
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.Query " + DIRECTORY,
                "DynamoDb.DeleteItem " + LOCKOUT,
                "Kms.Sign",
                "Kms.Sign",
                "DynamoDb.PutItem " + SESSIONS,
                "DynamoDb.PutItem " + DIRECTORY,
                "DynamoDb.GetItem " + CONTROL);
    }

    @Test
    void aSignInOfAUserInAGroup() {
        String username = userInAGroup();
        Answer signIn = counted("USER_PASSWORD_AUTH", password(username, PASSWORD), password(username, PASSWORD));

        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.calls()).containsExactly(
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.Query " + SESSIONS,
                "DynamoDb.UpdateItem " + LOCKOUT,
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.Query " + DIRECTORY,
                "DynamoDb.DeleteItem " + LOCKOUT,
                "DynamoDb.BatchGetItem",
                "Kms.Sign",
                "Kms.Sign",
                "DynamoDb.PutItem " + SESSIONS,
                "DynamoDb.PutItem " + DIRECTORY,
                "DynamoDb.GetItem " + CONTROL);
    }

    @Test
    void aRefresh() {
        String username = confirmedUser();
        String refreshToken = initiateAuth("USER_PASSWORD_AUTH", password(username, PASSWORD)).body()
                .path("AuthenticationResult").path("RefreshToken").asText();
        Answer refresh = counted("REFRESH_TOKEN_AUTH", Map.of("REFRESH_TOKEN", refreshToken),
                Map.of("REFRESH_TOKEN", refreshToken));

        assertThat(refresh.status()).isEqualTo(200);
        assertThat(refresh.body().path("AuthenticationResult").path("AccessToken").asText()).isNotEmpty();
        assertThat(refresh.calls()).containsExactly(
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.GetItem " + SESSIONS,
                "DynamoDb.Query " + DIRECTORY,
                "DynamoDb.Query " + SESSIONS,
                "DynamoDb.Query " + SESSIONS,
                "DynamoDb.Query " + SESSIONS,
                "Kms.Sign",
                "Kms.Sign");
    }

    @Test
    void aRefusedSignInCostsTheSameCallsForAKnownAndAnUnknownUsername() {
        String username = confirmedUser();
        Answer known = counted("USER_PASSWORD_AUTH", password(username, "Wrong-Password-1"),
                password(username, "Wrong-Password-2"));
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        Answer unknown = counted("USER_PASSWORD_AUTH", password(nobody, "Wrong-Password-1"),
                password(nobody, "Wrong-Password-2"));

        assertThat(known.status()).isEqualTo(400);
        assertThat(known.body().path("__type").asText()).isEqualTo("NotAuthorizedException");
        assertThat(known.calls()).containsExactly(
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.Query " + SESSIONS,
                "DynamoDb.UpdateItem " + LOCKOUT,
                "DynamoDb.GetItem " + DIRECTORY,
                "DynamoDb.Query " + DIRECTORY,
                "DynamoDb.PutItem " + DIRECTORY,
                "EventBridge.PutEvents");
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(unknown.calls()).isEqualTo(known.calls());
    }
}
