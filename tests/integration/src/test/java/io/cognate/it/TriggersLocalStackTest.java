package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import io.cognate.local.events.Outbox;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidLambdaResponseException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Triggers on the local stack, set through UpdateUserPool with the AWS SDK and served by an HTTP
 * trigger written here, the way an app team tests its own: PreSignUp receives Cognito's event and
 * auto-confirms; a refusing or malformed PreSignUp gives Cognito's error and writes nothing; a
 * CustomMessage trigger's e-mail reaches the outbox with the code in place of {@code {####}};
 * PreTokenGeneration (V2_0 and the legacy V1) changes the tokens, read back with jose4j, at sign-in
 * and refresh, and its failure gives no tokens; PreAuthentication runs on AdminInitiateAuth only
 * after the right password; ValidationData and ClientMetadata reach the triggers Cognito sends them
 * to. The class runs its own stack: triggers are pool-wide and would change what other test
 * classes see.
 */
class TriggersLocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Correct-Horse-9";

    private static LocalCognate stack;
    private static LocalRegion primary;
    private static CognitoIdentityProviderClient admin;
    private static CognitoIdentityProviderClient adminAtSecondary;
    private static CognitoIdentityProviderClient users;
    private static HttpServer triggerServer;
    /** Every event the HTTP trigger received, oldest first. */
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** What the trigger does with an event: a response body, or null to fail as a throwing Lambda does. */
    private static volatile UnaryOperator<ObjectNode> behaviour = event -> event;
    private static volatile String failure;
    private static volatile String rawAnswer;

    @BeforeAll
    static void ownStack() throws IOException {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        primary = stack.regions().get(0);
        admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        LocalRegion secondary = stack.regions().get(1);
        adminAtSecondary = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name());
        users = PoolUsers.client(primary.endpoint(), primary.name());
        triggerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        triggerServer.createContext("/trigger", exchange -> {
            try (exchange) {
                ObjectNode event = (ObjectNode) JSON.readTree(exchange.getRequestBody());
                received.add(event.deepCopy());
                int status = 200;
                String body;
                if (failure != null) {
                    // A Lambda function that throws: Lambda's error payload.
                    status = 500;
                    body = JSON.createObjectNode().put("errorType", "Error").put("errorMessage", failure).toString();
                } else if (rawAnswer != null) {
                    body = rawAnswer;
                } else {
                    // Like a Lambda handler: the event comes back with its response filled in.
                    body = behaviour.apply(event).toString();
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        triggerServer.start();
    }

    @AfterAll
    static void stop() {
        if (triggerServer != null) {
            triggerServer.stop(0);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {admin, adminAtSecondary, users, stack}) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    @BeforeEach
    void freshTrigger() {
        received.clear();
        behaviour = event -> event;
        failure = null;
        rawAnswer = null;
    }

    private static String triggerUrl() {
        return "http://127.0.0.1:" + triggerServer.getAddress().getPort() + "/trigger";
    }

    /** UpdateUserPool resets every setting it leaves out, so the ones this stack relies on are sent too. */
    private static void setTriggers(LambdaConfigType lambdaConfig) {
        admin.updateUserPool(b -> b.userPoolId(stack.userPoolId())
                .autoVerifiedAttributes(List.of(VerifiedAttributeType.EMAIL))
                .accountRecoverySetting(r -> r.recoveryMechanisms(m -> m.name("verified_email").priority(1)))
                .lambdaConfig(lambdaConfig));
    }

    private static SignUpResponse signUp(String username) {
        return users.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(username + "@example.com")));
    }

    private static boolean exists(String username) {
        try {
            admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username));
            return true;
        } catch (UserNotFoundException absent) {
            return false;
        }
    }

    @Test
    void preSignUpReceivesCognitosEventAndAutoConfirmsTheUser() {
        setTriggers(LambdaConfigType.builder().preSignUp(triggerUrl()).build());
        behaviour = event -> {
            ((ObjectNode) event.get("response")).put("autoConfirmUser", true).put("autoVerifyEmail", true);
            return event;
        };
        String username = PoolUsers.newUsername();

        SignUpResponse answer = signUp(username);

        assertThat(received).hasSize(1);
        JsonNode event = received.getFirst();
        assertThat(event.get("version").asText()).isEqualTo("1");
        assertThat(event.get("region").asText()).isEqualTo(primary.name());
        assertThat(event.get("userPoolId").asText()).isEqualTo(stack.userPoolId());
        assertThat(event.get("userName").asText()).isEqualTo(username);
        assertThat(event.get("triggerSource").asText()).isEqualTo("PreSignUp_SignUp");
        assertThat(event.get("callerContext").get("clientId").asText()).isEqualTo(stack.clientId());
        assertThat(event.get("callerContext").get("awsSdkVersion").isTextual()).isTrue();
        assertThat(event.get("request").get("userAttributes")).isEqualTo(
                JSON.createObjectNode().put("email", username + "@example.com"));
        assertThat(event.get("request").has("validationData")).isTrue();
        assertThat(event.get("response")).isEqualTo(JSON.createObjectNode().put("autoConfirmUser", false)
                .put("autoVerifyPhone", false).put("autoVerifyEmail", false));
        assertThat(event.toString()).doesNotContain(PASSWORD);

        assertThat(answer.userConfirmed()).isTrue();
        assertThat(answer.codeDeliveryDetails()).isNull();
        var user = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username));
        assertThat(user.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(user.userAttributes()).anyMatch(a -> a.name().equals("email_verified") && a.value().equals("true"));
        assertThat(users.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(java.util.Map.of("USERNAME", username, "PASSWORD", PASSWORD)))
                .authenticationResult().accessToken()).isNotEmpty();

        assertThat(admin.describeUserPool(b -> b.userPoolId(stack.userPoolId())).userPool().lambdaConfig().preSignUp())
                .isEqualTo(triggerUrl());
        Accounts.awaitReplicated(stack);
        assertThat(adminAtSecondary.describeUserPool(b -> b.userPoolId(stack.userPoolId())).userPool().lambdaConfig()
                .preSignUp()).isEqualTo(triggerUrl());
    }

    @Test
    void aRefusingPreSignUpIsUserLambdaValidationExceptionAndWritesNothing() {
        setTriggers(LambdaConfigType.builder().preSignUp(triggerUrl()).build());
        failure = "Sign-ups from this domain are closed";
        String username = PoolUsers.newUsername();

        assertThatThrownBy(() -> signUp(username)).isInstanceOfSatisfying(UserLambdaValidationException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreSignUp failed with error Sign-ups from this domain are closed."));

        assertThat(exists(username)).isFalse();
        assertThat(stack.outbox().entries()).noneMatch(entry -> entry.username().equals(username));
    }

    @Test
    void aMalformedAnswerIsInvalidLambdaResponseExceptionAndWritesNothing() {
        setTriggers(LambdaConfigType.builder().preSignUp(triggerUrl()).build());
        rawAnswer = "this is not JSON";
        String username = PoolUsers.newUsername();

        assertThatThrownBy(() -> signUp(username)).isInstanceOfSatisfying(InvalidLambdaResponseException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Invalid lambda function output : Invalid JSON"));

        assertThat(exists(username)).isFalse();
    }

    @Test
    void customMessageChangesTheEmailInTheOutbox() {
        setTriggers(LambdaConfigType.builder().customMessage(triggerUrl()).build());
        behaviour = event -> {
            String code = event.get("request").get("codeParameter").asText();
            ((ObjectNode) event.get("response")).put("emailSubject", "Welcome to the app")
                    .put("emailMessage", "Hello! Your code is " + code + ".");
            return event;
        };
        String username = PoolUsers.newUsername();

        SignUpResponse answer = signUp(username);

        assertThat(answer.userConfirmed()).isFalse();
        JsonNode event = received.getFirst();
        assertThat(event.get("triggerSource").asText()).isEqualTo("CustomMessage_SignUp");
        assertThat(event.get("request").get("codeParameter").asText()).isEqualTo("{####}");
        Outbox.Entry sent = stack.outbox().entries().stream().filter(entry -> entry.username().equals(username))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(sent.emailSubject()).isEqualTo("Welcome to the app");
        assertThat(sent.emailMessage()).isEqualTo("Hello! Your code is " + sent.code() + ".");
        assertThat(event.toString()).doesNotContain(sent.code());
    }

    @Test
    void aTriggerMustBeAFunctionArnOrOnThisStackAnHttpUrl() {
        assertThatThrownBy(() -> setTriggers(LambdaConfigType.builder().preSignUp("ftp://example.com/trigger").build()))
                .isInstanceOf(InvalidParameterException.class);
        setTriggers(LambdaConfigType.builder()
                .preSignUp("arn:aws:lambda:" + primary.name() + ":123456789012:function:pre-sign-up")
                .userMigration("arn:aws:lambda:" + primary.name() + ":123456789012:function:user-migration").build());
        LambdaConfigType shown = admin.describeUserPool(b -> b.userPoolId(stack.userPoolId())).userPool().lambdaConfig();
        assertThat(shown.userMigration()).endsWith(":function:user-migration");
        setTriggers(LambdaConfigType.builder().build());
    }

    /** Signs up and confirms a user with no trigger set, in the group {@code group} when not null. */
    private static String confirmedUser(String group) {
        setTriggers(LambdaConfigType.builder().build());
        String username = PoolUsers.newUsername();
        signUp(username);
        admin.adminConfirmSignUp(b -> b.userPoolId(stack.userPoolId()).username(username));
        if (group != null) {
            try {
                admin.createGroup(b -> b.userPoolId(stack.userPoolId()).groupName(group).precedence(3));
            } catch (GroupExistsException existing) {
                // made by an earlier test of this class
            }
            admin.adminAddUserToGroup(b -> b.userPoolId(stack.userPoolId()).username(username).groupName(group));
        }
        return username;
    }

    private static AuthenticationResultType passwordSignIn(String username) {
        return users.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))).authenticationResult();
    }

    /** The token's claims once jose4j, a JWT library that shares no code with the issuer, has checked its signature. */
    private static JwtClaims verified(String token) throws Exception {
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(primary.endpoint()
                        .resolve("/.well-known/jwks.json")).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new JwtConsumerBuilder().setExpectedIssuer(stack.issuer()).setRequireExpirationTime()
                .setRequireSubject().setSkipDefaultAudienceValidation()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .build().processToClaims(token);
    }

    @Test
    void preTokenGenerationV2ReceivesCognitosEventAndChangesBothTokens() throws Exception {
        String username = confirmedUser("readers");
        String sub = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userAttributes()
                .stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        setTriggers(LambdaConfigType.builder().preTokenGenerationConfig(c -> c.lambdaVersion(
                PreTokenGenerationLambdaVersionType.V2_0).lambdaArn(triggerUrl())).build());
        behaviour = event -> {
            ObjectNode details = ((ObjectNode) event.get("response")).putObject("claimsAndScopeOverrideDetails");
            ObjectNode id = details.putObject("idTokenGeneration");
            id.putObject("claimsToAddOrOverride").put("beta", true).put("sub", "someone-else")
                    .put("iss", "https://evil.example").put("token_use", "access").put("exp", 4102444800L)
                    .putObject("plan").put("tier", "gold").put("seats", 5);
            id.putArray("claimsToSuppress").add("email_verified");
            ObjectNode access = details.putObject("accessTokenGeneration");
            access.putObject("claimsToAddOrOverride").put("tenant", "acme").put("client_id", "other")
                    .put("sub", "someone-else").putArray("roles").add("a").add("b");
            access.putArray("claimsToSuppress").add("username").add("token_use");
            access.putArray("scopesToAdd").add("orders/read");
            access.putArray("scopesToSuppress").add("aws.cognito.signin.user.admin");
            details.putObject("groupOverrideDetails").putArray("groupsToOverride").add("gold-customers");
            return event;
        };

        AuthenticationResultType tokens = passwordSignIn(username);

        JsonNode event = received.getLast();
        assertThat(event.get("version").asText()).isEqualTo("2");
        assertThat(event.get("region").asText()).isEqualTo(primary.name());
        assertThat(event.get("userPoolId").asText()).isEqualTo(stack.userPoolId());
        assertThat(event.get("userName").asText()).isEqualTo(username);
        assertThat(event.get("triggerSource").asText()).isEqualTo("TokenGeneration_Authentication");
        assertThat(event.get("callerContext").get("clientId").asText()).isEqualTo(stack.clientId());
        JsonNode request = event.get("request");
        assertThat(request.get("userAttributes").get("sub").asText()).isEqualTo(sub);
        assertThat(request.get("userAttributes").get("email").asText()).isEqualTo(username + "@example.com");
        assertThat(request.get("userAttributes").get("cognito:user_status").asText()).isEqualTo("CONFIRMED");
        assertThat(request.get("scopes")).isEqualTo(JSON.createArrayNode().add("aws.cognito.signin.user.admin"));
        assertThat(request.get("groupConfiguration").get("groupsToOverride"))
                .isEqualTo(JSON.createArrayNode().add("readers"));
        assertThat(request.get("groupConfiguration").get("iamRolesToOverride")).isEqualTo(JSON.createArrayNode());
        assertThat(request.get("groupConfiguration").get("preferredRole").isNull()).isTrue();
        assertThat(request.has("clientMetadata")).isTrue();
        assertThat(event.get("response")).isEqualTo(JSON.createObjectNode().putNull("claimsAndScopeOverrideDetails"));
        assertThat(event.toString()).doesNotContain(PASSWORD);

        JwtClaims id = verified(tokens.idToken());
        assertThat(id.getClaimValue("beta")).isEqualTo(true);
        assertThat(id.getClaimValue("plan")).isEqualTo(Map.of("tier", "gold", "seats", 5L));
        assertThat(id.hasClaim("email_verified")).isFalse();
        assertThat(id.getSubject()).isEqualTo(sub);
        assertThat(id.getIssuer()).isEqualTo(stack.issuer());
        assertThat(id.getStringClaimValue("token_use")).isEqualTo("id");
        assertThat(id.getExpirationTime().getValue()).isLessThan(4102444800L);
        assertThat(id.getStringListClaimValue("cognito:groups")).containsExactly("gold-customers");
        assertThat(id.hasClaim("tenant")).isFalse();
        JwtClaims access = verified(tokens.accessToken());
        assertThat(access.getStringClaimValue("tenant")).isEqualTo("acme");
        assertThat(access.getStringListClaimValue("roles")).containsExactly("a", "b");
        assertThat(access.getStringClaimValue("client_id")).isEqualTo(stack.clientId());
        assertThat(access.getSubject()).isEqualTo(sub);
        assertThat(access.getStringClaimValue("username")).isEqualTo(username);
        assertThat(access.getStringClaimValue("token_use")).isEqualTo("access");
        assertThat(access.getStringClaimValue("scope")).isEqualTo("orders/read");
        assertThat(access.getStringListClaimValue("cognito:groups")).containsExactly("gold-customers");
        assertThat(access.hasClaim("beta")).isFalse();

        AuthenticationResultType refreshed = users.initiateAuth(b -> b.clientId(stack.clientId())
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken()))).authenticationResult();
        assertThat(received.getLast().get("triggerSource").asText()).isEqualTo("TokenGeneration_RefreshTokens");
        assertThat(verified(refreshed.accessToken()).getStringClaimValue("tenant")).isEqualTo("acme");
        assertThat(verified(refreshed.idToken()).getStringListClaimValue("cognito:groups"))
                .containsExactly("gold-customers");

        LambdaConfigType shown = admin.describeUserPool(b -> b.userPoolId(stack.userPoolId())).userPool().lambdaConfig();
        assertThat(shown.preTokenGenerationConfig().lambdaVersion()).isEqualTo(PreTokenGenerationLambdaVersionType.V2_0);
        assertThat(shown.preTokenGenerationConfig().lambdaArn()).isEqualTo(triggerUrl());
        assertThat(shown.preTokenGeneration()).isEqualTo(triggerUrl());
    }

    @Test
    void theLegacyPreTokenGenerationMemberIsV1AndChangesTheIdTokenOnly() throws Exception {
        String username = confirmedUser(null);
        setTriggers(LambdaConfigType.builder().preTokenGeneration(triggerUrl()).build());
        behaviour = event -> {
            ObjectNode details = ((ObjectNode) event.get("response")).putObject("claimsOverrideDetails");
            details.putObject("claimsToAddOrOverride").put("tenant", "acme").put("cognito:username", "mallory");
            return event;
        };

        AuthenticationResultType tokens = passwordSignIn(username);

        JsonNode event = received.getLast();
        assertThat(event.get("version").asText()).isEqualTo("1");
        assertThat(event.get("request").has("scopes")).isFalse();
        assertThat(event.get("response")).isEqualTo(JSON.createObjectNode().putNull("claimsOverrideDetails"));
        JwtClaims id = verified(tokens.idToken());
        assertThat(id.getStringClaimValue("tenant")).isEqualTo("acme");
        assertThat(id.getStringClaimValue("cognito:username")).isEqualTo(username);
        assertThat(verified(tokens.accessToken()).hasClaim("tenant")).isFalse();
        assertThat(admin.describeUserPool(b -> b.userPoolId(stack.userPoolId())).userPool().lambdaConfig()
                .preTokenGenerationConfig().lambdaVersion()).isEqualTo(PreTokenGenerationLambdaVersionType.V1_0);
    }

    @Test
    void aFailingOrMalformedPreTokenGenerationGivesCognitosErrorAndNoTokens() {
        String username = confirmedUser(null);
        setTriggers(LambdaConfigType.builder().preTokenGenerationConfig(c -> c.lambdaVersion(
                PreTokenGenerationLambdaVersionType.V2_0).lambdaArn(triggerUrl())).build());
        failure = "No tokens today";

        assertThatThrownBy(() -> passwordSignIn(username)).isInstanceOfSatisfying(UserLambdaValidationException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreTokenGeneration failed with error No tokens today."));

        failure = null;
        rawAnswer = "{\"response\":{\"claimsAndScopeOverrideDetails\":{\"accessTokenGeneration\":"
                + "{\"scopesToAdd\":\"not a list\"}}}}";
        assertThatThrownBy(() -> passwordSignIn(username)).isInstanceOf(InvalidLambdaResponseException.class);
    }

    @Test
    void preAuthenticationRunsOnAdminSignInOnlyAfterTheRightPassword() {
        String username = confirmedUser(null);
        setTriggers(LambdaConfigType.builder().preAuthentication(triggerUrl()).build());
        failure = "Account on hold";

        assertThatThrownBy(() -> adminSignIn(username, "Wrong-Horse-9")).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> adminSignIn("nobody-" + username, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
        assertThat(received).isEmpty();

        assertThatThrownBy(() -> adminSignIn(username, PASSWORD)).isInstanceOfSatisfying(
                UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreAuthentication failed with error Account on hold."));
        JsonNode event = received.getLast();
        assertThat(event.get("triggerSource").asText()).isEqualTo("PreAuthentication_Authentication");
        assertThat(event.get("userName").asText()).isEqualTo(username);
        assertThat(event.get("request").get("userNotFound").asBoolean()).isFalse();
        assertThat(event.toString()).doesNotContain(PASSWORD);
    }

    private static AuthenticationResultType adminSignIn(String username, String password) {
        return admin.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(stack.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    @Test
    void validationDataAndClientMetadataReachTheTriggersCognitoSendsThemTo() {
        setTriggers(LambdaConfigType.builder().preSignUp(triggerUrl()).customMessage(triggerUrl())
                .postConfirmation(triggerUrl()).preAuthentication(triggerUrl()).build());
        behaviour = event -> {
            if (event.get("triggerSource").asText().startsWith("CustomMessage_")) {
                String code = event.get("request").get("codeParameter").asText();
                ((ObjectNode) event.get("response")).put("emailMessage", "Your code is " + code);
            }
            return event;
        };
        String username = PoolUsers.newUsername();

        users.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(username + "@example.com"))
                .validationData(a -> a.name("captcha").value("passed"))
                .clientMetadata(Map.of("campaign", "spring")));
        users.resendConfirmationCode(b -> b.clientId(stack.clientId()).username(username)
                .clientMetadata(Map.of("step", "resend")));
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        users.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code)
                .clientMetadata(Map.of("step", "confirm")));
        users.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))
                .clientMetadata(Map.of("device", "kiosk")));
        // InitiateAuth's ClientMetadata is PreAuthentication's validationData, as Cognito's API reference says.
        assertThat(eventOf("PreAuthentication_Authentication").get("request").get("validationData"))
                .isEqualTo(JSON.createObjectNode().put("device", "kiosk"));
        users.forgotPassword(b -> b.clientId(stack.clientId()).username(username)
                .clientMetadata(Map.of("step", "forgot")));
        String resetCode = stack.outbox().latestCodeFor(username).orElseThrow();
        users.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username).confirmationCode(resetCode)
                .password("Another-Horse-9").clientMetadata(Map.of("step", "reset")));
        String accessToken = users.initiateAuth(b -> b.clientId(stack.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", "Another-Horse-9")))
                .authenticationResult().accessToken();
        users.updateUserAttributes(b -> b.accessToken(accessToken)
                .userAttributes(a -> a.name("email").value("new-" + username + "@example.com"))
                .clientMetadata(Map.of("step", "update")));

        JsonNode preSignUp = eventOf("PreSignUp_SignUp");
        assertThat(preSignUp.get("request").get("validationData"))
                .isEqualTo(JSON.createObjectNode().put("captcha", "passed"));
        assertThat(preSignUp.get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("campaign", "spring"));
        assertThat(eventOf("CustomMessage_SignUp").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("campaign", "spring"));
        assertThat(eventOf("CustomMessage_ResendCode").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("step", "resend"));
        assertThat(eventOf("PostConfirmation_ConfirmSignUp").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("step", "confirm"));
        assertThat(eventOf("CustomMessage_UpdateUserAttribute").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("step", "update"));
        assertThat(eventOf("CustomMessage_ForgotPassword").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("step", "forgot"));
        assertThat(eventOf("PostConfirmation_ConfirmForgotPassword").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("step", "reset"));
        assertThat(received.toString()).doesNotContain(PASSWORD).doesNotContain("Another-Horse-9");

        String invited = PoolUsers.newUsername();
        admin.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(invited)
                .userAttributes(a -> a.name("email").value(invited + "@example.com"))
                .validationData(a -> a.name("source").value("crm"))
                .clientMetadata(Map.of("batch", "7")));
        JsonNode adminPreSignUp = eventOf("PreSignUp_AdminCreateUser");
        assertThat(adminPreSignUp.get("request").get("validationData"))
                .isEqualTo(JSON.createObjectNode().put("source", "crm"));
        assertThat(adminPreSignUp.get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("batch", "7"));
        assertThat(eventOf("CustomMessage_AdminCreateUser").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("batch", "7"));
    }

    private static JsonNode eventOf(String triggerSource) {
        return received.stream().filter(event -> event.get("triggerSource").asText().equals(triggerSource))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no " + triggerSource));
    }

    @Test
    void respondToAuthChallengesClientMetadataReachesPostAuthenticationAndPreTokenGeneration() {
        setTriggers(LambdaConfigType.builder().postAuthentication(triggerUrl()).preTokenGenerationConfig(c ->
                c.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0).lambdaArn(triggerUrl())).build());
        String username = PoolUsers.newUsername();
        admin.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                .userAttributes(a -> a.name("email").value(username + "@example.com"))
                .temporaryPassword("Temporary-Horse-9").messageAction("SUPPRESS"));
        var challenge = users.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", "Temporary-Horse-9")));
        assertThat(challenge.challengeNameAsString()).isEqualTo("NEW_PASSWORD_REQUIRED");

        var answer = users.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName("NEW_PASSWORD_REQUIRED").session(challenge.session())
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", PASSWORD))
                .clientMetadata(Map.of("screen", "welcome")));

        assertThat(answer.authenticationResult().idToken()).isNotEmpty();
        JsonNode preToken = eventOf("TokenGeneration_NewPasswordChallenge");
        assertThat(preToken.get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("screen", "welcome"));
        assertThat(eventOf("PostAuthentication_Authentication").get("request").get("clientMetadata"))
                .isEqualTo(JSON.createObjectNode().put("screen", "welcome"));
        assertThat(received.toString()).doesNotContain("Temporary-Horse-9").doesNotContain(PASSWORD);
    }
}
