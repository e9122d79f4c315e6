package io.cognate.domain.triggers;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.ports.CodeDelivery;
import io.cognate.domain.groups.GroupClaims;
import io.cognate.domain.tokens.TokenCustomization;
import io.cognate.ports.TriggerInvoker;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's triggers, called with Cognito's event shapes (version "1", region, userPoolId,
 * userName, callerContext, triggerSource, request, response) and read back the way Cognito reads
 * them. A trigger that is not configured costs nothing and changes nothing.
 *
 * <p>Failures are Cognito's: a function that throws gives {@code UserLambdaValidationException}
 * "{@code <Trigger> failed with error <its message>.}"; one that cannot be run (timeout, throttled,
 * unreachable) {@code UnexpectedLambdaException}; an answer that is not JSON, or not the shape
 * the trigger answers, {@code InvalidLambdaResponseException}. The caller decides what was
 * written before: the pre-triggers run before any write, so a failure leaves nothing behind.
 *
 * <p>Events carry no code in the clear: where Cognito's CustomMessage event names
 * the code, it names only the placeholder {@link #CODE_PARAMETER}, which is replaced by the code
 * after the trigger has answered; a CustomEmailSender event carries it encrypted under the pool's
 * KMS key ({@link SenderCodes}). The custom challenge events are the exception Cognito's shape makes:
 * the app's own Verify function is sent the caller's answer and the private parameters its Create
 * function made, and nothing here prints either.
 * The one password an event carries is UserMigration_Authentication's, as in Cognito: the
 * function must check it against the old directory. It goes only to the function the pool names,
 * and no invoker logs an event.
 */
public final class Triggers {
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);
    /** Cognito's placeholder for the code in a CustomMessage event's {@code codeParameter}. */
    public static final String CODE_PARAMETER = "{####}";
    /** Cognito's placeholder for the username in an AdminCreateUser message. */
    public static final String USERNAME_PARAMETER = "{username}";
    /** What Cognito puts in {@code callerContext.awsSdkVersion} when it cannot tell the caller's SDK. */
    static final String UNKNOWN_SDK = "aws-sdk-unknown-unknown";
    /** Cognito's limits on a custom e-mail (VerificationMessageTemplateType). */
    static final int MAX_EMAIL_SUBJECT = 140;
    static final int MAX_EMAIL_MESSAGE = 20_000;

    private final String region;
    private final String userPoolId;
    private final Supplier<LambdaConfig> config;
    private final TriggerInvoker invoker;
    private final SenderCodes senderCodes;

    public Triggers(String region, String userPoolId, Supplier<LambdaConfig> config, TriggerInvoker invoker) {
        this(region, userPoolId, config, invoker, SenderCodes.none(userPoolId));
    }

    public Triggers(String region, String userPoolId, Supplier<LambdaConfig> config, TriggerInvoker invoker,
                    SenderCodes senderCodes) {
        this.region = region;
        this.userPoolId = userPoolId;
        this.config = config;
        this.invoker = invoker;
        this.senderCodes = senderCodes;
    }

    /** No trigger is ever configured: for the parts of the code that run without a pool's settings. */
    public static Triggers none(String region, String userPoolId) {
        return new Triggers(region, userPoolId, () -> LambdaConfig.NONE, (target, event) -> {
            throw new IllegalStateException("no trigger is configured");
        });
    }

    /** PreSignUp's answer; {@link #PROCEED} when no trigger is set. */
    public record SignUpDecision(boolean autoConfirmUser, boolean autoVerifyEmail, boolean autoVerifyPhone) {
        public static final SignUpDecision PROCEED = new SignUpDecision(false, false, false);
    }

    /**
     * How a code goes out, settled before the code is stored so that a failing trigger (or KMS)
     * leaves nothing changed: Cognate's e-mail with the pool's template ({@link #POOL_TEMPLATE}),
     * Cognate's e-mail as the CustomMessage trigger wrote it ({@link EmailMessage}), or the pool's
     * CustomEmailSender with the code encrypted ({@link SenderEvent}), in which case Cognate sends
     * no e-mail at all.
     */
    public sealed interface CodeMessage permits PoolTemplate, EmailMessage, SenderEvent {
    }

    /** Cognate's e-mail with the pool's own template. */
    public record PoolTemplate() implements CodeMessage {
    }

    public static final PoolTemplate POOL_TEMPLATE = new PoolTemplate();

    /** A CustomEmailSender event, its code already encrypted, ready to hand to {@code target}. */
    public record SenderEvent(String target, String triggerSource, String eventJson) implements CodeMessage {
        @Override
        public String toString() {
            return "SenderEvent[triggerSource=" + triggerSource + "]";
        }
    }

    /** A custom e-mail, the code already in place of {@link #CODE_PARAMETER}. */
    public record EmailMessage(String subject, String body) implements CodeMessage {
        @Override
        public String toString() {
            // The body holds the code: keep it out of anything that prints this record.
            return "EmailMessage[subject=" + subject + "]";
        }
    }

    /**
     * PreSignUp, before anything is written. {@code source} is {@code PreSignUp_SignUp} or
     * {@code PreSignUp_AdminCreateUser}; a refusal throws and nothing is created.
     */
    public SignUpDecision preSignUp(String source, String clientId, String username, Map<String, String> attributes,
                                    Map<String, String> validationData, Map<String, String> clientMetadata) {
        Optional<String> target = config.get().target(Trigger.PRE_SIGN_UP);
        if (target.isEmpty()) {
            return SignUpDecision.PROCEED;
        }
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", new LinkedHashMap<>(attributes));
        request.put("validationData", nullIfEmpty(validationData));
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        var response = new LinkedHashMap<String, Object>();
        response.put("autoConfirmUser", false);
        response.put("autoVerifyPhone", false);
        response.put("autoVerifyEmail", false);
        Map<String, Object> answer = invoke(Trigger.PRE_SIGN_UP, target.get(),
                event(source, clientId, username, request, response));
        return new SignUpDecision(flag(answer, "autoConfirmUser"), flag(answer, "autoVerifyEmail"),
                flag(answer, "autoVerifyPhone"));
    }

    /**
     * PostConfirmation, after the confirmation is committed ({@code PostConfirmation_ConfirmSignUp}
     * or {@code PostConfirmation_ConfirmForgotPassword}). As in Cognito, a failure reaches the
     * caller although the user stays confirmed.
     */
    public void postConfirmation(String source, String clientId, User user, Map<String, String> clientMetadata) {
        Optional<String> target = config.get().target(Trigger.POST_CONFIRMATION);
        if (target.isEmpty()) {
            return;
        }
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", eventAttributes(user));
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        invoke(Trigger.POST_CONFIRMATION, target.get(),
                event(source, clientId, user.username().value(), request, new LinkedHashMap<>()));
    }

    /**
     * PreAuthentication ({@code PreAuthentication_Authentication}): only for a user who exists, so
     * the trigger learns nothing about names that do not; a refusal throws before the password's
     * verdict is given.
     */
    public void preAuthentication(String clientId, User user, Map<String, String> validationData) {
        Optional<String> target = config.get().target(Trigger.PRE_AUTHENTICATION);
        if (target.isEmpty()) {
            return;
        }
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", eventAttributes(user));
        request.put("validationData", nullIfEmpty(validationData));
        request.put("userNotFound", false);
        invoke(Trigger.PRE_AUTHENTICATION, target.get(), event("PreAuthentication_Authentication", clientId,
                user.username().value(), request, new LinkedHashMap<>()));
    }

    /** PostAuthentication ({@code PostAuthentication_Authentication}), once the sign-in has succeeded. */
    public void postAuthentication(String clientId, User user, boolean newDeviceUsed) {
        postAuthentication(clientId, user, newDeviceUsed, Map.of());
    }

    /** The same, with RespondToAuthChallenge's {@code ClientMetadata}. */
    public void postAuthentication(String clientId, User user, boolean newDeviceUsed,
                                   Map<String, String> clientMetadata) {
        Optional<String> target = config.get().target(Trigger.POST_AUTHENTICATION);
        if (target.isEmpty()) {
            return;
        }
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", eventAttributes(user));
        request.put("newDeviceUsed", newDeviceUsed);
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        invoke(Trigger.POST_AUTHENTICATION, target.get(), event("PostAuthentication_Authentication", clientId,
                user.username().value(), request, new LinkedHashMap<>()));
    }

    /**
     * CustomMessage for a code about to be sent ({@code CustomMessage_SignUp}, {@code _ResendCode},
     * {@code _ForgotPassword}, {@code _UpdateUserAttribute}, {@code _VerifyUserAttribute},
     * {@code _AdminCreateUser}). The event names the code as {@link #CODE_PARAMETER} (and, for
     * AdminCreateUser, the username as {@link #USERNAME_PARAMETER}); the answer's placeholders are
     * replaced here. Empty when no trigger is set or it leaves the e-mail to the default.
     * {@code userAttributes} are the ones the message is about (a user's stored ones, or the new
     * user's before they are written).
     */
    public Optional<EmailMessage> customMessage(String source, String clientId, String username,
                                                Map<String, String> userAttributes, String code) {
        return customMessage(source, clientId, username, userAttributes, code, Map.of());
    }

    /** The same, with the request's {@code ClientMetadata} passed on as Cognito passes it. */
    public Optional<EmailMessage> customMessage(String source, String clientId, String username,
                                                Map<String, String> userAttributes, String code,
                                                Map<String, String> clientMetadata) {
        Optional<String> target = config.get().target(Trigger.CUSTOM_MESSAGE);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        boolean adminCreate = source.equals("CustomMessage_AdminCreateUser");
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", new LinkedHashMap<>(userAttributes));
        request.put("codeParameter", CODE_PARAMETER);
        request.put("linkParameter", "{##Click Here##}");
        request.put("usernameParameter", adminCreate ? USERNAME_PARAMETER : null);
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        var response = new LinkedHashMap<String, Object>();
        response.put("smsMessage", null);
        response.put("emailMessage", null);
        response.put("emailSubject", null);
        Map<String, Object> answer = invoke(Trigger.CUSTOM_MESSAGE, target.get(),
                event(source, clientId, username, request, response));
        String subject = text(answer, "emailSubject");
        String body = text(answer, "emailMessage");
        if (body == null) {
            return Optional.empty();
        }
        if (body.length() > MAX_EMAIL_MESSAGE || (subject != null && subject.length() > MAX_EMAIL_SUBJECT)) {
            throw invalidResponse();
        }
        if (!body.contains(CODE_PARAMETER)) {
            // A message without the code would leave the user nothing to type: Cognito refuses it.
            throw new CognitoException("InvalidLambdaResponseException",
                    "CustomMessage failed: the emailMessage must contain the code parameter " + CODE_PARAMETER + ".");
        }
        String filled = body.replace(CODE_PARAMETER, code);
        if (adminCreate) {
            filled = filled.replace(USERNAME_PARAMETER, username);
        }
        return Optional.of(new EmailMessage(subject, filled));
    }

    /**
     * How the code of {@code action} ({@code SignUp}, {@code ResendCode}, {@code ForgotPassword},
     * {@code UpdateUserAttribute}, {@code VerifyUserAttribute}, {@code AdminCreateUser}) goes out.
     * With a CustomEmailSender set, the sender takes the code ({@code CustomEmailSender_<action>})
     * and CustomMessage is not asked: its answer is an e-mail for Cognate to send, and Cognate
     * sends none when a sender is set (the sender writes its own). Otherwise CustomMessage is asked
     * ({@code CustomMessage_<action>}) as {@link #customMessage} says.
     *
     * <p>The sender's code is encrypted here, before anything is stored: a KMS key that cannot be
     * used fails the operation with {@code CodeDeliveryFailureException} and changes nothing.
     */
    public CodeMessage codeMessage(String action, String clientId, String username, Map<String, String> userAttributes,
                                   String code) {
        return codeMessage(action, clientId, username, userAttributes, code, Map.of());
    }

    /** The same, with the request's {@code ClientMetadata} passed on to CustomMessage or the sender. */
    public CodeMessage codeMessage(String action, String clientId, String username, Map<String, String> userAttributes,
                                   String code, Map<String, String> clientMetadata) {
        LambdaConfig current = config.get();
        Optional<String> sender = current.target(Trigger.CUSTOM_EMAIL_SENDER);
        if (sender.isEmpty()) {
            Optional<EmailMessage> custom = customMessage("CustomMessage_" + action, clientId, username, userAttributes,
                    code, clientMetadata);
            return custom.<CodeMessage>map(message -> message).orElse(POOL_TEMPLATE);
        }
        String keyArn = current.kmsKeyId().orElseThrow(() -> new IllegalStateException(
                "a CustomEmailSender is configured without a KMSKeyID")); // LambdaConfig.checked refuses that
        String source = "CustomEmailSender_" + action;
        var request = new LinkedHashMap<String, Object>();
        request.put("type", "customEmailSenderRequestV1");
        request.put("code", senderCodes.encrypt(keyArn, code));
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        request.put("userAttributes", new LinkedHashMap<>(userAttributes));
        // Cognito's sender events have no response: nothing is read back from a sender.
        return new SenderEvent(sender.get(), source,
                JSONObjectUtils.toJSONString(event(source, clientId, username, request, null)));
    }

    /**
     * For a code an operation withholds (an unknown user's ForgotPassword...): with a
     * CustomEmailSender set, the work a sent code's {@link #codeMessage} does, the KMS call and the
     * signature, is done on {@code decoyCode} and the result dropped, so the answer takes as long.
     * A key that cannot be used fails here as it would for a known user, which tells nothing either.
     */
    public void encryptWithheldCode(String decoyCode) {
        LambdaConfig current = config.get();
        if (current.target(Trigger.CUSTOM_EMAIL_SENDER).isPresent() && current.kmsKeyId().isPresent()) {
            senderCodes.encrypt(current.kmsKeyId().get(), decoyCode);
        }
    }

    /**
     * Sends a code as {@code message} says: to the CustomEmailSender, or through {@code delivery}
     * ({@code request} carries the code; a CustomMessage e-mail is added to it). The sender is
     * invoked asynchronously, as Cognito invokes it: the caller's operation has succeeded (the code
     * is stored) whatever the sender does; a sender that fails is retried by Lambda and otherwise
     * seen in its own metrics and in this log line, which names no code.
     */
    public void deliver(CodeMessage message, CodeDelivery delivery, CodeDelivery.Request request) {
        switch (message) {
            case SenderEvent sender -> {
                try {
                    invoker.invokeAsync(sender.target(), sender.eventJson());
                } catch (TriggerInvoker.TriggerFailed failed) {
                    LOG.warn("custom email sender not invoked triggerSource={} kind={} reason={}",
                            sender.triggerSource(), failed.kind(), failed.getMessage());
                }
            }
            case EmailMessage custom -> delivery.send(new CodeDelivery.Request(request.username(),
                    request.destination(), request.deliveryMedium(), request.code(), request.purpose(),
                    request.region(), custom.subject(), custom.body()));
            case PoolTemplate template -> delivery.send(request);
        }
    }

    /**
     * One entry of a custom sign-in's {@code session} list as the challenge triggers receive it
     * (Cognito's {@code ChallengeResult}): the challenge asked, whether it was passed, and the
     * metadata CreateAuthChallenge gave a custom challenge (null for the others).
     */
    public record ChallengeResult(String challengeName, boolean challengeResult, String challengeMetadata) {
    }

    /** DefineAuthChallenge's answer: tokens, the end of the sign-in, or the next challenge's name. */
    public record ChallengeDecision(boolean issueTokens, boolean failAuthentication, String challengeName) {
    }

    /**
     * CreateAuthChallenge's answer. The private parameters hold what the answer is checked against;
     * they are never shown to the caller and never printed.
     */
    public record CreatedChallenge(Map<String, String> publicChallengeParameters,
                                   Map<String, String> privateChallengeParameters, String challengeMetadata) {
        public CreatedChallenge {
            publicChallengeParameters = Map.copyOf(publicChallengeParameters);
            privateChallengeParameters = Map.copyOf(privateChallengeParameters);
        }

        @Override
        public String toString() {
            return "CreatedChallenge[public=" + publicChallengeParameters.keySet() + "]";
        }
    }

    /** Whether the pool has the three custom challenge triggers CUSTOM_AUTH needs. */
    public boolean customChallengesConfigured() {
        LambdaConfig current = config.get();
        return current.target(Trigger.DEFINE_AUTH_CHALLENGE).isPresent()
                && current.target(Trigger.CREATE_AUTH_CHALLENGE).isPresent()
                && current.target(Trigger.VERIFY_AUTH_CHALLENGE_RESPONSE).isPresent();
    }

    /**
     * DefineAuthChallenge ({@code DefineAuthChallenge_Authentication}) with the challenges asked so
     * far. An answer that sets no outcome, or both, is not one Cognito could act on.
     */
    public ChallengeDecision defineAuthChallenge(String clientId, String username, Map<String, String> userAttributes,
                                                 boolean userNotFound, List<ChallengeResult> session,
                                                 Map<String, String> clientMetadata) {
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", new LinkedHashMap<>(userAttributes));
        request.put("session", sessionList(session));
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        request.put("userNotFound", userNotFound);
        var response = new LinkedHashMap<String, Object>();
        response.put("challengeName", null);
        response.put("issueTokens", false);
        response.put("failAuthentication", false);
        Map<String, Object> answer = invoke(Trigger.DEFINE_AUTH_CHALLENGE, required(Trigger.DEFINE_AUTH_CHALLENGE),
                event("DefineAuthChallenge_Authentication", clientId, username, request, response));
        return new ChallengeDecision(flag(answer, "issueTokens"), flag(answer, "failAuthentication"),
                text(answer, "challengeName"));
    }

    /** CreateAuthChallenge ({@code CreateAuthChallenge_Authentication}) for the challenge Define named. */
    public CreatedChallenge createAuthChallenge(String clientId, String username, Map<String, String> userAttributes,
                                                boolean userNotFound, String challengeName,
                                                List<ChallengeResult> session, Map<String, String> clientMetadata) {
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", new LinkedHashMap<>(userAttributes));
        request.put("challengeName", challengeName);
        request.put("session", sessionList(session));
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        request.put("userNotFound", userNotFound);
        var response = new LinkedHashMap<String, Object>();
        response.put("publicChallengeParameters", null);
        response.put("privateChallengeParameters", null);
        response.put("challengeMetadata", null);
        Map<String, Object> answer = invoke(Trigger.CREATE_AUTH_CHALLENGE, required(Trigger.CREATE_AUTH_CHALLENGE),
                event("CreateAuthChallenge_Authentication", clientId, username, request, response));
        return new CreatedChallenge(textMap(answer, "publicChallengeParameters"),
                textMap(answer, "privateChallengeParameters"), text(answer, "challengeMetadata"));
    }

    /**
     * VerifyAuthChallengeResponse ({@code VerifyAuthChallengeResponse_Authentication}): whether
     * {@code challengeAnswer} is right, by the private parameters CreateAuthChallenge gave.
     */
    public boolean verifyAuthChallengeResponse(String clientId, String username, Map<String, String> userAttributes,
                                               boolean userNotFound, Map<String, String> privateChallengeParameters,
                                               String challengeAnswer, Map<String, String> clientMetadata) {
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", new LinkedHashMap<>(userAttributes));
        request.put("privateChallengeParameters", new LinkedHashMap<>(privateChallengeParameters));
        request.put("challengeAnswer", challengeAnswer);
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        request.put("userNotFound", userNotFound);
        var response = new LinkedHashMap<String, Object>();
        response.put("answerCorrect", false);
        Map<String, Object> answer = invoke(Trigger.VERIFY_AUTH_CHALLENGE_RESPONSE,
                required(Trigger.VERIFY_AUTH_CHALLENGE_RESPONSE),
                event("VerifyAuthChallengeResponse_Authentication", clientId, username, request, response));
        return flag(answer, "answerCorrect");
    }

    private String required(Trigger trigger) {
        return config.get().target(trigger).orElseThrow(() -> CognitoException.invalidParameter(
                "Custom auth lambda trigger is not configured for the user pool."));
    }

    private static List<Object> sessionList(List<ChallengeResult> session) {
        var list = new ArrayList<Object>();
        for (ChallengeResult result : session) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("challengeName", result.challengeName());
            entry.put("challengeResult", result.challengeResult());
            entry.put("challengeMetadata", result.challengeMetadata());
            list.add(entry);
        }
        return list;
    }

    /** A map of strings in the answer; absent is empty, anything but strings is malformed. */
    private static Map<String, String> textMap(Map<String, Object> response, String name) {
        Object value = response.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalidResponse();
        }
        var texts = new LinkedHashMap<String, String>();
        for (var entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String string)) {
                throw invalidResponse();
            }
            texts.put((String) entry.getKey(), string);
        }
        return texts;
    }

    /**
     * UserMigration's answer: the user to create, or {@link #NOT_FOUND} when the function threw
     * (how a migration function says the user is unknown or the password wrong).
     * {@code finalUserStatus} is {@code CONFIRMED} or {@code RESET_REQUIRED}; a missing one is
     * {@code CONFIRMED}, as in Cognito.
     */
    public record MigratedUser(boolean found, Map<String, String> userAttributes, String finalUserStatus,
                               boolean suppressMessage, List<String> desiredDeliveryMediums,
                               boolean forceAliasCreation, boolean enableSmsMfa) {
        public static final MigratedUser NOT_FOUND = new MigratedUser(false, Map.of(), "CONFIRMED", false, List.of(),
                false, false);

        public MigratedUser {
            userAttributes = Map.copyOf(userAttributes);
            desiredDeliveryMediums = List.copyOf(desiredDeliveryMediums);
        }
    }

    /** Whether a UserMigration function is set: then it, not the built-in legacy pool, moves users in. */
    public boolean migratesUsers() {
        return config.get().target(Trigger.USER_MIGRATION).isPresent();
    }

    /**
     * UserMigration, for a username with no user here: {@code UserMigration_Authentication} with
     * the password the user typed (the one event that carries a password: Cognito's shape, sent
     * only to the function the pool names), or {@code UserMigration_ForgotPassword} with none.
     * A function that throws is the function's "no such user or wrong password": answered
     * {@link MigratedUser#NOT_FOUND}, never an error that would tell the caller anything. A
     * function that cannot be run, or answers something that is not a user, throws Cognito's
     * {@code UnexpectedLambdaException} / {@code InvalidLambdaResponseException}.
     */
    public MigratedUser userMigration(String source, String clientId, String username, String password,
                                      Map<String, String> validationData, Map<String, String> clientMetadata) {
        String target = config.get().target(Trigger.USER_MIGRATION)
                .orElseThrow(() -> new IllegalStateException("no UserMigration trigger is set"));
        var request = new LinkedHashMap<String, Object>();
        if (password != null) {
            request.put("password", password);
        }
        request.put("validationData", nullIfEmpty(validationData));
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        var response = new LinkedHashMap<String, Object>();
        response.put("userAttributes", null);
        response.put("finalUserStatus", null);
        response.put("messageAction", null);
        response.put("desiredDeliveryMediums", null);
        response.put("forceAliasCreation", null);
        response.put("enableSMSMFA", null);
        Map<String, Object> answer;
        try {
            answer = invoke(Trigger.USER_MIGRATION, target, event(source, clientId, username, request, response));
        } catch (CognitoException failed) {
            if ("UserLambdaValidationException".equals(failed.type())) {
                return MigratedUser.NOT_FOUND;
            }
            throw failed;
        }
        Object attributes = answer.get("userAttributes");
        if (!(attributes instanceof Map<?, ?> attributeMap) || attributeMap.isEmpty()) {
            throw invalidResponse();
        }
        var userAttributes = new LinkedHashMap<String, String>();
        for (var entry : attributeMap.entrySet()) {
            if (!(entry.getKey() instanceof String name) || !(entry.getValue() instanceof String value)) {
                throw invalidResponse();
            }
            userAttributes.put(name, value);
        }
        String status = text(answer, "finalUserStatus");
        if (status != null && !status.equals("CONFIRMED") && !status.equals("RESET_REQUIRED")) {
            throw invalidResponse();
        }
        String action = text(answer, "messageAction");
        if (action != null && !action.equals("SUPPRESS")) {
            throw invalidResponse();
        }
        var mediums = new java.util.ArrayList<String>();
        Object listed = answer.get("desiredDeliveryMediums");
        if (listed != null) {
            if (!(listed instanceof List<?> list)) {
                throw invalidResponse();
            }
            for (Object medium : list) {
                if (!"EMAIL".equals(medium) && !"SMS".equals(medium)) {
                    throw invalidResponse();
                }
                mediums.add((String) medium);
            }
        }
        return new MigratedUser(true, userAttributes, status == null ? "CONFIRMED" : status, action != null, mediums,
                flag(answer, "forceAliasCreation"), flag(answer, "enableSMSMFA"));
    }

    /**
     * PreTokenGeneration, before the tokens of {@code source} are signed, with the event of the
     * pool's {@code LambdaVersion}: V1_0 (event version "1", {@code claimsOverrideDetails}, the ID
     * token only, string values) or V2_0/V3_0 (versions "2"/"3", the request's {@code scopes},
     * {@code claimsAndScopeOverrideDetails} for both tokens, any JSON value). The answer is read
     * here; which claims it may change is {@link TokenCustomization}'s rule, applied by the issuer.
     * {@link TokenCustomization#NONE} when no trigger is set.
     */
    /**
     * PreTokenGeneration for a client-credentials (machine-to-machine) access token: only a
     * {@code V3_0} trigger is asked, as in Cognito ({@code TokenGeneration_ClientCredentials},
     * event version "3", no user: empty {@code userAttributes} and group configuration, the
     * granted {@code scopes}). Its {@code accessTokenGeneration} changes the token within the
     * access token's rules; {@link TokenCustomization#NONE} for any other version or none.
     */
    public TokenCustomization preTokenGenerationForClient(String clientId, List<String> scopes,
                                                          Map<String, String> clientMetadata) {
        LambdaConfig lambdaConfig = config.get();
        Optional<String> target = lambdaConfig.target(Trigger.PRE_TOKEN_GENERATION);
        if (target.isEmpty() || !lambdaConfig.preTokenGenerationVersion().equals("V3_0")) {
            return TokenCustomization.NONE;
        }
        var groupConfiguration = new LinkedHashMap<String, Object>();
        groupConfiguration.put("groupsToOverride", List.of());
        groupConfiguration.put("iamRolesToOverride", List.of());
        groupConfiguration.put("preferredRole", null);
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", Map.of());
        request.put("scopes", scopes);
        request.put("groupConfiguration", groupConfiguration);
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        var response = new LinkedHashMap<String, Object>();
        response.put("claimsAndScopeOverrideDetails", null);
        Map<String, Object> event = event(TokenGeneration.CLIENT_CREDENTIALS.triggerSource(), clientId, null, request,
                response);
        event.put("version", "3");
        return PreTokenGenerationAnswers.v2(invoke(Trigger.PRE_TOKEN_GENERATION, target.get(), event));
    }

    public TokenCustomization preTokenGeneration(TokenGeneration source, String clientId, User user,
                                                 GroupClaims memberOf, List<String> scopes,
                                                 Map<String, String> clientMetadata) {
        LambdaConfig lambdaConfig = config.get();
        Optional<String> target = lambdaConfig.target(Trigger.PRE_TOKEN_GENERATION);
        if (target.isEmpty()) {
            return TokenCustomization.NONE;
        }
        String version = switch (lambdaConfig.preTokenGenerationVersion()) {
            case "V2_0" -> "2";
            case "V3_0" -> "3";
            default -> "1";
        };
        boolean accessTokens = !version.equals("1");
        var groupConfiguration = new LinkedHashMap<String, Object>();
        groupConfiguration.put("groupsToOverride", memberOf.groups());
        groupConfiguration.put("iamRolesToOverride", memberOf.roles());
        groupConfiguration.put("preferredRole", memberOf.preferredRole().orElse(null));
        var request = new LinkedHashMap<String, Object>();
        request.put("userAttributes", eventAttributes(user));
        if (accessTokens) {
            request.put("scopes", scopes);
        }
        request.put("groupConfiguration", groupConfiguration);
        request.put("clientMetadata", nullIfEmpty(clientMetadata));
        var response = new LinkedHashMap<String, Object>();
        response.put(accessTokens ? "claimsAndScopeOverrideDetails" : "claimsOverrideDetails", null);
        Map<String, Object> event = event(source.triggerSource(), clientId, user.username().value(), request, response);
        event.put("version", version);
        Map<String, Object> answer = invoke(Trigger.PRE_TOKEN_GENERATION, target.get(), event);
        return accessTokens ? PreTokenGenerationAnswers.v2(answer) : PreTokenGenerationAnswers.v1(answer);
    }

    /** The attributes Cognito sends for an existing user: its own, with sub and cognito:user_status. */
    public static Map<String, String> eventAttributes(User user) {
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("sub", user.sub());
        attributes.putAll(user.attributes());
        attributes.put("cognito:user_status", user.status().name());
        return attributes;
    }

    private Map<String, Object> event(String source, String clientId, String username, Map<String, Object> request,
                                      Map<String, Object> response) {
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "1");
        event.put("region", region);
        event.put("userPoolId", userPoolId);
        event.put("userName", username);
        var caller = new LinkedHashMap<String, Object>();
        caller.put("awsSdkVersion", UNKNOWN_SDK);
        caller.put("clientId", clientId == null ? "CLIENT_ID_NOT_APPLICABLE" : clientId);
        event.put("callerContext", caller);
        event.put("triggerSource", source);
        event.put("request", request);
        if (response != null) {
            event.put("response", response);
        }
        return event;
    }

    /** Runs the trigger and returns its {@code response} object, or throws Cognito's error. */
    private Map<String, Object> invoke(Trigger trigger, String target, Map<String, Object> event) {
        String answer;
        try {
            answer = invoker.invoke(target, JSONObjectUtils.toJSONString(event));
        } catch (TriggerInvoker.TriggerFailed failed) {
            throw switch (failed.kind()) {
                case FUNCTION_ERROR -> new CognitoException("UserLambdaValidationException",
                        trigger.member() + " failed with error " + failed.getMessage() + ".");
                case UNAVAILABLE -> new CognitoException("UnexpectedLambdaException",
                        trigger.member() + " invocation failed due to error " + failed.getMessage() + ".");
            };
        }
        Map<String, Object> parsed;
        try {
            parsed = answer == null ? null : JSONObjectUtils.parse(answer);
        } catch (ParseException notJson) {
            throw new CognitoException("InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON");
        }
        if (parsed == null) {
            throw new CognitoException("InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON");
        }
        Object response = parsed.get("response");
        if (response == null) {
            return Map.of();
        }
        if (!(response instanceof Map<?, ?> map)) {
            throw invalidResponse();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return typed;
    }

    private static boolean flag(Map<String, Object> response, String name) {
        Object value = response.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw invalidResponse();
        }
        return flag;
    }

    private static String text(Map<String, Object> response, String name) {
        Object value = response.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String string)) {
            throw invalidResponse();
        }
        return string;
    }

    private static Object nullIfEmpty(Map<String, String> values) {
        return values == null || values.isEmpty() ? null : new LinkedHashMap<>(values);
    }

    static CognitoException invalidResponse() {
        return new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output");
    }
}
