package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cognate.adapters.aws.AwsClients;
import io.cognate.config.CognateConfig;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.pool.PoolSettingsSource;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.identity.IdentityApiServices;
import io.cognate.bench.srp.CognitoSrpClient;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import io.cognate.local.gateway.LocalApiGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * CUSTOM_AUTH on the local two-region stack through the AWS SDK's Cognito client, with the three
 * challenge triggers written here as one HTTP server, the way an app team tests its own: a
 * three-round sign-in (a wrong answer, then two right ones) whose later rounds are answered at the
 * secondary, each trigger's event checked field by field against Cognito's shape; SRP first, then a
 * custom challenge, with the independent SRP client; a replayed session refused; the private
 * parameters in no response; wrong answers locking the account through the password lockout;
 * PreventUserExistenceErrors; and a failing trigger giving Cognito's Lambda errors and no tokens.
 * The class runs its own stack: triggers are pool-wide.
 */
class CustomChallengeLocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A first lock longer than the test, so the locked account cannot unlock while it is looked at. */
    private static final LockoutPolicy POLICY = LockoutPolicy.cognitoDefault()
            .withLocks(Duration.ofMinutes(5), Duration.ofMinutes(15));

    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static CognitoIdentityProviderClient admin;
    private static CognitoIdentityProviderClient atPrimary;
    private static CognitoIdentityProviderClient atSecondary;
    private static HttpServer triggerServer;
    private static String preventingClient;
    private static String legacyClient;
    private static IdentityApiServices lockingServices;
    private static LocalApiGateway lockingGateway;

    /** Every event each trigger received, oldest first, by path ("/define", "/create", "/verify"). */
    private static final Map<String, List<JsonNode>> received = Map.of("/define", new CopyOnWriteArrayList<>(),
            "/create", new CopyOnWriteArrayList<>(), "/verify", new CopyOnWriteArrayList<>());
    /** The answer of each challenge Create made, oldest first: only the private parameters hold it. */
    private static final List<String> answers = new CopyOnWriteArrayList<>();
    /** How many right custom answers Define asks for before it issues tokens. */
    private static volatile int roundsToPass;
    /** A path whose trigger fails as a throwing Lambda function does, with this message. */
    private static volatile String failingPath;

    @BeforeAll
    static void ownStack() throws IOException {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        primary = stack.regions().get(0);
        secondary = stack.regions().get(1);
        admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        atPrimary = PoolUsers.client(primary.endpoint(), primary.name());
        atSecondary = PoolUsers.client(secondary.endpoint(), secondary.name());
        triggerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String path : received.keySet()) {
            triggerServer.createContext(path, exchange -> {
                try (exchange) {
                    ObjectNode event = (ObjectNode) JSON.readTree(exchange.getRequestBody());
                    received.get(path).add(event.deepCopy());
                    int status = 200;
                    String body;
                    if (path.equals(failingPath)) {
                        status = 500;
                        body = JSON.createObjectNode().put("errorType", "Error").put("errorMessage", "trigger down")
                                .toString();
                    } else {
                        body = answer(path, event).toString();
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
        }
        triggerServer.start();
        String base = "http://127.0.0.1:" + triggerServer.getAddress().getPort();
        // UpdateUserPool resets what it leaves out, so the settings this stack relies on are sent too.
        admin.updateUserPool(b -> b.userPoolId(stack.userPoolId())
                .autoVerifiedAttributes(List.of(VerifiedAttributeType.EMAIL))
                .accountRecoverySetting(r -> r.recoveryMechanisms(m -> m.name("verified_email").priority(1)))
                .lambdaConfig(LambdaConfigType.builder().defineAuthChallenge(base + "/define")
                        .createAuthChallenge(base + "/create").verifyAuthChallengeResponse(base + "/verify").build()));
        preventingClient = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("custom-web")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED)).userPoolClient().clientId();
        legacyClient = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("custom-legacy")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH)
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY)).userPoolClient().clientId();
        // The primary's own tables and handler with a long first lock, for the lockout attack.
        CognateConfig config = primary.services().config().withLockout(POLICY);
        lockingServices = new IdentityApiServices(config, AwsClients.create(config), Clock.systemUTC());
        lockingGateway = new LocalApiGateway(primary.name(), 0)
                .route("POST /", "identity-api", new IdentityApiHandler(lockingServices)).start();
        Accounts.awaitReplicated(stack);
        // Each region reads the pool's settings at most this stale: past it, the secondary has the triggers too.
        sleep(PoolSettingsSource.FRESH_FOR);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (triggerServer != null) {
            triggerServer.stop(0);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {lockingGateway, lockingServices, admin, atPrimary,
                atSecondary, stack}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    @BeforeEach
    void freshTriggers() {
        received.values().forEach(List::clear);
        answers.clear();
        roundsToPass = 2;
        failingPath = null;
    }

    /** The app's three functions: SRP first when asked, then custom rounds until enough are right. */
    private static ObjectNode answer(String path, ObjectNode event) {
        ObjectNode request = (ObjectNode) event.get("request");
        ObjectNode response = (ObjectNode) event.get("response");
        ArrayNode session = request.has("session") ? (ArrayNode) request.get("session") : JSON.createArrayNode();
        switch (path) {
            case "/define" -> {
                long passed = 0;
                for (JsonNode round : session) {
                    if (round.get("challengeName").asText().equals("CUSTOM_CHALLENGE")
                            && round.get("challengeResult").asBoolean()) {
                        passed++;
                    }
                }
                boolean srpStart = session.size() == 1 && session.get(0).get("challengeName").asText().equals("SRP_A");
                if (srpStart) {
                    response.put("challengeName", "PASSWORD_VERIFIER").put("issueTokens", false)
                            .put("failAuthentication", false);
                } else if (passed >= roundsToPass) {
                    response.put("issueTokens", true).put("failAuthentication", false);
                } else {
                    response.put("challengeName", "CUSTOM_CHALLENGE").put("issueTokens", false)
                            .put("failAuthentication", false);
                }
            }
            case "/create" -> {
                String secret = "answer-" + UUID.randomUUID();
                answers.add(secret);
                SecretLedger.remember(secret);
                response.putObject("publicChallengeParameters").put("question", "round-" + session.size());
                response.putObject("privateChallengeParameters").put("answer", secret);
                response.put("challengeMetadata", "ROUND-" + session.size());
            }
            case "/verify" -> response.put("answerCorrect", request.get("privateChallengeParameters").get("answer")
                    .asText().equals(request.get("challengeAnswer").asText()));
            default -> throw new IllegalArgumentException(path);
        }
        return event;
    }

    private static InitiateAuthResponse start(CognitoIdentityProviderClient client, String clientId, String username) {
        return client.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", username)).clientMetadata(Map.of("app", "web")));
    }

    private static RespondToAuthChallengeResponse respond(CognitoIdentityProviderClient client, String clientId,
                                                          String session, String username, String answer) {
        SecretLedger.remember(answer);
        return client.respondToAuthChallenge(b -> b.clientId(clientId).challengeName(ChallengeNameType.CUSTOM_CHALLENGE)
                .session(session).challengeResponses(Map.of("USERNAME", username, "ANSWER", answer))
                .clientMetadata(Map.of("app", "web")));
    }

    private static String latestAnswer() {
        return answers.getLast();
    }

    /** Nothing a caller is shown holds a private parameter. */
    private static void showsNoPrivateParameter(Map<String, String> challengeParameters, String session) {
        assertThat(challengeParameters).doesNotContainKey("answer");
        for (String secret : answers) {
            assertThat(challengeParameters.values()).doesNotContain(secret);
            assertThat(session).doesNotContain(secret);
        }
    }

    @Test
    void threeRoundsAnsweredInTheOtherRegionWithEveryEventInCognitosShape() {
        String username = Accounts.confirmedUser(stack);

        InitiateAuthResponse first = start(atPrimary, preventingClient, username);
        assertThat(first.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(first.challengeParameters()).isEqualTo(Map.of("question", "round-0", "USERNAME", username));
        showsNoPrivateParameter(first.challengeParameters(), first.session());
        RespondToAuthChallengeResponse second = respond(atPrimary, preventingClient, first.session(), username,
                "a wrong guess");
        assertThat(second.challengeParameters()).containsEntry("question", "round-1");
        showsNoPrivateParameter(second.challengeParameters(), second.session());
        // The rest at the secondary: the session carries the sign-in, sealed, to whichever region.
        RespondToAuthChallengeResponse third = respond(atSecondary, preventingClient, second.session(), username,
                latestAnswer());
        assertThat(third.challengeParameters()).containsEntry("question", "round-2");
        showsNoPrivateParameter(third.challengeParameters(), third.session());
        RespondToAuthChallengeResponse done = respond(atSecondary, preventingClient, third.session(), username,
                latestAnswer());

        assertThat(done.authenticationResult().accessToken()).isNotEmpty();
        assertThat(done.authenticationResult().refreshToken()).isNotEmpty();
        assertThat(done.challengeParameters()).isEmpty();

        List<JsonNode> defines = received.get("/define");
        assertThat(defines).hasSize(4);
        JsonNode firstDefine = defines.getFirst();
        assertThat(firstDefine.get("version").asText()).isEqualTo("1");
        assertThat(firstDefine.get("region").asText()).isEqualTo(primary.name());
        assertThat(firstDefine.get("userPoolId").asText()).isEqualTo(stack.userPoolId());
        assertThat(firstDefine.get("userName").asText()).isEqualTo(username);
        assertThat(firstDefine.get("triggerSource").asText()).isEqualTo("DefineAuthChallenge_Authentication");
        assertThat(firstDefine.get("callerContext").get("clientId").asText()).isEqualTo(preventingClient);
        assertThat(firstDefine.get("callerContext").get("awsSdkVersion").isTextual()).isTrue();
        JsonNode request = firstDefine.get("request");
        assertThat(request.get("userAttributes").get("email").asText()).isEqualTo(username + "@example.com");
        assertThat(request.get("userAttributes").get("cognito:user_status").asText()).isEqualTo("CONFIRMED");
        assertThat(request.get("userAttributes").get("sub").asText()).isNotEmpty();
        assertThat(request.get("session")).isEqualTo(JSON.createArrayNode());
        assertThat(request.get("clientMetadata")).isEqualTo(JSON.createObjectNode().put("app", "web"));
        assertThat(request.get("userNotFound").asBoolean()).isFalse();
        assertThat(firstDefine.get("response")).isEqualTo(JSON.createObjectNode().putNull("challengeName")
                .put("issueTokens", false).put("failAuthentication", false));
        JsonNode lastDefine = defines.getLast();
        assertThat(lastDefine.get("region").asText()).isEqualTo(secondary.name());
        assertThat(lastDefine.get("request").get("session")).isEqualTo(JSON.createArrayNode()
                .add(round("CUSTOM_CHALLENGE", false, "ROUND-0")).add(round("CUSTOM_CHALLENGE", true, "ROUND-1"))
                .add(round("CUSTOM_CHALLENGE", true, "ROUND-2")));

        List<JsonNode> creates = received.get("/create");
        assertThat(creates).hasSize(3);
        JsonNode create = creates.get(1);
        assertThat(create.get("triggerSource").asText()).isEqualTo("CreateAuthChallenge_Authentication");
        assertThat(create.get("userName").asText()).isEqualTo(username);
        assertThat(create.get("request").get("challengeName").asText()).isEqualTo("CUSTOM_CHALLENGE");
        assertThat(create.get("request").get("session")).isEqualTo(JSON.createArrayNode()
                .add(round("CUSTOM_CHALLENGE", false, "ROUND-0")));
        assertThat(create.get("request").get("userNotFound").asBoolean()).isFalse();
        assertThat(create.get("request").get("clientMetadata")).isEqualTo(JSON.createObjectNode().put("app", "web"));
        assertThat(create.get("response")).isEqualTo(JSON.createObjectNode().putNull("publicChallengeParameters")
                .putNull("privateChallengeParameters").putNull("challengeMetadata"));

        List<JsonNode> verifies = received.get("/verify");
        assertThat(verifies).hasSize(3);
        JsonNode verify = verifies.getFirst();
        assertThat(verify.get("triggerSource").asText()).isEqualTo("VerifyAuthChallengeResponse_Authentication");
        assertThat(verify.get("request").get("challengeAnswer").asText()).isEqualTo("a wrong guess");
        assertThat(verify.get("request").get("privateChallengeParameters"))
                .isEqualTo(JSON.createObjectNode().put("answer", answers.getFirst()));
        assertThat(verify.get("request").get("userNotFound").asBoolean()).isFalse();
        assertThat(verify.get("request").get("userAttributes").get("email").asText()).isEqualTo(username + "@example.com");
        assertThat(verify.get("response")).isEqualTo(JSON.createObjectNode().put("answerCorrect", false));
        assertThat(verifies.get(1).get("region").asText()).isEqualTo(secondary.name());

        // A round answered once cannot be answered again, in either region: the use is claimed in the
        // replicated used-codes items, so the other region refuses it once that claim has replicated
        // (the replication-lag window is the one every single-use session has; docs/security.md).
        Accounts.awaitReplicated(stack);
        assertThatThrownBy(() -> respond(atPrimary, preventingClient, third.session(), username, answers.getLast()))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Invalid session for the user, session can only be used once."));
    }

    private static ObjectNode round(String challengeName, boolean result, String metadata) {
        return JSON.createObjectNode().put("challengeName", challengeName).put("challengeResult", result)
                .put("challengeMetadata", metadata);
    }

    @Test
    void srpFirstThenACustomChallenge() {
        roundsToPass = 1;
        String username = Accounts.confirmedUser(stack);
        var srp = new CognitoSrpClient(stack.userPoolId(), RANDOM);

        InitiateAuthResponse verifier = atPrimary.initiateAuth(b -> b.clientId(preventingClient)
                .authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", username, "CHALLENGE_NAME", "SRP_A", "SRP_A", srp.srpA())));

        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        assertThat(verifier.session()).isNotEmpty();
        assertThat(received.get("/define").getFirst().get("request").get("session")).isEqualTo(
                JSON.createArrayNode().add(JSON.createObjectNode().put("challengeName", "SRP_A")
                        .put("challengeResult", true).putNull("challengeMetadata")));
        Map<String, String> asked = verifier.challengeParameters();
        String timestamp = CognitoSrpClient.timestamp(Instant.now());
        String userId = asked.get("USER_ID_FOR_SRP");
        RespondToAuthChallengeResponse custom = atSecondary.respondToAuthChallenge(b -> b.clientId(preventingClient)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(Map.of("USERNAME", userId, "TIMESTAMP", timestamp,
                        "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"),
                        "PASSWORD_CLAIM_SIGNATURE", srp.signature(userId, Accounts.PASSWORD, asked.get("SALT"),
                                asked.get("SRP_B"), asked.get("SECRET_BLOCK"), timestamp))));

        assertThat(custom.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(received.get("/define").getLast().get("request").get("session")).isEqualTo(JSON.createArrayNode()
                .add(round("SRP_A", true, null)).add(round("PASSWORD_VERIFIER", true, null)));
        RespondToAuthChallengeResponse done = respond(atSecondary, preventingClient, custom.session(), username,
                latestAnswer());
        assertThat(done.authenticationResult().idToken()).isNotEmpty();
    }

    @Test
    void wrongAnswersLockTheAccountAfterThePolicysNumberAndALockedAnswerNeverReachesVerify() {
        roundsToPass = 1;
        String username = Accounts.confirmedUser(stack);
        try (var locking = TwoRegionStoryTest.cognito(lockingGateway.uri(), primary.name())) {
            String session = start(locking, preventingClient, username).session();
            for (int wrong = 1; wrong <= POLICY.maxFailures(); wrong++) {
                RespondToAuthChallengeResponse next = respond(locking, preventingClient, session, username,
                        "guess-" + wrong);
                assertThat(next.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
                session = next.session();
            }
            int verified = received.get("/verify").size();
            String lockedSession = session;

            assertThatThrownBy(() -> respond(locking, preventingClient, lockedSession, username, latestAnswer()))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(
                            e.awsErrorDetails().errorMessage()).isEqualTo("Password attempts exceeded"));
            assertThat(received.get("/verify")).hasSize(verified);
            // The same count as passwords: the right password is refused too, unchecked.
            assertThatThrownBy(() -> Accounts.signIn(locking, stack.clientId(), username))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(
                            e.awsErrorDetails().errorMessage()).isEqualTo("Password attempts exceeded"));
        }
    }

    @Test
    void anUnknownUserLooksLikeAKnownOneWhenTheClientPreventsExistenceErrors() {
        roundsToPass = 1;
        String username = Accounts.confirmedUser(stack);
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 3);

        InitiateAuthResponse real = start(atPrimary, preventingClient, username);
        InitiateAuthResponse unknown = start(atPrimary, preventingClient, nobody);

        assertThat(unknown.challengeName()).isEqualTo(real.challengeName());
        assertThat(unknown.challengeParameters().keySet()).isEqualTo(real.challengeParameters().keySet());
        assertThat(received.get("/define").getLast().get("request").get("userNotFound").asBoolean()).isTrue();
        assertThat(received.get("/define").getLast().get("userName").asText()).isEqualTo(nobody);
        assertThatThrownBy(() -> respond(atPrimary, preventingClient, unknown.session(), nobody, latestAnswer()))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Incorrect username or password."));

        assertThatThrownBy(() -> start(atPrimary, legacyClient, nobody)).isInstanceOf(UserNotFoundException.class);
        // The stack's own client does not allow CUSTOM_AUTH.
        assertThatThrownBy(() -> start(atPrimary, stack.clientId(), username))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aFailingTriggerIsCognitosLambdaErrorAndSignsNobodyIn() {
        String username = Accounts.confirmedUser(stack);
        failingPath = "/create";
        assertThatThrownBy(() -> start(atPrimary, preventingClient, username))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("CreateAuthChallenge failed with error trigger down."));

        failingPath = null;
        String session = start(atPrimary, preventingClient, username).session();
        failingPath = "/verify";
        assertThatThrownBy(() -> respond(atPrimary, preventingClient, session, username, latestAnswer()))
                .isInstanceOf(UserLambdaValidationException.class);

        // Nothing was counted against the user: a whole sign-in still works.
        failingPath = null;
        roundsToPass = 1;
        String fresh = start(atPrimary, preventingClient, username).session();
        assertThat(respond(atPrimary, preventingClient, fresh, username, latestAnswer()).authenticationResult())
                .isNotNull();
    }

    @Test
    void adminInitiateAuthRunsTheSameChallenges() {
        roundsToPass = 1;
        String username = Accounts.confirmedUser(stack);

        var started = admin.adminInitiateAuth(b -> b.userPoolId(stack.userPoolId()).clientId(preventingClient)
                .authFlow(AuthFlowType.CUSTOM_AUTH).authParameters(Map.of("USERNAME", username)));
        assertThat(started.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        var done = admin.adminRespondToAuthChallenge(b -> b.userPoolId(stack.userPoolId()).clientId(preventingClient)
                .challengeName(ChallengeNameType.CUSTOM_CHALLENGE).session(started.session())
                .challengeResponses(Map.of("USERNAME", username, "ANSWER", latestAnswer())));

        assertThat(done.authenticationResult().accessToken()).isNotEmpty();
        assertThat(new ArrayList<>(received.get("/verify"))).hasSize(1);
    }

    @Test
    void aConfidentialClientProvesItsSecretAtEveryStep() {
        roundsToPass = 1;
        String username = Accounts.confirmedUser(stack);
        var created = admin.createUserPoolClient(b -> b.userPoolId(stack.userPoolId()).clientName("custom-server")
                .generateSecret(true).explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH)).userPoolClient();
        String secretHash = ClientSecrets.secretHash(created.clientSecret(), username, created.clientId());

        assertThatThrownBy(() -> start(atPrimary, created.clientId(), username)).isInstanceOf(NotAuthorizedException.class);
        InitiateAuthResponse started = atPrimary.initiateAuth(b -> b.clientId(created.clientId())
                .authFlow(AuthFlowType.CUSTOM_AUTH).authParameters(Map.of("USERNAME", username, "SECRET_HASH", secretHash)));
        String answer = latestAnswer();
        assertThatThrownBy(() -> respond(atPrimary, created.clientId(), started.session(), username, answer))
                .isInstanceOf(NotAuthorizedException.class);
        RespondToAuthChallengeResponse done = atPrimary.respondToAuthChallenge(b -> b.clientId(created.clientId())
                .challengeName(ChallengeNameType.CUSTOM_CHALLENGE).session(started.session())
                .challengeResponses(Map.of("USERNAME", username, "ANSWER", answer, "SECRET_HASH", secretHash)));

        assertThat(done.authenticationResult().accessToken()).isNotEmpty();
    }
}
