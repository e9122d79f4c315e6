package io.cognate.domain.triggers;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.groups.GroupClaims;
import io.cognate.domain.tokens.TokenCustomization;
import io.cognate.ports.TriggerInvoker;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
 * <p>Events carry no password and no code: where Cognito's CustomMessage event names the code, it
 * names only the placeholder {@link #CODE_PARAMETER}, which is replaced by the code after the
 * trigger has answered.
 */
public final class Triggers {
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

    public Triggers(String region, String userPoolId, Supplier<LambdaConfig> config, TriggerInvoker invoker) {
        this.region = region;
        this.userPoolId = userPoolId;
        this.config = config;
        this.invoker = invoker;
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

    /** A custom e-mail, the code already in place of {@link #CODE_PARAMETER}. */
    public record EmailMessage(String subject, String body) {
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
     * PreTokenGeneration, before the tokens of {@code source} are signed, with the event of the
     * pool's {@code LambdaVersion}: V1_0 (event version "1", {@code claimsOverrideDetails}, the ID
     * token only, string values) or V2_0/V3_0 (versions "2"/"3", the request's {@code scopes},
     * {@code claimsAndScopeOverrideDetails} for both tokens, any JSON value). The answer is read
     * here; which claims it may change is {@link TokenCustomization}'s rule, applied by the issuer.
     * {@link TokenCustomization#NONE} when no trigger is set.
     */
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
        event.put("response", response);
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
