package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.adapters.aws.DynamoDbPoolSettings;
import io.cognate.adapters.migration.CognitoLegacyPool;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import io.cognate.ports.LegacyPool;
import io.cognate.testing.contracts.LegacyPoolContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidLambdaResponseException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Lazy migration on the local stack, with a second local stack as the live Cognito pool users
 * come from: set through {@code POST /_local/migration}, the first sign-in at the primary moves a
 * user in (tokens, attributes, groups, {@code custom:legacy_sub}) and the secondary then signs
 * the same user in with the same password; a first sign-in at the secondary has the leader move
 * the user in (write forwarding) and signs them in at once; a wrong password moves nothing and counts towards the
 * lockout; a user unknown in both is answered as a wrong password; ForgotPassword moves a user in
 * RESET_REQUIRED. The UserMigration trigger, an HTTP trigger written here, is used instead when
 * set. The Cognito adapter passes the {@link LegacyPoolContract} against the second stack.
 *
 * <p>The class runs its own two stacks: the legacy pool is a pool-wide setting and would change
 * what other classes' unknown users cost.
 */
class LazyMigrationLocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Legacy-Passw0rd!";
    private static final String WRONG = "Wrong-Passw0rd!";
    private static final String GROUP = "editors";

    private static LocalCognate stack;
    private static LocalCognate legacy;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static CognitoIdentityProviderClient admin;
    private static CognitoIdentityProviderClient atPrimary;
    private static CognitoIdentityProviderClient atSecondary;
    private static CognitoIdentityProviderClient legacyAdmin;
    private static HttpServer triggerServer;
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private static volatile UnaryOperator<ObjectNode> behaviour = event -> event;
    private static volatile String failure;

    @BeforeAll
    static void stacks() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        stack = LocalCognate.start(LocalOptions.ephemeral(), quiet);
        legacy = LocalCognate.start(LocalOptions.ephemeral(), quiet);
        primary = stack.regions().get(0);
        secondary = stack.regions().get(1);
        admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        atPrimary = PoolUsers.client(primary.endpoint(), primary.name());
        atSecondary = PoolUsers.client(secondary.endpoint(), secondary.name());
        legacyAdmin = PoolUsers.adminClient(legacy, legacy.frontDoorEndpoint(), legacy.primary().name());
        legacyAdmin.createGroup(b -> b.userPoolId(legacy.userPoolId()).groupName(GROUP).description("Can edit")
                .precedence(3));
        triggerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        triggerServer.createContext("/migrate", exchange -> {
            try (exchange) {
                ObjectNode event = (ObjectNode) JSON.readTree(exchange.getRequestBody());
                received.add(event.deepCopy());
                int status = 200;
                String body;
                if (failure != null) {
                    status = 500;
                    body = JSON.createObjectNode().put("errorType", "Error").put("errorMessage", failure).toString();
                } else {
                    body = behaviour.apply(event).toString();
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        triggerServer.start();
        HttpResponse<String> set = postMigration(Map.of("endpoint", legacy.frontDoorEndpoint().toString(),
                "region", legacy.primary().name(), "userPoolId", legacy.userPoolId(), "clientId", legacy.clientId(),
                "accessKeyId", legacy.adminAccessKeyId(), "secretAccessKey", legacy.adminSecretAccessKey()));
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).doesNotContain(legacy.adminSecretAccessKey());
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (triggerServer != null) {
            triggerServer.stop(0);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {admin, atPrimary, atSecondary, legacyAdmin, stack, legacy}) {
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
    void noTrigger() {
        received.clear();
        behaviour = event -> event;
        failure = null;
    }

    private static HttpResponse<String> postMigration(Map<String, String> body) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(stack.frontDoorEndpoint() + "/_local/migration"))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String someone() {
        return "mover-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A confirmed user of the legacy pool, e-mail verified, with a name and a plan, in the group. */
    private static String legacyUser(String username) {
        legacyAdmin.adminCreateUser(b -> b.userPoolId(legacy.userPoolId()).username(username)
                .temporaryPassword("Temporary-Passw0rd!").messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attribute("email", username + "@example.com"), attribute("email_verified", "true"),
                        attribute("given_name", "Ada"), attribute("custom:plan", "gold")));
        legacyAdmin.adminSetUserPassword(b -> b.userPoolId(legacy.userPoolId()).username(username).password(PASSWORD)
                .permanent(true));
        legacyAdmin.adminAddUserToGroup(b -> b.userPoolId(legacy.userPoolId()).username(username).groupName(GROUP));
        return legacyAdmin.adminGetUser(b -> b.userPoolId(legacy.userPoolId()).username(username)).userAttributes()
                .stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static AuthenticationResultType signIn(CognitoIdentityProviderClient client, String username, String password) {
        return client.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    private static Optional<AdminGetUserResponse> here(String username) {
        try {
            return Optional.of(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)));
        } catch (UserNotFoundException absent) {
            return Optional.empty();
        }
    }

    private static Map<String, String> attributes(AdminGetUserResponse user) {
        var attributes = new java.util.LinkedHashMap<String, String>();
        user.userAttributes().forEach(a -> attributes.put(a.name(), a.value()));
        return attributes;
    }

    private static JsonNode claims(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void theFirstSignInAtThePrimaryMovesTheUserInAndTheSecondarySignsThemInWithTheSamePassword() throws Exception {
        String username = someone();
        String legacySub = legacyUser(username);

        AuthenticationResultType tokens = signIn(atPrimary, username, PASSWORD);

        assertThat(tokens.accessToken()).isNotBlank();
        JsonNode id = claims(tokens.idToken());
        assertThat(id.path("cognito:username").asText()).isEqualTo(username);
        assertThat(id.path("cognito:groups").toString()).contains(GROUP);
        AdminGetUserResponse moved = here(username).orElseThrow();
        assertThat(moved.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(attributes(moved)).containsEntry("custom:legacy_sub", legacySub)
                .containsEntry("email", username + "@example.com").containsEntry("email_verified", "true")
                .containsEntry("given_name", "Ada").containsEntry("custom:plan", "gold");
        assertThat(attributes(moved).get("sub")).isNotEqualTo(legacySub);
        assertThat(admin.adminListGroupsForUser(b -> b.userPoolId(stack.userPoolId()).username(username)).groups())
                .extracting(g -> g.groupName()).containsExactly(GROUP);

        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        AuthenticationResultType atTheSecondary = signIn(atSecondary, username, PASSWORD);
        assertThat(claims(atTheSecondary.idToken()).path("sub").asText()).isEqualTo(id.path("sub").asText());
    }

    @Test
    void aWrongPasswordAtTheFirstSignInMovesNothingAndCountsTowardsTheLockout() {
        String username = someone();
        legacyUser(username);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> signIn(atPrimary, username, WRONG)).isInstanceOf(NotAuthorizedException.class)
                    .hasMessageStartingWith("Incorrect username or password.");
        }

        assertThat(here(username)).isEmpty();
        // Each wrong password asked of the legacy pool is a failure on the account's one counter here.
        var counters = new DynamoDbLockoutCounters(primary.dynamoClient(), LocalRegion.TABLES.lockout());
        assertThat(counters.read(username).orElseThrow().failures()).isEqualTo(2);
        // And the right one, once moved in, starts the count again.
        assertThat(signIn(atPrimary, username, PASSWORD).accessToken()).isNotBlank();
        assertThat(counters.read(username).map(c -> c.failures()).orElse(0)).isZero();
    }

    @Test
    void aUserUnknownInBothIsAnsweredAsAWrongPassword() {
        String known = someone();
        legacyUser(known);

        var unknown = org.assertj.core.api.Assertions.catchThrowableOfType(NotAuthorizedException.class,
                () -> signIn(atPrimary, someone(), PASSWORD));
        var wrong = org.assertj.core.api.Assertions.catchThrowableOfType(NotAuthorizedException.class,
                () -> signIn(atPrimary, known, WRONG));

        assertThat(unknown.awsErrorDetails().errorMessage()).isEqualTo(wrong.awsErrorDetails().errorMessage())
                .isEqualTo("Incorrect username or password.");
        assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode());
    }

    @Test
    void forgotPasswordMovesAUserKnownThereInResetRequiredAndTheCodeSetsTheirPassword() {
        String username = someone();
        legacyUser(username);

        var details = atPrimary.forgotPassword(b -> b.clientId(stack.clientId()).username(username)).codeDeliveryDetails();

        assertThat(details.destination()).contains("@");
        assertThat(here(username).orElseThrow().userStatus()).isEqualTo(UserStatusType.RESET_REQUIRED);
        // Moved in for a reset, the user has no password here yet: the old one is just wrong.
        assertThatThrownBy(() -> signIn(atPrimary, username, PASSWORD)).isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        atPrimary.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code)
                .password("Brand-New-Passw0rd!"));
        assertThat(signIn(atPrimary, username, "Brand-New-Passw0rd!").accessToken()).isNotBlank();
    }

    @Test
    void aLegacyUserWithTotpIsMovedInResetRequiredAndSetsTotpUpAgainAfterTheReset() {
        String username = someone();
        legacyUser(username);
        try (CognitoIdentityProviderClient legacyUsers = PoolUsers.client(legacy.frontDoorEndpoint(),
                legacy.primary().name())) {
            String access = legacyUsers.initiateAuth(b -> b.clientId(legacy.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD)))
                    .authenticationResult().accessToken();
            String secret = legacyUsers.associateSoftwareToken(b -> b.accessToken(access)).secretCode();
            legacyUsers.verifySoftwareToken(b -> b.accessToken(access).userCode(Rfc6238Codes.code(
                    Rfc6238Codes.base32Decode(secret), Rfc6238Codes.step(java.time.Instant.now()))));
            legacyUsers.setUserMFAPreference(b -> b.accessToken(access)
                    .softwareTokenMfaSettings(t -> t.enabled(true).preferredMfa(true)));
        }

        // The password is right, but the old pool asks for the code Cognate cannot check: no session.
        assertThatThrownBy(() -> signIn(atPrimary, username, PASSWORD))
                .isInstanceOf(PasswordResetRequiredException.class);
        assertThat(here(username).orElseThrow().userStatus()).isEqualTo(UserStatusType.RESET_REQUIRED);

        atPrimary.forgotPassword(b -> b.clientId(stack.clientId()).username(username));
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        atPrimary.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code)
                .password("Brand-New-Passw0rd!"));
        var step = atPrimary.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", "Brand-New-Passw0rd!")));
        assertThat(step.authenticationResult()).isNull();
        assertThat(step.challengeNameAsString()).isEqualTo("MFA_SETUP");
    }

    @Test
    void theSecondaryHasTheLeaderMoveTheUserInAndSignsThemInAtOnce() throws Exception {
        String username = someone();
        String legacySub = legacyUser(username);
        // The secondary reads the replicated setting within its settings cache's time.
        Thread.sleep(io.cognate.domain.pool.PoolSettingsSource.FRESH_FOR.plusSeconds(1).toMillis());

        // A wrong password is answered at the secondary, as at the primary; nothing goes to the leader.
        assertThatThrownBy(() -> signIn(atSecondary, username, WRONG)).isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
        assertThat(here(username)).isEmpty();

        AuthenticationResultType tokens = signIn(atSecondary, username, PASSWORD);
        JsonNode id = claims(tokens.idToken());
        assertThat(id.path("cognito:username").asText()).isEqualTo(username);
        assertThat(id.path("cognito:groups").toString()).contains(GROUP);
        // Made at the leader (the primary reads it at once), the same user the secondary signed in.
        AdminGetUserResponse moved = here(username).orElseThrow();
        assertThat(attributes(moved)).containsEntry("custom:legacy_sub", legacySub)
                .containsEntry("sub", id.path("sub").asText());
        assertThat(claims(signIn(atPrimary, username, PASSWORD).idToken()).path("sub").asText())
                .isEqualTo(id.path("sub").asText());
    }

    @Test
    void withForwardingOffTheSecondaryMovesNobodyInAndSaysSoOnlyToTheRightPassword() {
        String username = someone();
        legacyUser(username);
        stack.setWriteForwarding(false);
        try {
            assertThatThrownBy(() -> signIn(atSecondary, username, WRONG)).isInstanceOf(NotAuthorizedException.class)
                    .hasMessageStartingWith("Incorrect username or password.");
            assertThatThrownBy(() -> signIn(atSecondary, username, PASSWORD))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.cognitoidentityprovider.model
                            .CognitoIdentityProviderException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotEnabledException"));
            assertThat(here(username)).isEmpty();
        } finally {
            stack.setWriteForwarding(true);
        }
    }

    @Test
    void theLeadersHalfIsServedOnlyToAnotherRegionsSignedRequest() throws Exception {
        String username = someone();
        legacyUser(username);
        // Asked directly, with the right password, Cognate's region-to-region operation does not exist.
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(primary.endpoint())
                .header("content-type", "application/x-amz-json-1.1")
                .header("x-amz-target", "AWSCognitoIdentityProviderService.CognateMigrateUser")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("ClientId", stack.clientId())
                        .put("Username", username).put("Password", PASSWORD).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(direct.headers().firstValue("x-amzn-errortype")).contains("UnknownOperationException");
        assertThat(here(username)).isEmpty();
    }

    @Test
    void aLegacyClientWithASecretIsAskedWithItsSecretHashAndTheSecretIsStoredSealed() throws Exception {
        var confidential = legacyAdmin.createUserPoolClient(b -> b.userPoolId(legacy.userPoolId())
                .clientName("confidential").generateSecret(true)
                .explicitAuthFlowsWithStrings("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
                .userPoolClient();
        try {
            HttpResponse<String> set = postMigration(Map.of("endpoint", legacy.frontDoorEndpoint().toString(),
                    "region", legacy.primary().name(), "userPoolId", legacy.userPoolId(),
                    "clientId", confidential.clientId(), "clientSecret", confidential.clientSecret(),
                    "accessKeyId", legacy.adminAccessKeyId(), "secretAccessKey", legacy.adminSecretAccessKey()));
            assertThat(set.statusCode()).isEqualTo(200);
            assertThat(set.body()).doesNotContain(confidential.clientSecret());
            var stored = new DynamoDbPoolSettings(primary.dynamoClient(), LocalRegion.TABLES.directory(),
                    LocalRegion.TABLES.control(), primary.name()).find().orElseThrow().legacyPool().orElseThrow();
            assertThat(stored.sealedClientSecret()).hasValueSatisfying(
                    sealed -> assertThat(sealed).doesNotContain(confidential.clientSecret()));
            String username = someone();
            legacyUser(username);

            // The legacy pool refuses AdminInitiateAuth without the right SECRET_HASH for this client.
            assertThat(signIn(atPrimary, username, PASSWORD).accessToken()).isNotBlank();
            assertThat(here(username)).isPresent();
        } finally {
            postMigration(Map.of("endpoint", legacy.frontDoorEndpoint().toString(),
                    "region", legacy.primary().name(), "userPoolId", legacy.userPoolId(), "clientId", legacy.clientId(),
                    "accessKeyId", legacy.adminAccessKeyId(), "secretAccessKey", legacy.adminSecretAccessKey()));
        }
    }

    @Test
    void theLegacyPoolCommandShowsSetsAndClearsTheSettingWithTheSecretReadFromAFileAndSealed() throws Exception {
        String frontDoor = stack.frontDoorEndpoint().toString();
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        java.nio.file.Path secretFile = java.nio.file.Files.createTempFile("legacy-client-secret", ".txt");
        java.nio.file.Files.writeString(secretFile, "command-secret-not-to-show\n");
        try {
            assertThat(io.cognate.local.LegacyPoolCommand.run(List.of("show", "--local", frontDoor),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(legacy.userPoolId());

            out.reset();
            int set = io.cognate.local.LegacyPoolCommand.run(List.of("set", "--legacy-region", "eu-west-1",
                    "--legacy-pool-id", "eu-west-1_Other1", "--legacy-client-id", "otherclient",
                    "--legacy-client-secret-file", secretFile.toString(), "--keep-sub", "--local", frontDoor),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err));

            assertThat(set).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("eu-west-1_Other1").contains("client secret sealed")
                    .contains("keeping sub").doesNotContain("command-secret-not-to-show");
            var stored = new DynamoDbPoolSettings(primary.dynamoClient(), LocalRegion.TABLES.directory(),
                    LocalRegion.TABLES.control(), primary.name()).find().orElseThrow().legacyPool().orElseThrow();
            assertThat(stored.keepSub()).isTrue();
            assertThat(stored.sealedClientSecret()).hasValueSatisfying(
                    sealed -> assertThat(sealed).doesNotContain("command-secret-not-to-show"));

            assertThat(io.cognate.local.LegacyPoolCommand.run(List.of("clear", "--local", frontDoor),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err))).isZero();
            assertThat(new DynamoDbPoolSettings(primary.dynamoClient(), LocalRegion.TABLES.directory(),
                    LocalRegion.TABLES.control(), primary.name()).find().orElseThrow().legacyPool()).isEmpty();
            assertThat(io.cognate.local.LegacyPoolCommand.run(List.of("set", "--local", frontDoor),
                    new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        } finally {
            java.nio.file.Files.deleteIfExists(secretFile);
            postMigration(Map.of("endpoint", legacy.frontDoorEndpoint().toString(),
                    "region", legacy.primary().name(), "userPoolId", legacy.userPoolId(), "clientId", legacy.clientId(),
                    "accessKeyId", legacy.adminAccessKeyId(), "secretAccessKey", legacy.adminSecretAccessKey()));
        }
    }

    // ---- the UserMigration trigger, used instead of the legacy pool when set ---------------------

    private static void migrationTrigger(boolean on) {
        // UpdateUserPool resets what it is not given: the stack's MFA (OPTIONAL) is given back.
        admin.updateUserPool(b -> b.userPoolId(stack.userPoolId())
                .mfaConfiguration(software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType.OPTIONAL)
                .autoVerifiedAttributes(List.of(VerifiedAttributeType.EMAIL))
                .accountRecoverySetting(r -> r.recoveryMechanisms(m -> m.name("verified_email").priority(1)))
                .lambdaConfig(on ? LambdaConfigType.builder().userMigration(
                        "http://127.0.0.1:" + triggerServer.getAddress().getPort() + "/migrate").build()
                        : LambdaConfigType.builder().build()));
    }

    private static UnaryOperator<ObjectNode> answering(String finalUserStatus) {
        return event -> {
            ObjectNode response = (ObjectNode) event.get("response");
            ObjectNode attributes = response.putObject("userAttributes");
            attributes.put("email", event.path("userName").asText() + "@example.com");
            attributes.put("email_verified", "true");
            response.put("finalUserStatus", finalUserStatus);
            response.put("messageAction", "SUPPRESS");
            return event;
        };
    }

    @Test
    void theTriggerReceivesCognitosEventAndItsAnswerDecidesTheStatus() {
        migrationTrigger(true);
        try {
            String confirmed = someone();
            behaviour = answering("CONFIRMED");
            assertThat(signIn(atPrimary, confirmed, PASSWORD).accessToken()).isNotBlank();

            JsonNode event = received.getFirst();
            assertThat(event.path("version").asText()).isEqualTo("1");
            assertThat(event.path("triggerSource").asText()).isEqualTo("UserMigration_Authentication");
            assertThat(event.path("region").asText()).isEqualTo(primary.name());
            assertThat(event.path("userPoolId").asText()).isEqualTo(stack.userPoolId());
            assertThat(event.path("userName").asText()).isEqualTo(confirmed);
            assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(stack.clientId());
            assertThat(event.path("callerContext").has("awsSdkVersion")).isTrue();
            assertThat(event.path("request").path("password").asText()).isEqualTo(PASSWORD);
            assertThat(event.path("request").has("validationData")).isTrue();
            assertThat(event.path("request").has("clientMetadata")).isTrue();
            List<String> responseFields = new ArrayList<>();
            event.path("response").fieldNames().forEachRemaining(responseFields::add);
            assertThat(responseFields).containsExactlyInAnyOrder("userAttributes", "finalUserStatus", "messageAction",
                    "desiredDeliveryMediums", "forceAliasCreation", "enableSMSMFA");
            assertThat(here(confirmed).orElseThrow().userStatus()).isEqualTo(UserStatusType.CONFIRMED);

            String resetRequired = someone();
            behaviour = answering("RESET_REQUIRED");
            assertThatThrownBy(() -> signIn(atPrimary, resetRequired, PASSWORD))
                    .isInstanceOf(PasswordResetRequiredException.class);
            assertThat(here(resetRequired).orElseThrow().userStatus()).isEqualTo(UserStatusType.RESET_REQUIRED);

            received.clear();
            String forgetful = someone();
            atPrimary.forgotPassword(b -> b.clientId(stack.clientId()).username(forgetful));
            assertThat(received.getFirst().path("triggerSource").asText()).isEqualTo("UserMigration_ForgotPassword");
            assertThat(received.getFirst().path("request").has("password")).isFalse();
            assertThat(here(forgetful).orElseThrow().userStatus()).isEqualTo(UserStatusType.RESET_REQUIRED);
        } finally {
            migrationTrigger(false);
        }
    }

    @Test
    void aFailingTriggerIsAWrongPasswordAMalformedOneCognitosErrorAndNeitherWritesAnything() {
        migrationTrigger(true);
        try {
            String username = someone();
            failure = "Bad password";
            assertThatThrownBy(() -> signIn(atPrimary, username, PASSWORD)).isInstanceOf(NotAuthorizedException.class)
                    .hasMessageStartingWith("Incorrect username or password.");
            assertThat(here(username)).isEmpty();

            failure = null;
            behaviour = event -> {
                ((ObjectNode) event.get("response")).put("finalUserStatus", "MAYBE");
                return event;
            };
            assertThatThrownBy(() -> signIn(atPrimary, username, PASSWORD))
                    .isInstanceOf(InvalidLambdaResponseException.class);
            assertThat(here(username)).isEmpty();
        } finally {
            migrationTrigger(false);
        }
    }

    /** The Cognito adapter against the second local stack, as a live Cognito pool. */
    @Nested
    class CognitoAdapterContract extends LegacyPoolContract {
        private final CognitoLegacyPool pool = new CognitoLegacyPool(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(legacy.adminAccessKeyId(), legacy.adminSecretAccessKey())));

        @Override
        protected LegacyPool pool() {
            return pool;
        }

        @Override
        protected LegacyPool.Address address() {
            return new LegacyPool.Address(legacy.primary().name(), legacy.userPoolId(), legacy.clientId(),
                    Optional.empty(), Optional.of(legacy.frontDoorEndpoint()));
        }

        @Override
        protected LegacyPool.Address unreachable() {
            return new LegacyPool.Address(legacy.primary().name(), legacy.userPoolId(), legacy.clientId(),
                    Optional.empty(), Optional.of(URI.create("http://127.0.0.1:1")));
        }

        @Override
        protected void givenUser(String username, String password, Map<String, String> attributes, List<String> groups) {
            var all = new ArrayList<AttributeType>();
            attributes.forEach((name, value) -> all.add(attribute(name, value)));
            all.add(attribute("email_verified", "true"));
            legacyAdmin.adminCreateUser(b -> b.userPoolId(legacy.userPoolId()).username(username)
                    .temporaryPassword("Temporary-Passw0rd!").messageAction(MessageActionType.SUPPRESS).userAttributes(all));
            legacyAdmin.adminSetUserPassword(b -> b.userPoolId(legacy.userPoolId()).username(username).password(password)
                    .permanent(true));
            for (String group : groups) {
                legacyAdmin.createGroup(b -> b.userPoolId(legacy.userPoolId()).groupName(group));
                legacyAdmin.adminAddUserToGroup(b -> b.userPoolId(legacy.userPoolId()).username(username)
                        .groupName(group));
            }
        }

        @Override
        protected void givenInvitedUser(String username, String temporaryPassword, String email) {
            legacyAdmin.adminCreateUser(b -> b.userPoolId(legacy.userPoolId()).username(username)
                    .temporaryPassword(temporaryPassword).messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(attribute("email", email), attribute("email_verified", "true")));
        }
    }
}
