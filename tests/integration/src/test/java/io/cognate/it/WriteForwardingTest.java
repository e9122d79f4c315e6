package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.config.WriteForwardingConfig;
import io.cognate.domain.Username;
import io.cognate.domain.forwarding.ForwardingKeys;
import io.cognate.domain.forwarding.ForwardingSignature;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.LeaderForwarder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Write forwarding through the unmodified SDK's Cognito client pointed at the secondary's own
 * port while the primary leads: every write is answered by the leader, the answer comes back as
 * it was given, and the user's next read at either region sees the write (no wait for replication
 * in the test: the secondary waited for it). The class runs its own stack, with the pool's default
 * (forwarding on): its last test takes the primary down and promotes the secondary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteForwardingTest {
    private static final String NEW_PASSWORD = "Forwarded-Secret-8";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalCognate stack;
    private static LocalRegion primary;
    private static LocalRegion secondary;
    private static PoolUsers atPrimary;
    private static PoolUsers atSecondary;

    @BeforeAll
    static void start() {
        stack = LocalCognate.start(LocalOptions.ephemeral(), new PrintStream(OutputStream.nullOutputStream()));
        primary = stack.regions().get(0);
        secondary = stack.regions().get(1);
        atPrimary = new PoolUsers(stack, primary.endpoint(), primary.name());
        atSecondary = new PoolUsers(stack, secondary.endpoint(), secondary.name());
        assertThat(stack.activeRegion()).isEqualTo(primary.name());
        assertThat(stack.writeForwarding()).as("on by default").isTrue();
    }

    @AfterAll
    static void stop() {
        atPrimary.close();
        atSecondary.close();
        stack.close();
    }

    private static CognitoIdentityProviderClient west() {
        return atSecondary.client();
    }

    @Test
    @Order(1)
    void signUpAndConfirmationAtTheSecondaryThenSignInAtEitherRegionAtOnce() {
        String username = PoolUsers.newUsername();
        var signedUp = west().signUp(b -> b.clientId(stack.clientId()).username(username).password(PoolUsers.PASSWORD)
                .userAttributes(attribute("email", username + "@example.com")));
        assertThat(signedUp.userConfirmed()).isFalse();
        assertThat(signedUp.userSub()).isNotBlank();
        atSecondary.confirm(username);

        assertThat(atSecondary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        assertThat(atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    @Order(2)
    void passwordResetAtTheSecondary() {
        String username = confirmedAtPrimary();
        var sent = west().forgotPassword(b -> b.clientId(stack.clientId()).username(username));
        assertThat(sent.codeDeliveryDetails().attributeName()).isEqualTo("email");
        String code = stack.outbox().latestCodeFor(username).orElseThrow();
        west().confirmForgotPassword(b -> b.clientId(stack.clientId()).username(username).confirmationCode(code)
                .password(NEW_PASSWORD));

        assertThat(atSecondary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThat(atPrimary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> atSecondary.signIn(username, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    @Order(3)
    void profileChangeAndPasswordChangeAtTheSecondaryAreReadThereAtOnce() {
        String username = confirmedAtPrimary();
        String accessToken = atSecondary.signIn(username, PoolUsers.PASSWORD).accessToken();
        west().updateUserAttributes(b -> b.accessToken(accessToken).userAttributes(attribute("name", "Forwarded Name")));
        assertThat(west().getUser(b -> b.accessToken(accessToken)).userAttributes())
                .contains(attribute("name", "Forwarded Name"));

        west().changePassword(b -> b.accessToken(accessToken).previousPassword(PoolUsers.PASSWORD)
                .proposedPassword(NEW_PASSWORD));
        assertThat(atSecondary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThat(atPrimary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> atPrimary.signIn(username, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    @Order(4)
    void totpEnrolmentAtTheSecondaryThenSignInWithACodeAtEitherRegion() {
        String username = confirmedAtPrimary();
        String accessToken = atSecondary.signIn(username, PoolUsers.PASSWORD).accessToken();
        String secretCode = west().associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode();
        var phone = new Rfc6238Codes(secretCode, Clock.systemUTC());
        var verified = west().verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value())
                .friendlyDeviceName("forwarded phone"));
        assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        west().setUserMFAPreference(b -> b.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));

        for (PoolUsers at : new PoolUsers[] {atSecondary, atPrimary}) {
            InitiateAuthResponse challenge = at.client().initiateAuth(b -> b.clientId(stack.clientId())
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", username, "PASSWORD", PoolUsers.PASSWORD)));
            assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            var tokens = at.client().respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(challenge.session())
                    .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE",
                            phone.fresh(Duration.ofSeconds(5)).value()))).authenticationResult();
            assertThat(tokens.accessToken()).isNotBlank();
        }
    }

    @Test
    @Order(5)
    void anImportJobMadeAndStartedAtTheSecondaryRunsAtTheLeaderAndIsReadAtTheSecondary() throws Exception {
        String username = PoolUsers.newUsername();
        String bcrypt = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"; // "U*U", OpenBSD's vector
        String csv = "name,given_name,family_name,email,email_verified,phone_number,phone_number_verified,"
                + "cognito:mfa_enabled,cognito:username,cognate:password_hash\n"
                + "Jane,Jane,Doe," + username + "@example.com,true,,false,false," + username + "," + bcrypt + "\n";
        try (var admin = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name())) {
            var created = admin.createUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobName("forwarded")
                    .cloudWatchLogsRoleArn("arn:aws:iam::123456789012:role/CognitoImportLogs")).userImportJob();
            // Read at the secondary at once: the forwarded answer waited for the job's item here.
            assertThat(admin.describeUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(created.jobId()))
                    .userImportJob().status()).isEqualTo(UserImportJobStatusType.CREATED);
            int uploaded = HTTP.send(HttpRequest.newBuilder(URI.create(created.preSignedUrl()))
                    .PUT(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            assertThat(uploaded).isEqualTo(200);
            admin.startUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(created.jobId()));

            UserImportJobType job;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do {
                Thread.sleep(200);
                job = admin.describeUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(created.jobId()))
                        .userImportJob();
            } while (job.status() != UserImportJobStatusType.SUCCEEDED && job.status() != UserImportJobStatusType.FAILED
                    && System.nanoTime() < deadline);
            assertThat(job.status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
            assertThat(job.importedUsers()).isEqualTo(1);
        }
        assertThat(atSecondary.signIn(username, "U*U").accessToken()).isNotBlank();
    }

    @Test
    @Order(5)
    void anAdminWriteSignedWithTheLocalAdminKeyIsForwarded() {
        String username = PoolUsers.newUsername();
        try (var admin = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name());
             var adminAtPrimary = PoolUsers.adminClient(stack, primary.endpoint(), primary.name())) {
            admin.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                    .userAttributes(attribute("email", username + "@example.com")).messageAction("SUPPRESS"));
            admin.adminSetUserPassword(b -> b.userPoolId(stack.userPoolId()).username(username)
                    .password(PoolUsers.PASSWORD).permanent(true));
            admin.adminUpdateUserAttributes(b -> b.userPoolId(stack.userPoolId()).username(username)
                    .userAttributes(attribute("name", "Made At The Secondary")));
            assertThat(admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userAttributes())
                    .contains(attribute("name", "Made At The Secondary"));
            assertThat(adminAtPrimary.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username))
                    .userAttributes()).contains(attribute("name", "Made At The Secondary"));
        }
        assertThat(atSecondary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();
        assertThat(atPrimary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    @Order(5)
    void aNewPasswordChosenAtTheSecondaryIsForwardedAndItsRefreshTokenWorksThereAtOnce() {
        String username = PoolUsers.newUsername();
        try (var admin = PoolUsers.adminClient(stack, primary.endpoint(), primary.name())) {
            admin.adminCreateUser(b -> b.userPoolId(stack.userPoolId()).username(username)
                    .userAttributes(attribute("email", username + "@example.com")));
        }
        String temporary = stack.outbox().latestCodeFor(username).orElseThrow();
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        InitiateAuthResponse challenge = west().initiateAuth(b -> b.clientId(stack.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", temporary)));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        var tokens = west().respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", NEW_PASSWORD))).authenticationResult();
        // The refresh token was stored at the leader; the secondary waited for it to replicate.
        assertThat(atSecondary.refresh(tokens.refreshToken()).accessToken()).isNotBlank();
        assertThat(atSecondary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
        assertThat(atPrimary.signIn(username, NEW_PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    @Order(6)
    void errorAnswersComeBackAsTheLeaderGaveThem() {
        String username = confirmedAtPrimary();
        var atEast = catching(() -> atPrimary.signUp(username, PoolUsers.PASSWORD));
        var atWest = catching(() -> atSecondary.signUp(username, PoolUsers.PASSWORD));
        assertThat(atWest).isInstanceOf(UsernameExistsException.class);
        assertThat(atWest.statusCode()).isEqualTo(atEast.statusCode()).isEqualTo(400);
        assertThat(atWest.awsErrorDetails().errorCode()).isEqualTo(atEast.awsErrorDetails().errorCode());
        assertThat(atWest.awsErrorDetails().errorMessage()).isEqualTo(atEast.awsErrorDetails().errorMessage());

        String unconfirmed = PoolUsers.newUsername();
        atSecondary.signUp(unconfirmed, PoolUsers.PASSWORD);
        assertThatThrownBy(() -> west().confirmSignUp(b -> b.clientId(stack.clientId()).username(unconfirmed)
                .confirmationCode(wrongCode(unconfirmed)))).isInstanceOf(CodeMismatchException.class);
    }

    /** Attack: wrong codes sent to the secondary are counted once, at the leader, not once per region. */
    @Test
    @Order(7)
    void wrongCodesForwardedAreCountedOnce() {
        // Four wrong guesses leave the right code usable: counted twice they would be eight, past five.
        String patient = PoolUsers.newUsername();
        atSecondary.signUp(patient, PoolUsers.PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> west().confirmSignUp(b -> b.clientId(stack.clientId()).username(patient)
                    .confirmationCode(wrongCode(patient)))).isInstanceOf(CodeMismatchException.class);
        }
        atSecondary.confirm(patient);
        assertThat(atSecondary.signIn(patient, PoolUsers.PASSWORD).accessToken()).isNotBlank();

        // Five wrong guesses use the code up, wherever they were sent: they are counted.
        String guesser = PoolUsers.newUsername();
        atSecondary.signUp(guesser, PoolUsers.PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> west().confirmSignUp(b -> b.clientId(stack.clientId()).username(guesser)
                    .confirmationCode(wrongCode(guesser)))).isInstanceOf(CodeMismatchException.class);
        }
        String right = stack.outbox().latestCodeFor(guesser).orElseThrow();
        assertThatThrownBy(() -> atPrimary.client().confirmSignUp(b -> b.clientId(stack.clientId()).username(guesser)
                .confirmationCode(right))).isInstanceOf(CodeMismatchException.class);

        // A wrong previous password in a forwarded ChangePassword is counted at the leader only.
        String victim = confirmedAtPrimary();
        String token = atSecondary.signIn(victim, PoolUsers.PASSWORD).accessToken();
        assertThatThrownBy(() -> west().changePassword(b -> b.accessToken(token).previousPassword("Wrong-Secret-1")
                .proposedPassword(NEW_PASSWORD))).isInstanceOf(NotAuthorizedException.class);
        assertThat(failuresCountedAt(primary, victim)).isEqualTo(1);
        assertThat(failuresCountedAt(secondary, victim)).isZero();
    }

    @Test
    @Order(8)
    void aForwardedRequestIsServedOnlyWithAValidSignatureWithinTheTimeWindow() throws Exception {
        String username = PoolUsers.newUsername();
        byte[] body = ("{\"ClientId\":\"" + stack.clientId() + "\",\"Username\":\"" + username
                + "\",\"Password\":\"" + PoolUsers.PASSWORD + "\",\"UserAttributes\":[{\"Name\":\"email\",\"Value\":\""
                + username + "@example.com\"}]}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = signedBySecondary("SignUp", body, Clock.systemUTC());

        // Tampered, stripped or unsigned: refused, and nothing is written.
        assertRefused(send(tampered(signed, h -> put(h, ForwardingSignature.SIGNATURE, "0".repeat(64))), body));
        assertRefused(send(tampered(signed, h -> put(h, ForwardingSignature.CALLER_ADDRESS, "203.0.113.7")), body));
        assertRefused(send(tampered(signed, h -> remove(h, ForwardingSignature.SIGNATURE)), body));
        assertRefused(send(tampered(signed, h -> remove(h, ForwardingSignature.KEY)), body));
        assertRefused(send(tampered(signed, h -> put(h, ForwardingSignature.FROM, primary.name())), body));
        assertRefused(send(Map.of("content-type", "application/x-amz-json-1.1",
                "x-amz-target", "AWSCognitoIdentityProviderService.SignUp", ForwardingSignature.FROM, secondary.name()), body));
        byte[] otherBody = new String(body, StandardCharsets.UTF_8).replace(username, username + "x")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(send(signed, otherBody));
        // Signed six minutes ago: outside the five-minute window, as a replay would be.
        assertRefused(send(signedBySecondary("SignUp", body, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6))), body));
        assertThatThrownBy(() -> atPrimary.signIn(username, PoolUsers.PASSWORD)).isInstanceOf(NotAuthorizedException.class);

        // The same request as signed: served (so each refusal above is the check's, not the harness's).
        HttpResponse<String> served = send(signed, body);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue(ForwardingSignature.WRITTEN)).isPresent();
    }

    @Test
    @Order(9)
    void withTheSettingOffASecondaryRefusesWritesAsBefore() {
        stack.setWriteForwarding(false);
        try {
            assertThatThrownBy(() -> atSecondary.signUp(PoolUsers.newUsername(), PoolUsers.PASSWORD))
                    .isInstanceOfSatisfying(OperationNotEnabledException.class, e -> assertThat(
                            e.awsErrorDetails().errorMessage()).contains("read-only replica").contains(primary.name()));
        } finally {
            stack.setWriteForwarding(true);
        }
        String username = PoolUsers.newUsername();
        atSecondary.signUp(username, PoolUsers.PASSWORD);
        atSecondary.confirm(username);
    }

    @Test
    @Order(10)
    void withTheLeaderDownTheWriteIsRefusedRetryablyUntilThePromotion() {
        String username = confirmedAtPrimary();
        stack.setOutage(primary.name(), true);
        var refused = catching(() -> atSecondary.signUp(PoolUsers.newUsername(), PoolUsers.PASSWORD));
        assertThat(refused).isInstanceOf(InternalErrorException.class);
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.awsErrorDetails().errorMessage()).contains("could not forward").contains("Retry");
        // The SDK's default retry policy retried it: a retryable error.
        assertThat(refused.numAttempts()).isGreaterThan(1);
        // Reads keep working at the secondary meanwhile.
        assertThat(atSecondary.signIn(username, PoolUsers.PASSWORD).accessToken()).isNotBlank();

        for (int run = 0; run < 4 && !secondary.name().equals(stack.activeRegion()); run++) {
            stack.runScheduledCheck(secondary.name());
        }
        assertThat(stack.activeRegion()).isEqualTo(secondary.name());
        String afterPromotion = PoolUsers.newUsername();
        atSecondary.signUp(afterPromotion, PoolUsers.PASSWORD);
        atSecondary.confirm(afterPromotion);
        assertThat(atSecondary.signIn(afterPromotion, PoolUsers.PASSWORD).accessToken()).isNotBlank();
    }

    /** A user signed up and confirmed at the primary, as replicated to the secondary (not forwarded: plain replication). */
    private static String confirmedAtPrimary() {
        String username = atPrimary.newConfirmedUser();
        assertThat(stack.replication().awaitReplicated(Duration.ofSeconds(20))).isTrue();
        return username;
    }

    /** The headers the secondary's forwarding signs {@code body} with, at {@code clock}'s time. */
    private static Map<String, String> signedBySecondary(String operation, byte[] body, Clock clock) {
        AtomicReference<Map<String, String>> captured = new AtomicReference<>();
        LeaderForwarder capture = (endpoint, headers, sent, connect, answer) -> {
            captured.set(headers);
            return new LeaderForwarder.Answer(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        };
        KmsClient kms = secondary.newKmsClient();
        try {
            var envelopes = new KmsSecretEnvelopes(kms, secondary.services().config().dataKeyId(), new SecureRandom());
            var forwarding = new WriteForwarding(secondary.name(), stack.userPoolId(), secondary.services().leaders(),
                    () -> true, new ForwardingKeys(stack.userPoolId(), secondary.name(), envelopes, new SecureRandom(), clock),
                    capture, (items, bound) -> true,
                    new WriteForwardingConfig(Map.of(primary.name(), primary.endpoint(), secondary.name(),
                            secondary.endpoint()), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(2)),
                    AuthEvents.none(), clock);
            forwarding.forwardIfNeeded(new WriteForwarding.Request(operation, Optional.empty(),
                    "application/x-amz-json-1.1", body, Optional.of("198.51.100.9"), Optional.empty()));
        } finally {
            kms.close();
        }
        return Map.copyOf(captured.get());
    }

    private static HttpResponse<String> send(Map<String, String> headers, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(primary.endpoint().resolve("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("x-amzn-errortype")).contains("UnrecognizedClientException");
        assertThat(answer.headers().firstValue(ForwardingSignature.WRITTEN)).isEmpty();
    }

    private static Map<String, String> tampered(Map<String, String> headers, UnaryOperator<Map<String, String>> change) {
        return change.apply(new HashMap<>(headers));
    }

    private static Map<String, String> put(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> remove(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static CognitoIdentityProviderException catching(Runnable call) {
        try {
            call.run();
        } catch (CognitoIdentityProviderException e) {
            return e;
        }
        throw new AssertionError("the call was not refused");
    }

    /** A six-digit code that is not the one delivered. */
    private static String wrongCode(String username) {
        String right = stack.outbox().latestCodeFor(username).orElseThrow();
        return right.equals("000000") ? "111111" : "000000";
    }

    private static int failuresCountedAt(LocalRegion region, String username) {
        return new DynamoDbLockoutCounters(region.dynamo().client(), LocalRegion.TABLES.lockout())
                .read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
