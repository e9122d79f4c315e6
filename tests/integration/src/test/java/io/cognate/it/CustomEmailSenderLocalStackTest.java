package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import io.cognate.domain.triggers.EncryptionSdkMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The CustomEmailSender on the local stack, set through UpdateUserPool with the AWS SDK and served
 * by an HTTP sender written here: it receives Cognito's event, and its {@code request.code} is
 * decrypted by the official JavaScript Encryption SDK with a KMS keyring against the stack's KMS,
 * as an app's sender decrypts Cognito's, to a code that Cognate accepts. Cognate sends no e-mail
 * of its own (nothing reaches the outbox) and the code is in no event, console line or log line in
 * the clear. A failing sender fails nothing: it is invoked asynchronously and retried, as Cognito
 * does. The class runs its own stack: triggers are pool-wide.
 */
class CustomEmailSenderLocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Correct-Horse-9";

    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static CognitoIdentityProviderClient admin;
    private static CognitoIdentityProviderClient users;
    private static HttpServer senderServer;
    private static String keyArn;
    /** Every event the sender received, oldest first. */
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private static volatile String failure;

    @BeforeAll
    static void ownStack() throws IOException {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(console, true, StandardCharsets.UTF_8));
        primary = stack.regions().get(0);
        admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name());
        users = PoolUsers.client(primary.endpoint(), primary.name());
        try (KmsClient kms = primary.newKmsClient()) {
            keyArn = kms.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .description("the app's custom sender key")).keyMetadata().arn();
        }
        senderServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        senderServer.createContext("/sender", exchange -> {
            try (exchange) {
                received.add(JSON.readTree(exchange.getRequestBody()));
                String error = failure;
                byte[] body = (error == null ? "null" : JSON.createObjectNode().put("errorType", "Error")
                        .put("errorMessage", error).toString()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(error == null ? 200 : 500, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        senderServer.start();
    }

    @AfterAll
    static void stop() {
        if (senderServer != null) {
            senderServer.stop(0);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {admin, users, stack}) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    @BeforeEach
    void sender() {
        received.clear();
        failure = null;
        String url = "http://127.0.0.1:" + senderServer.getAddress().getPort() + "/sender";
        // UpdateUserPool resets what it leaves out: the settings this stack relies on are sent too.
        admin.updateUserPool(b -> b.userPoolId(stack.userPoolId())
                .autoVerifiedAttributes(List.of(VerifiedAttributeType.EMAIL))
                .accountRecoverySetting(r -> r.recoveryMechanisms(m -> m.name("verified_email").priority(1)))
                .lambdaConfig(LambdaConfigType.builder()
                        .customEmailSender(s -> s.lambdaArn(url).lambdaVersion("V1_0"))
                        .kmsKeyID(keyArn).build()));
    }

    private static SignUpResponse signUp(String username) {
        return users.signUp(b -> b.clientId(stack.clientId()).username(username).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(username + "@example.com")));
    }

    /** The sender is invoked asynchronously: its event arrives shortly after the answer. */
    private static JsonNode awaitEvent(Predicate<JsonNode> which) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode event : received) {
                if (which.test(event)) {
                    return event;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no such event reached the sender; received: " + received);
    }

    private static Predicate<JsonNode> event(String username, String source) {
        return event -> event.path("userName").asText().equals(username)
                && event.path("triggerSource").asText().equals(source);
    }

    /** The code as the app's sender gets it: the JavaScript SDK's KMS keyring, against this stack's KMS. */
    private static String decrypted(JsonNode event) {
        JsonNode answer = JavaScriptEncryptionSdk.decrypt(event.path("request").path("code").asText(),
                JavaScriptEncryptionSdk.kmsKeyring(keyArn, primary.name(), primary.kmsEndpoint().toString()));
        assertThat(answer.path("encryptionContext").path("userpool-id").asText()).isEqualTo(stack.userPoolId());
        assertThat(answer.path("suiteId").asInt()).isEqualTo(0x0378);
        String code = answer.path("plaintext").asText();
        SecretLedger.remember(code);
        return code;
    }

    private static void assertNowhereInTheClear(String username, String code, JsonNode event) {
        assertThat(event.toString()).doesNotContain(code);
        assertThat(stack.outbox().entries()).noneMatch(entry -> entry.username().equals(username));
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(code);
        if (RunLog.isCapturing()) {
            assertThat(RunLog.text()).doesNotContain(code);
        }
    }

    @Test
    void signUpsCodeGoesToTheSenderEncryptedAndConfirmsTheUser() {
        String username = PoolUsers.newUsername();

        SignUpResponse answer = signUp(username);

        assertThat(answer.userConfirmed()).isFalse();
        assertThat(answer.codeDeliveryDetails().deliveryMediumAsString()).isEqualTo("EMAIL");
        JsonNode event = awaitEvent(event(username, "CustomEmailSender_SignUp"));
        assertThat(event.path("version").asText()).isEqualTo("1");
        assertThat(event.path("region").asText()).isEqualTo(primary.name());
        assertThat(event.path("userPoolId").asText()).isEqualTo(stack.userPoolId());
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(stack.clientId());
        assertThat(event.path("callerContext").path("awsSdkVersion").isTextual()).isTrue();
        JsonNode request = event.path("request");
        assertThat(request.path("type").asText()).isEqualTo("customEmailSenderRequestV1");
        assertThat(request.has("clientMetadata")).isTrue();
        assertThat(request.path("userAttributes").path("email").asText()).isEqualTo(username + "@example.com");
        assertThat(request.path("userAttributes").path("cognito:user_status").asText()).isEqualTo("UNCONFIRMED");
        assertThat(request.path("userAttributes").path("sub").asText()).isEqualTo(answer.userSub());
        assertThat(request.path("code").asText()).startsWith("AYAD"); // version 1, type 0x80, suite 0x0378
        assertThat(event.toString()).doesNotContain(PASSWORD);

        String code = decrypted(event);
        assertThat(code).matches("\\d{6}");
        assertNowhereInTheClear(username, code, event);

        users.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
        assertThat(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void forgotPasswordsCodeGoesToTheSenderAndResetsThePassword() {
        String username = PoolUsers.newUsername();
        signUp(username);
        String signUpCode = decrypted(awaitEvent(event(username, "CustomEmailSender_SignUp")));
        users.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(signUpCode));

        users.forgotPassword(b -> b.clientId(stack.clientId()).username(username));

        JsonNode event = awaitEvent(event(username, "CustomEmailSender_ForgotPassword"));
        assertThat(event.path("request").path("userAttributes").path("email_verified").asText()).isEqualTo("true");
        String code = decrypted(event);
        assertNowhereInTheClear(username, code, event);
        users.confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code)
                .password("Another-Horse-8"));
        assertThat(users.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", "Another-Horse-8")))
                .authenticationResult().accessToken()).isNotEmpty();
    }

    @Test
    void anInvitationsTemporaryPasswordGoesToTheSender() {
        String username = PoolUsers.newUsername();

        admin.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                .userAttributes(a -> a.name("email").value(username + "@example.com")));

        JsonNode event = awaitEvent(event(username, "CustomEmailSender_AdminCreateUser"));
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo("CLIENT_ID_NOT_APPLICABLE");
        String temporaryPassword = decrypted(event);
        assertNowhereInTheClear(username, temporaryPassword, event);
        assertThat(users.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", temporaryPassword))).challengeName())
                .isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
    }

    /**
     * Cognito invokes a custom sender asynchronously: the operation has succeeded before the sender
     * runs, so a failing sender fails nothing; Lambda tries it twice more. The code stays pending
     * (a new one can be asked for) and Cognate sends no e-mail in its place.
     */
    @Test
    void aFailingSenderFailsNothingAndIsRetriedTwice() throws InterruptedException {
        failure = "the mail provider is down";
        String username = PoolUsers.newUsername();

        SignUpResponse answer = signUp(username);

        assertThat(answer.userConfirmed()).isFalse();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (received.stream().filter(event(username, "CustomEmailSender_SignUp")).count() < 3
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        assertThat(received.stream().filter(event(username, "CustomEmailSender_SignUp"))).hasSize(3);
        assertThat(stack.outbox().entries()).noneMatch(entry -> entry.username().equals(username));
        assertThat(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userStatus())
                .isEqualTo(UserStatusType.UNCONFIRMED);

        failure = null;
        users.resendConfirmationCode(b -> b.clientId(stack.clientId()).username(username));
        String code = decrypted(awaitEvent(event(username, "CustomEmailSender_ResendCode")));
        users.confirmSignUp(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code));
    }

    /**
     * The other direction of the format check: a message Cognate writes with a raw AES data key
     * (the JavaScript SDK's raw AES keyring format for the encrypted data key) decrypts with that
     * keyring, so the format holds without KMS in the way.
     */
    @Test
    void aMessageWrittenHereDecryptsWithTheJavaScriptSdksRawAesKeyring() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] wrappingKey = new byte[32];
        random.nextBytes(wrappingKey);
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        KeyPair signing = EncryptionSdkMessage.newSigningKeyPair();
        Map<String, String> context = EncryptionSdkMessage.contextWithPublicKey(Map.of("userpool-id", "eu-west-1_X"),
                signing);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher wrap = Cipher.getInstance("AES/GCM/NoPadding");
        wrap.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrappingKey, "AES"), new GCMParameterSpec(128, iv));
        wrap.updateAAD(serialized(context));
        byte[] wrapped = wrap.doFinal(dataKey);
        byte[] name = "wrapping-key".getBytes(StandardCharsets.UTF_8);
        byte[] providerInfo = ByteBuffer.allocate(name.length + 4 + 4 + 12).put(name).putInt(128).putInt(12).put(iv)
                .array();

        byte[] message = EncryptionSdkMessage.write(dataKey, new EncryptionSdkMessage.EncryptedDataKey("cognate-test",
                providerInfo, wrapped), context, signing,
                "Temp-Pa55word!".getBytes(StandardCharsets.UTF_8));

        JsonNode answer = JavaScriptEncryptionSdk.decrypt(Base64.getEncoder().encodeToString(message),
                JavaScriptEncryptionSdk.rawAesKeyring("cognate-test", "wrapping-key", wrappingKey));
        assertThat(answer.path("plaintext").asText()).isEqualTo("Temp-Pa55word!");
        assertThat(answer.path("messageFormat").asInt()).isEqualTo(1);
    }

    private static byte[] serialized(Map<String, String> context) {
        var out = new ByteArrayOutputStream();
        out.write(0);
        out.write(context.size());
        for (var entry : new TreeMap<>(context).entrySet()) {
            for (String part : List.of(entry.getKey(), entry.getValue())) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                out.write(bytes.length >>> 8);
                out.write(bytes.length & 0xFF);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }
}
