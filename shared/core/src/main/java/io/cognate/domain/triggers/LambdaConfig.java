package io.cognate.domain.triggers;

import io.cognate.domain.CognitoException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pool's {@code LambdaConfig} as UpdateUserPool sets it and DescribeUserPool shows it: one
 * entry per Cognito member, keyed by the member's name. The nested members of Cognito's
 * {@code LambdaConfigType} (PreTokenGenerationConfig, CustomEmailSender, CustomSMSSender) are kept
 * flat as {@code PreTokenGenerationConfig.LambdaArn}, {@code PreTokenGenerationConfig.LambdaVersion}
 * and so on, so the whole configuration is one map of strings that replicates as it is.
 *
 * <p>A target is a Lambda function ARN; where {@code httpTargetsAllowed} (the local stack), also
 * an {@code http://} URL that takes the event by POST. Every member is kept and shown; which of
 * them Cognate invokes is {@link Trigger}'s business.
 */
public record LambdaConfig(Map<String, String> entries) {
    public static final LambdaConfig NONE = new LambdaConfig(Map.of());
    /** The members whose value is a function, in the order Cognito's model lists them. */
    public static final List<String> FUNCTION_MEMBERS = List.of("PreSignUp", "CustomMessage", "PostConfirmation",
            "PreAuthentication", "PostAuthentication", "DefineAuthChallenge", "CreateAuthChallenge",
            "VerifyAuthChallengeResponse", "PreTokenGeneration", "UserMigration");
    /** The nested members, each with a {@code LambdaArn} and a {@code LambdaVersion}. */
    public static final List<String> VERSIONED_MEMBERS = List.of("PreTokenGenerationConfig", "CustomSMSSender",
            "CustomEmailSender");
    public static final String KMS_KEY_ID = "KMSKeyID";
    public static final String LAMBDA_ARN = "LambdaArn";
    public static final String LAMBDA_VERSION = "LambdaVersion";

    /** Cognito's {@code ArnType} narrowed to Lambda functions (an optional version or alias at the end). */
    private static final Pattern FUNCTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Map<String, List<String>> VERSIONS = Map.of(
            "PreTokenGenerationConfig", List.of("V1_0", "V2_0", "V3_0"),
            "CustomSMSSender", List.of("V1_0"),
            "CustomEmailSender", List.of("V1_0"));

    public LambdaConfig {
        entries = Map.copyOf(entries);
    }

    /**
     * The configuration UpdateUserPool asked for, checked: every target a function ARN (or, when
     * {@code httpTargetsAllowed}, an {@code http://} URL), every version one Cognito knows, the
     * KMS key an ARN. {@code PreTokenGeneration} and {@code PreTokenGenerationConfig.LambdaArn}
     * name the same function in Cognito; when both are given they must agree, and either alone
     * sets both, as Cognito shows them.
     */
    public static LambdaConfig checked(Map<String, String> requested, boolean httpTargetsAllowed) {
        var entries = new LinkedHashMap<String, String>();
        for (var entry : requested.entrySet()) {
            String member = entry.getKey();
            String value = entry.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            String[] parts = member.split("\\.", 2);
            if (parts.length == 1 && FUNCTION_MEMBERS.contains(member)) {
                requireTarget(member, value, httpTargetsAllowed);
            } else if (parts.length == 2 && VERSIONED_MEMBERS.contains(parts[0]) && parts[1].equals(LAMBDA_ARN)) {
                requireTarget(member, value, httpTargetsAllowed);
            } else if (parts.length == 2 && VERSIONED_MEMBERS.contains(parts[0]) && parts[1].equals(LAMBDA_VERSION)) {
                if (!VERSIONS.get(parts[0]).contains(value)) {
                    throw CognitoException.invalidParameter("1 validation error detected: Value '" + value
                            + "' at 'lambdaConfig." + lowerFirst(parts[0]) + ".lambdaVersion' failed to satisfy "
                            + "constraint: Member must satisfy enum value set: " + VERSIONS.get(parts[0]));
                }
            } else if (member.equals(KMS_KEY_ID)) {
                if (!KMS_KEY_ARN.matcher(value).matches()) {
                    throw CognitoException.invalidParameter("KMSKeyID must be the ARN of a KMS key.");
                }
            } else {
                throw CognitoException.invalidParameter("LambdaConfig has no member " + member + ".");
            }
            entries.put(member, value);
        }
        for (String versioned : VERSIONED_MEMBERS) {
            boolean arn = entries.containsKey(versioned + "." + LAMBDA_ARN);
            boolean version = entries.containsKey(versioned + "." + LAMBDA_VERSION);
            if (arn != version && !versioned.equals("PreTokenGenerationConfig")) {
                throw CognitoException.invalidParameter(versioned + " needs both LambdaArn and LambdaVersion.");
            }
        }
        if ((entries.containsKey("CustomEmailSender.LambdaArn") || entries.containsKey("CustomSMSSender.LambdaArn"))
                && !entries.containsKey(KMS_KEY_ID)) {
            throw CognitoException.invalidParameter("A KMSKeyID is required with a custom sender trigger.");
        }
        String legacy = entries.get("PreTokenGeneration");
        String config = entries.get("PreTokenGenerationConfig.LambdaArn");
        if (legacy != null && config != null && !legacy.equals(config)) {
            throw CognitoException.invalidParameter(
                    "PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must name the same function.");
        }
        if (legacy != null || config != null) {
            String function = legacy != null ? legacy : config;
            entries.put("PreTokenGeneration", function);
            entries.put("PreTokenGenerationConfig.LambdaArn", function);
            entries.putIfAbsent("PreTokenGenerationConfig.LambdaVersion", "V1_0");
        }
        return new LambdaConfig(entries);
    }

    /** The function or URL set for {@code trigger}, if any. */
    public Optional<String> target(Trigger trigger) {
        return Optional.ofNullable(entries.get(trigger.entry()));
    }

    /** The pool's {@code KMSKeyID}: the key the custom senders' codes are encrypted under. */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(entries.get(KMS_KEY_ID));
    }

    /** The PreTokenGeneration event version the pool asks for; V1_0 where only the legacy member is set. */
    public String preTokenGenerationVersion() {
        return entries.getOrDefault("PreTokenGenerationConfig." + LAMBDA_VERSION, "V1_0");
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static void requireTarget(String member, String value, boolean httpTargetsAllowed) {
        boolean http = httpTargetsAllowed && value.startsWith("http://") && value.length() > "http://".length();
        if (!http && !FUNCTION_ARN.matcher(value).matches()) {
            throw CognitoException.invalidParameter("1 validation error detected: Value '" + value + "' at 'lambdaConfig."
                    + lowerFirst(member) + "' failed to satisfy constraint: Member must be the ARN of a Lambda function"
                    + (httpTargetsAllowed ? " or an http:// URL" : "") + ".");
        }
    }

    private static String lowerFirst(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
