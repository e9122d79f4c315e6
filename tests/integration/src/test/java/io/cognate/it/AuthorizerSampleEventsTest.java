package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.gateway.LocalLambdaContext;
import io.cognate.verifier.HttpApiAuthorizerHandler;
import io.cognate.verifier.RestApiAuthorizerHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The authorizer sample events in {@code events/token-verifier/}, through the Lambda runtime's
 * serializer into the real handlers of both regions: the sample token is refused; the same
 * event with a token Cognate issued is allowed, with the answer shaped as API Gateway reads it.
 */
@ExtendWith(AuthorizerSampleEventsTest.Stack.class)
class AuthorizerSampleEventsTest {
    private static final Path EVENTS = Path.of("..", "..", "events", "token-verifier");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLE_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNhbXBsZSIsInR5cCI6ImF0K2p3dCJ9"
            + ".eyJzdWIiOiJzYW1wbGUifQ.c2lnbmF0dXJl";
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    private static <I, O> JsonNode invoke(Class<I> eventType, Class<O> responseType,
                                          com.amazonaws.services.lambda.runtime.RequestHandler<I, O> handler, String json) throws IOException {
        I event = LambdaEventSerializers.serializerFor(eventType, handler.getClass().getClassLoader()).fromJson(json);
        O response = handler.handleRequest(event, new LocalLambdaContext("token-authorizer", "us-east-1"));
        var out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(responseType, handler.getClass().getClassLoader()).toJson(response, out);
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void httpApiSampleIsRefusedAndTheSameEventWithARealTokenIsAllowed() throws IOException {
        String sample = Files.readString(EVENTS.resolve("http-api-authorizer.json"));
        String token = Accounts.signIn(stack, stack.primary(), Accounts.confirmedUser(stack)).accessToken();
        for (LocalRegion region : stack.regions()) {
            var handler = new HttpApiAuthorizerHandler(region.verifierServices());
            JsonNode refused = invoke(APIGatewayV2CustomAuthorizerEvent.class, SimpleIAMPolicyResponse.class, handler, sample);
            assertThat(refused.path("isAuthorized").isBoolean()).isTrue();
            assertThat(refused.path("isAuthorized").booleanValue()).isFalse();
            JsonNode allowed = invoke(APIGatewayV2CustomAuthorizerEvent.class, SimpleIAMPolicyResponse.class, handler,
                    sample.replace(SAMPLE_TOKEN, token));
            assertThat(allowed.path("isAuthorized").booleanValue()).isTrue();
            assertThat(allowed.path("context").path("client_id").asText()).isEqualTo(stack.clientId());
        }
    }

    @Test
    void restSamplesGetDenyPoliciesAndRealTokensGetAllowPolicies() throws IOException {
        String token = Accounts.signIn(stack, stack.primary(), Accounts.confirmedUser(stack)).accessToken();
        for (String file : new String[] {"rest-token-authorizer.json", "rest-request-authorizer.json"}) {
            String sample = Files.readString(EVENTS.resolve(file));
            for (LocalRegion region : stack.regions()) {
                var handler = new RestApiAuthorizerHandler(region.verifierServices());
                JsonNode denied = invoke(APIGatewayCustomAuthorizerEvent.class, IamPolicyResponseV1.class, handler, sample);
                assertThat(denied.path("policyDocument").path("Version").asText()).isEqualTo("2012-10-17");
                JsonNode deny = denied.path("policyDocument").path("Statement").get(0);
                assertThat(deny.path("Effect").asText()).as(file).isEqualTo("Deny");
                assertThat(deny.path("Action").asText()).isEqualTo("execute-api:Invoke");
                assertThat(deny.path("Resource").get(0).asText()).isEqualTo(JSON.readTree(sample).path("methodArn").asText());
                assertThat(deny.has("Condition")).as("no null Condition in the policy").isFalse();

                JsonNode allowed = invoke(APIGatewayCustomAuthorizerEvent.class, IamPolicyResponseV1.class, handler,
                        sample.replace(SAMPLE_TOKEN, token));
                assertThat(allowed.path("policyDocument").path("Statement").get(0).path("Effect").asText()).as(file).isEqualTo("Allow");
                assertThat(allowed.path("principalId").asText()).isNotEqualTo("unauthorized");
                assertThat(allowed.path("context").path("token_use").asText()).isEqualTo("access");
            }
        }
    }

    /**
     * The same samples against authorizers whose route ({@code GET /demo/whoami}) demands a group:
     * a member's token is let in by both regions' authorizers, with its groups passed on; a
     * token of a user in no group, or only in another, is refused.
     */
    @Test
    void aRouteDemandingAGroupLetsInItsMembersOnly() throws IOException {
        String pool = stack.userPoolId();
        String required = "demo-readers-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String other = "demo-others-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String member = Accounts.confirmedUser(stack);
        String outsider = Accounts.confirmedUser(stack);
        try (var admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name())) {
            admin.createGroup(b -> b.userPoolId(pool).groupName(required));
            admin.createGroup(b -> b.userPoolId(pool).groupName(other));
            admin.adminAddUserToGroup(b -> b.userPoolId(pool).username(member).groupName(required));
            admin.adminAddUserToGroup(b -> b.userPoolId(pool).username(outsider).groupName(other));
        }
        Accounts.awaitReplicated(stack);
        var config = io.cognate.config.AuthorizerConfig.from(java.util.Map.of(
                io.cognate.config.AuthorizerConfig.REQUIRED_GROUPS, "GET /demo/whoami=" + required + "|admins"));
        for (LocalRegion region : stack.regions()) {
            String memberToken = Accounts.signIn(stack, region, member).accessToken();
            String outsiderToken = Accounts.signIn(stack, region, outsider).accessToken();
            var verifier = region.verifierServices().verifier();

            var http = new HttpApiAuthorizerHandler(verifier, config);
            String httpSample = Files.readString(EVENTS.resolve("http-api-authorizer.json"));
            JsonNode allowed = invoke(APIGatewayV2CustomAuthorizerEvent.class, SimpleIAMPolicyResponse.class, http,
                    httpSample.replace(SAMPLE_TOKEN, memberToken));
            assertThat(allowed.path("isAuthorized").booleanValue()).as(region.name()).isTrue();
            assertThat(allowed.path("context").path("cognito:groups").asText()).isEqualTo(required);
            JsonNode refused = invoke(APIGatewayV2CustomAuthorizerEvent.class, SimpleIAMPolicyResponse.class, http,
                    httpSample.replace(SAMPLE_TOKEN, outsiderToken));
            assertThat(refused.path("isAuthorized").booleanValue()).as(region.name()).isFalse();

            var rest = new RestApiAuthorizerHandler(verifier, config);
            for (String file : new String[] {"rest-token-authorizer.json", "rest-request-authorizer.json"}) {
                String sample = Files.readString(EVENTS.resolve(file));
                JsonNode allow = invoke(APIGatewayCustomAuthorizerEvent.class, IamPolicyResponseV1.class, rest,
                        sample.replace(SAMPLE_TOKEN, memberToken));
                assertThat(allow.path("policyDocument").path("Statement").get(0).path("Effect").asText())
                        .as(file).isEqualTo("Allow");
                assertThat(allow.path("context").path("cognito:groups").asText()).isEqualTo(required);
                JsonNode deny = invoke(APIGatewayCustomAuthorizerEvent.class, IamPolicyResponseV1.class, rest,
                        sample.replace(SAMPLE_TOKEN, outsiderToken));
                assertThat(deny.path("policyDocument").path("Statement").get(0).path("Effect").asText())
                        .as(file).isEqualTo("Deny");
            }
        }
    }
}
