package io.cognate.domain.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolUpdate;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.ports.TriggerInvoker.TriggerFailed;
import io.cognate.testing.InMemoryRegion;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The triggers through the in-memory region, with fake functions: the events they receive, field
 * by field as Cognito sends them, the effect of their answers, and Cognito's errors when they
 * fail, with nothing written by an operation whose pre-trigger failed.
 */
class TriggersTest {
    private static final String POOL = InMemoryRegion.USER_POOL_ID;
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String PRE_SIGN_UP = "http://pre-sign-up.test/";
    private static final String CUSTOM_MESSAGE = "http://custom-message.test/";
    private static final String PRE_AUTHENTICATION = "http://pre-authentication.test/";
    private static final String POST_AUTHENTICATION = "http://post-authentication.test/";
    private static final String POST_CONFIRMATION = "http://post-confirmation.test/";

    private final InMemoryRegion region = InMemoryRegion.create();

    private void configure(Map<String, String> lambdaConfig) {
        region.poolAdministration().update(POOL, new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(),
                MfaConfiguration.OFF, List.of("email"), List.of(new RecoveryMechanism(1, "verified_email")),
                DeletionProtection.INACTIVE, false, 7, List.of(), LambdaConfig.checked(lambdaConfig, true)));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String member) {
        return (Map<String, Object>) parent.get(member);
    }

    private static void refusedAs(Runnable call, String type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void preSignUpReceivesCognitosEventAndAutoConfirmsTheUser() {
        configure(Map.of("PreSignUp", PRE_SIGN_UP));
        region.triggerInvoker().serve(PRE_SIGN_UP,
                event -> "{\"response\":{\"autoConfirmUser\":true,\"autoVerifyEmail\":true,\"autoVerifyPhone\":false}}");

        IdentityService.SignUpResult result = region.signUp("ada", PASSWORD, "ada@example.com");

        Map<String, Object> event = parse(region.triggerInvoker().events().getFirst());
        assertThat(event).containsEntry("version", "1").containsEntry("region", region.region())
                .containsEntry("userPoolId", POOL).containsEntry("userName", "ada")
                .containsEntry("triggerSource", "PreSignUp_SignUp");
        assertThat(object(event, "callerContext")).containsEntry("clientId", InMemoryRegion.CLIENT_ID)
                .containsKey("awsSdkVersion");
        Map<String, Object> request = object(event, "request");
        assertThat(object(request, "userAttributes")).isEqualTo(Map.of("email", "ada@example.com"));
        assertThat(request).containsEntry("validationData", null).containsEntry("clientMetadata", null);
        assertThat(object(event, "response")).isEqualTo(Map.of("autoConfirmUser", false, "autoVerifyEmail", false,
                "autoVerifyPhone", false));
        assertThat(region.triggerInvoker().events().getFirst()).doesNotContain(PASSWORD);

        assertThat(result.userConfirmed()).isTrue();
        assertThat(result.codeDelivery()).isNull();
        assertThat(region.user("ada").status()).isEqualTo(UserStatus.CONFIRMED);
        assertThat(region.user("ada").attributes()).containsEntry("email_verified", "true");
        assertThat(region.codeDelivery().sentTo("ada")).isEmpty();
        assertThat(region.signIn("ada", PASSWORD).accessToken()).isNotEmpty();
    }

    @Test
    void aRefusingPreSignUpIsUserLambdaValidationExceptionAndNothingIsWritten() {
        configure(Map.of("PreSignUp", PRE_SIGN_UP));
        region.triggerInvoker().serve(PRE_SIGN_UP, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "Sign-ups from this domain are closed");
        });

        refusedAs(() -> region.signUp("ada", PASSWORD, "ada@example.com"), "UserLambdaValidationException",
                "PreSignUp failed with error Sign-ups from this domain are closed.");

        assertThat(region.inMemoryDirectory().findByUsername(Username.of("ada"))).isEmpty();
        assertThat(region.codeDelivery().sent()).isEmpty();
    }

    @Test
    void aMalformedOrMisshapenAnswerIsInvalidLambdaResponseException() {
        configure(Map.of("PreSignUp", PRE_SIGN_UP));
        region.triggerInvoker().serve(PRE_SIGN_UP, event -> "<html>not json");
        refusedAs(() -> region.signUp("ada", PASSWORD, "ada@example.com"), "InvalidLambdaResponseException",
                "Invalid lambda function output : Invalid JSON");

        region.triggerInvoker().serve(PRE_SIGN_UP, event -> "{\"response\":{\"autoConfirmUser\":\"yes\"}}");
        refusedAs(() -> region.signUp("ada", PASSWORD, "ada@example.com"), "InvalidLambdaResponseException",
                "Unrecognizable lambda output");
        assertThat(region.inMemoryDirectory().findByUsername(Username.of("ada"))).isEmpty();
    }

    @Test
    void aTriggerThatCannotBeRunIsUnexpectedLambdaException() {
        configure(Map.of("PreSignUp", "http://nobody-serves-this.test/"));

        refusedAs(() -> region.signUp("ada", PASSWORD, "ada@example.com"), "UnexpectedLambdaException",
                "PreSignUp invocation failed due to error ResourceNotFoundException.");
        assertThat(region.inMemoryDirectory().findByUsername(Username.of("ada"))).isEmpty();
    }

    @Test
    void customMessageSetsTheEmailWithTheCodeInPlaceOfItsParameter() {
        configure(Map.of("CustomMessage", CUSTOM_MESSAGE));
        region.triggerInvoker().serve(CUSTOM_MESSAGE, event -> {
            String source = (String) parse(event).get("triggerSource");
            return "{\"response\":{\"emailSubject\":\"Welcome (" + source + ")\","
                    + "\"emailMessage\":\"Your code is {####}.\",\"smsMessage\":null}}";
        });

        region.signUp("ada", PASSWORD, "ada@example.com");

        var sent = region.codeDelivery().lastTo("ada").orElseThrow();
        assertThat(sent.emailSubject()).isEqualTo("Welcome (CustomMessage_SignUp)");
        assertThat(sent.emailMessage()).isEqualTo("Your code is " + sent.code() + ".");
        String eventJson = region.triggerInvoker().events().getFirst();
        assertThat(eventJson).doesNotContain(sent.code()).doesNotContain(PASSWORD);
        Map<String, Object> request = object(parse(eventJson), "request");
        assertThat(request).containsEntry("codeParameter", "{####}");
        assertThat(object(request, "userAttributes")).containsEntry("email", "ada@example.com")
                .containsEntry("email_verified", "false").containsEntry("cognito:user_status", "UNCONFIRMED")
                .containsKey("sub");
        assertThat(sent.toString()).doesNotContain(sent.code());

        region.identityService().resendConfirmationCode(InMemoryRegion.CLIENT_ID, "ada");
        assertThat(region.codeDelivery().lastTo("ada").orElseThrow().emailSubject())
                .isEqualTo("Welcome (CustomMessage_ResendCode)");
    }

    @Test
    void aFailingCustomMessageLeavesNoUserBehind() {
        configure(Map.of("CustomMessage", CUSTOM_MESSAGE));
        region.triggerInvoker().serve(CUSTOM_MESSAGE, event -> "{\"response\":{\"emailMessage\":\"No code here\"}}");

        assertThatThrownBy(() -> region.signUp("ada", PASSWORD, "ada@example.com"))
                .isInstanceOfSatisfying(CognitoException.class,
                        e -> assertThat(e.type()).isEqualTo("InvalidLambdaResponseException"));
        assertThat(region.inMemoryDirectory().findByUsername(Username.of("ada"))).isEmpty();
    }

    @Test
    void preAuthenticationIsAskedOnlyForAKnownUserWithTheRightPasswordAndMayRefuse() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configure(Map.of("PreAuthentication", PRE_AUTHENTICATION, "PostAuthentication", POST_AUTHENTICATION));
        region.triggerInvoker().serve(PRE_AUTHENTICATION, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "Account on hold");
        });
        region.triggerInvoker().serve(POST_AUTHENTICATION, event -> "{\"response\":{}}");

        refusedAs(() -> region.signIn("nobody", PASSWORD), "NotAuthorizedException", "Incorrect username or password.");
        refusedAs(() -> region.signIn("ada", "Wrong-Horse-9"), "NotAuthorizedException", "Incorrect username or password.");
        assertThat(region.triggerInvoker().events()).isEmpty();

        refusedAs(() -> region.signIn("ada", PASSWORD), "UserLambdaValidationException",
                "PreAuthentication failed with error Account on hold.");
        Map<String, Object> event = parse(region.triggerInvoker().events().getFirst());
        assertThat(event).containsEntry("triggerSource", "PreAuthentication_Authentication")
                .containsEntry("userName", "ada");
        assertThat(object(object(event, "request"), "userAttributes")).containsEntry("cognito:user_status", "CONFIRMED");
        assertThat(region.triggerInvoker().events()).hasSize(1);

        region.triggerInvoker().serve(PRE_AUTHENTICATION, body -> "{\"response\":{}}");
        assertThat(region.signIn("ada", PASSWORD).accessToken()).isNotEmpty();
        Map<String, Object> post = parse(region.triggerInvoker().events().getLast());
        assertThat(post).containsEntry("triggerSource", "PostAuthentication_Authentication");
        assertThat(object(post, "request")).containsEntry("newDeviceUsed", false);
    }

    @Test
    void postConfirmationRunsAfterTheConfirmationAndItsFailureIsTheAnswerThoughTheUserStaysConfirmed() {
        configure(Map.of("PostConfirmation", POST_CONFIRMATION));
        region.triggerInvoker().serve(POST_CONFIRMATION, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "profile table unavailable");
        });
        region.signUp("ada", PASSWORD, "ada@example.com");

        refusedAs(() -> region.identityService().confirmSignUp(InMemoryRegion.CLIENT_ID, "ada",
                        region.codeDelivery().lastCodeFor("ada")), "UserLambdaValidationException",
                "PostConfirmation failed with error profile table unavailable.");

        assertThat(region.user("ada").status()).isEqualTo(UserStatus.CONFIRMED);
        Map<String, Object> event = parse(region.triggerInvoker().events().getFirst());
        assertThat(event).containsEntry("triggerSource", "PostConfirmation_ConfirmSignUp");
        assertThat(object(object(event, "request"), "userAttributes")).containsEntry("email_verified", "true")
                .containsEntry("cognito:user_status", "CONFIRMED");
    }

    @Test
    void lambdaConfigTakesFunctionArnsAndHttpUrlsOnlyWhereAllowed() {
        String arn = "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up";
        assertThat(LambdaConfig.checked(Map.of("PreSignUp", arn), false).target(Trigger.PRE_SIGN_UP)).contains(arn);
        assertThatThrownBy(() -> LambdaConfig.checked(Map.of("PreSignUp", PRE_SIGN_UP), false))
                .isInstanceOfSatisfying(CognitoException.class,
                        e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        assertThatThrownBy(() -> LambdaConfig.checked(Map.of("PreSignUp", "arn:aws:sns:eu-west-1:123456789012:t"), true))
                .isInstanceOf(CognitoException.class);
        assertThatThrownBy(() -> LambdaConfig.checked(Map.of("PreTokenGenerationConfig.LambdaVersion", "V9_0"), true))
                .isInstanceOf(CognitoException.class);
        LambdaConfig stored = LambdaConfig.checked(Map.of("PreTokenGeneration", arn, "UserMigration", arn), false);
        assertThat(stored.entries()).containsEntry("PreTokenGenerationConfig.LambdaArn", arn)
                .containsEntry("PreTokenGenerationConfig.LambdaVersion", "V1_0").containsEntry("UserMigration", arn);
    }

    @Test
    void updateUserPoolWithoutLambdaConfigClearsTheTriggersAsCognitoDoes() {
        configure(Map.of("PreSignUp", PRE_SIGN_UP));
        assertThat(region.poolAdministration().describe(POOL).lambdaConfig().isEmpty()).isFalse();

        region.poolAdministration().update(POOL, PoolUpdate.COGNITO_DEFAULT);

        assertThat(region.poolAdministration().describe(POOL).lambdaConfig().isEmpty()).isTrue();
    }

    private static final String SENDER = "http://custom-email-sender.test/";
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-123456789abc";

    private void configureSender(Map<String, String> more) {
        var config = new java.util.HashMap<String, String>(Map.of("CustomEmailSender.LambdaArn", SENDER,
                "CustomEmailSender.LambdaVersion", "V1_0", "KMSKeyID", KMS_KEY));
        config.putAll(more);
        configure(config);
    }

    @Test
    void theCustomEmailSenderTakesTheCodeEncryptedAndCognateSendsNoEmail() {
        configureSender(Map.of("CustomMessage", CUSTOM_MESSAGE));
        region.triggerInvoker().serve(SENDER, event -> "null");

        IdentityService.SignUpResult result = region.signUp("ada", PASSWORD, "ada@example.com");

        assertThat(result.userConfirmed()).isFalse();
        assertThat(result.codeDelivery().deliveryMedium()).isEqualTo("EMAIL");
        // CustomMessage writes an e-mail for Cognate to send; with a sender set Cognate sends none.
        assertThat(region.triggerInvoker().events()).hasSize(1);
        assertThat(region.codeDelivery().sentTo("ada")).isEmpty();
        Map<String, Object> event = parse(region.triggerInvoker().events().getFirst());
        assertThat(event).containsEntry("version", "1").containsEntry("region", region.region())
                .containsEntry("userPoolId", POOL).containsEntry("userName", "ada")
                .containsEntry("triggerSource", "CustomEmailSender_SignUp").doesNotContainKey("response");
        assertThat(object(event, "callerContext")).containsEntry("clientId", InMemoryRegion.CLIENT_ID);
        Map<String, Object> request = object(event, "request");
        assertThat(request).containsEntry("type", "customEmailSenderRequestV1").containsKey("clientMetadata");
        assertThat(object(request, "userAttributes")).containsEntry("email", "ada@example.com")
                .containsEntry("cognito:user_status", "UNCONFIRMED").containsKey("sub");
        String code = SenderEventCodes.decrypt(region, (String) request.get("code"), KMS_KEY);
        assertThat(code).matches("\\d{6}");
        assertThat(region.triggerInvoker().events().getFirst()).doesNotContain(code);

        region.identityService().confirmSignUp(InMemoryRegion.CLIENT_ID, "ada", code);
        assertThat(region.user("ada").status()).isEqualTo(UserStatus.CONFIRMED);
    }

    @Test
    void anEmailSignInCodeGoesToTheSenderAsAuthenticationAndSignsIn() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> "null");
        int sentBefore = region.codeDelivery().sentTo("ada").size();

        var challenge = (io.cognate.domain.mfa.MfaSignIn.Challenge) region.choiceSignIn().start(InMemoryRegion.CLIENT_ID,
                Map.of("USERNAME", "ada", "PREFERRED_CHALLENGE", "EMAIL_OTP"));

        assertThat(region.codeDelivery().sentTo("ada")).as("Cognate sends no e-mail of its own").hasSize(sentBefore);
        Map<String, Object> event = parse(region.triggerInvoker().events().getLast());
        assertThat(event).containsEntry("triggerSource", "CustomEmailSender_Authentication");
        String code = SenderEventCodes.decrypt(region, (String) object(event, "request").get("code"), KMS_KEY);
        var signedIn = region.choiceSignIn().respond(InMemoryRegion.CLIENT_ID, "EMAIL_OTP", challenge.session(),
                Map.of("USERNAME", "ada", "EMAIL_OTP_CODE", code));
        assertThat(signedIn).isInstanceOf(io.cognate.domain.mfa.MfaSignIn.Tokens.class);
    }

    @Test
    void anUnknownUsersEmailSignInCodeCostsTheSenderKeyWorkAndReachesNoSender() {
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> "null");
        int encryptionsBefore = region.dataKeys().requests();

        region.choiceSignIn().start(InMemoryRegion.CLIENT_ID, Map.of("USERNAME", "nobody",
                "PREFERRED_CHALLENGE", "EMAIL_OTP"));

        assertThat(region.triggerInvoker().events()).isEmpty();
        assertThat(region.dataKeys().requests()).as("the KMS work a sent code costs").isEqualTo(encryptionsBefore + 1);
    }

    @Test
    void forgotPasswordAndAnInvitationGoToTheSenderToo() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> "null");

        region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, "ada");
        Map<String, Object> reset = parse(region.triggerInvoker().events().getLast());
        assertThat(reset).containsEntry("triggerSource", "CustomEmailSender_ForgotPassword");
        String code = SenderEventCodes.decrypt(region, (String) object(reset, "request").get("code"), KMS_KEY);
        region.accountService().confirmForgotPassword(InMemoryRegion.CLIENT_ID, "ada", code, "Another-Horse-8");
        region.signIn("ada", "Another-Horse-8");

        region.adminUsers().create(POOL, new io.cognate.domain.AdminUsers.Invitation("bea",
                List.of(new io.cognate.domain.UserAttributes.Attribute("email", "bea@example.com")),
                "Temporary-Pass-1", null, List.of()));
        Map<String, Object> invitation = parse(region.triggerInvoker().events().getLast());
        assertThat(invitation).containsEntry("triggerSource", "CustomEmailSender_AdminCreateUser")
                .containsEntry("userName", "bea");
        assertThat(object(invitation, "callerContext")).containsEntry("clientId", "CLIENT_ID_NOT_APPLICABLE");
        assertThat(SenderEventCodes.decrypt(region, (String) object(invitation, "request").get("code"), KMS_KEY))
                .isEqualTo("Temporary-Pass-1");
        assertThat(region.codeDelivery().sentTo("ada")).hasSize(1); // the sign-up code, before the sender was set
        assertThat(region.codeDelivery().sentTo("bea")).isEmpty();
    }

    @Test
    void aFailingSenderDoesNotFailTheOperationItIsInvokedAsynchronously() {
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, "the mail provider is down");
        });

        IdentityService.SignUpResult result = region.signUp("ada", PASSWORD, "ada@example.com");

        assertThat(result.userConfirmed()).isFalse();
        assertThat(region.user("ada").status()).isEqualTo(UserStatus.UNCONFIRMED);
        assertThat(region.codeDelivery().sentTo("ada")).isEmpty();
        region.triggerInvoker().serve(SENDER, event -> "null");
        region.identityService().resendConfirmationCode(InMemoryRegion.CLIENT_ID, "ada");
        assertThat(parse(region.triggerInvoker().events().getLast()))
                .containsEntry("triggerSource", "CustomEmailSender_ResendCode");
    }

    @Test
    void aKmsKeyThatCannotBeUsedFailsTheSignUpAndWritesNothing() {
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> "null");
        region.dataKeys().refuse(true);

        refusedAs(() -> region.signUp("ada", PASSWORD, "ada@example.com"), "CodeDeliveryFailureException",
                "Unable to deliver the code.");

        assertThat(region.directory().findByUsername(Username.of("ada"))).isEmpty();
        assertThat(region.triggerInvoker().events()).isEmpty();
    }

    @Test
    void aSenderNeedsItsVersionAndAKmsKey() {
        assertThatThrownBy(() -> configure(Map.of("CustomEmailSender.LambdaArn", SENDER,
                "CustomEmailSender.LambdaVersion", "V1_0"))).isInstanceOf(CognitoException.class)
                .hasMessageContaining("KMSKeyID");
        assertThatThrownBy(() -> configure(Map.of("CustomEmailSender.LambdaArn", SENDER,
                "CustomEmailSender.LambdaVersion", "V2_0", "KMSKeyID", KMS_KEY))).isInstanceOf(CognitoException.class);
        configureSender(Map.of());
        assertThat(region.poolAdministration().describe(POOL).lambdaConfig().entries())
                .containsEntry("CustomEmailSender.LambdaArn", SENDER).containsEntry("KMSKeyID", KMS_KEY);
    }

    /** An unknown user's ForgotPassword does the KMS work a known user's does, and fails as it would. */
    @Test
    void aWithheldCodeCostsTheSameEncryptionAndASentOne() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> "null");

        region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, "ada");
        assertThat(region.dataKeys().requests()).isEqualTo(1);
        region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, "nobody");
        assertThat(region.dataKeys().requests()).isEqualTo(2);
        assertThat(region.triggerInvoker().events()).hasSize(1);

        region.dataKeys().refuse(true);
        refusedAs(() -> region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, "ada"),
                "CodeDeliveryFailureException", "Unable to deliver the code.");
        refusedAs(() -> region.accountService().forgotPassword(InMemoryRegion.CLIENT_ID, "nobody"),
                "CodeDeliveryFailureException", "Unable to deliver the code.");
    }

    @Test
    void anAddressChangeAndAVerificationCodeGoToTheSender() {
        region.signUpConfirmed("ada", PASSWORD, "ada@example.com");
        String accessToken = region.signIn("ada", PASSWORD).accessToken();
        configureSender(Map.of());
        region.triggerInvoker().serve(SENDER, event -> "null");

        region.accountService().updateUserAttributes(accessToken,
                List.of(new io.cognate.domain.UserAttributes.Attribute("email", "ada@example.org")));
        Map<String, Object> change = parse(region.triggerInvoker().events().getLast());
        assertThat(change).containsEntry("triggerSource", "CustomEmailSender_UpdateUserAttribute");
        String code = SenderEventCodes.decrypt(region, (String) object(change, "request").get("code"), KMS_KEY);
        region.accountService().verifyUserAttribute(accessToken, "email", code);
        assertThat(region.user("ada").attribute("email")).contains("ada@example.org");

        region.accountService().getUserAttributeVerificationCode(accessToken, "email");
        assertThat(parse(region.triggerInvoker().events().getLast()))
                .containsEntry("triggerSource", "CustomEmailSender_VerifyUserAttribute");
        assertThat(region.codeDelivery().sentTo("ada")).hasSize(1); // the sign-up code, before the sender was set
    }
}
