package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.pool.AttributeDataType;
import io.cognate.domain.pool.CustomAttribute;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolAdministration;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.domain.pool.PoolUpdate;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.domain.triggers.LambdaConfig;
import io.cognate.http.JsonTreeCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pool's management operations (DescribeUserPool, UpdateUserPool, AddCustomAttributes,
 * DeleteUserPool), SigV4-signed like every management operation: request shape in, Cognito's
 * {@code UserPoolType} out.
 */
final class PoolOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * UpdateUserPool's members this pool has no setting for: a value other than an empty one is
     * refused rather than dropped, so no caller believes a trigger or a message template is in
     * force. Empty values pass, so a request built from DescribeUserPool's answer goes through.
     */
    private static final List<String> NOT_SETTABLE = List.of("DeviceConfiguration", "EmailConfiguration",
            "EmailVerificationMessage", "EmailVerificationSubject", "SmsAuthenticationMessage",
            "SmsConfiguration", "SmsVerificationMessage", "UserPoolAddOns", "UserPoolTags", "UserPoolTier",
            "VerificationMessageTemplate");
    /**
     * Cognito's standard attributes in the order DescribeUserPool lists them, with their type;
     * all but {@code sub} mutable, all but {@code email} (required here) optional.
     */
    private static final List<Map.Entry<String, String>> STANDARD_SCHEMA = List.of(
            Map.entry("sub", "String"), Map.entry("name", "String"), Map.entry("given_name", "String"),
            Map.entry("family_name", "String"), Map.entry("middle_name", "String"), Map.entry("nickname", "String"),
            Map.entry("preferred_username", "String"), Map.entry("profile", "String"), Map.entry("picture", "String"),
            Map.entry("website", "String"), Map.entry("email", "String"), Map.entry("email_verified", "Boolean"),
            Map.entry("gender", "String"), Map.entry("birthdate", "String"), Map.entry("zoneinfo", "String"),
            Map.entry("locale", "String"), Map.entry("phone_number", "String"),
            Map.entry("phone_number_verified", "Boolean"), Map.entry("address", "String"),
            Map.entry("updated_at", "Number"));

    private final Supplier<PoolAdministration> pool;
    /** Whether a trigger may be an {@code http://} URL: on the local stack only, never in AWS. */
    private final boolean httpTriggersAllowed;

    PoolOperations(Supplier<PoolAdministration> pool, boolean httpTriggersAllowed) {
        this.pool = pool;
        this.httpTriggersAllowed = httpTriggersAllowed;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "DescribeUserPool", this::describeUserPool,
                "UpdateUserPool", this::updateUserPool,
                "AddCustomAttributes", this::addCustomAttributes,
                "DeleteUserPool", this::deleteUserPool);
    }

    private JsonNode describeUserPool(JsonRequest request) {
        String poolId = request.required("UserPoolId");
        PoolSettings settings = pool.get().describe(poolId);
        ObjectNode response = NODES.objectNode();
        response.set("UserPool", userPoolType(poolId, settings));
        return response;
    }

    private JsonNode updateUserPool(JsonRequest request) {
        String poolId = request.required("UserPoolId");
        for (String member : NOT_SETTABLE) {
            requireEmpty(request, member);
        }
        pool.get().update(poolId, update(request, lambdaConfig(request.object("LambdaConfig"))));
        return NODES.objectNode();
    }

    private JsonNode addCustomAttributes(JsonRequest request) {
        String poolId = request.required("UserPoolId");
        var attributes = new ArrayList<CustomAttribute>();
        for (JsonRequest attribute : request.objects("CustomAttributes")) {
            attributes.add(customAttribute(attribute));
        }
        pool.get().addCustomAttributes(poolId, attributes);
        return NODES.objectNode();
    }

    private JsonNode deleteUserPool(JsonRequest request) {
        pool.get().deleteUserPool(request.required("UserPoolId"));
        return NODES.objectNode();
    }

    /** The request as Cognito reads it: every setting left out is set to its default, not kept. */
    private static PoolUpdate update(JsonRequest request, LambdaConfig lambdaConfig) {
        PoolUpdate defaults = PoolUpdate.COGNITO_DEFAULT;
        JsonRequest policies = request.object("Policies");
        JsonRequest passwordPolicy = policies == null ? null : policies.object("PasswordPolicy");
        if (policies != null) {
            requireEmpty(policies, "SignInPolicy");
        }
        PasswordRequirements password = passwordPolicy == null ? defaults.password() : password(passwordPolicy);
        String mfa = request.optional("MfaConfiguration");
        JsonRequest recovery = request.object("AccountRecoverySetting");
        var mechanisms = new ArrayList<RecoveryMechanism>();
        if (recovery != null) {
            for (JsonRequest mechanism : recovery.objects("RecoveryMechanisms")) {
                mechanisms.add(new RecoveryMechanism(requiredInteger(mechanism, "Priority"), mechanism.required("Name")));
            }
        }
        String deletion = request.optional("DeletionProtection");
        JsonRequest adminCreate = request.object("AdminCreateUserConfig");
        if (adminCreate != null) {
            requireEmpty(adminCreate, "InviteMessageTemplate");
        }
        JsonRequest attributeUpdates = request.object("UserAttributeUpdateSettings");
        return new PoolUpdate(Optional.ofNullable(request.optional("PoolName")), password,
                mfa == null ? defaults.mfaConfiguration() : MfaConfiguration.parse(mfa),
                request.isNull("AutoVerifiedAttributes") ? defaults.autoVerifiedAttributes()
                        : request.strings("AutoVerifiedAttributes"),
                recovery == null ? defaults.accountRecovery() : mechanisms,
                deletion == null ? defaults.deletionProtection() : DeletionProtection.valueOf(deletion),
                adminCreate == null || adminCreate.optionalBoolean("AllowAdminCreateUserOnly") == null
                        ? defaults.allowAdminCreateUserOnly() : adminCreate.optionalBoolean("AllowAdminCreateUserOnly"),
                adminCreate == null || adminCreate.optionalInteger("UnusedAccountValidityDays") == null
                        ? defaults.unusedAccountValidityDays() : adminCreate.optionalInteger("UnusedAccountValidityDays"),
                attributeUpdates == null ? defaults.attributesRequireVerificationBeforeUpdate()
                        : attributeUpdates.strings("AttributesRequireVerificationBeforeUpdate"),
                lambdaConfig);
    }

    /**
     * Cognito's LambdaConfigType, flattened as {@link LambdaConfig} keeps it (the nested
     * configurations as {@code Member.LambdaArn} and {@code Member.LambdaVersion}). Left out, it is
     * cleared, as Cognito clears every setting an UpdateUserPool request leaves out.
     */
    private LambdaConfig lambdaConfig(JsonRequest config) {
        return lambdaConfig(config, httpTriggersAllowed);
    }

    /**
     * The triggers a pool starts with, from the deployment's {@code COGNATE_POOL_LAMBDA_CONFIG}
     * (the template's {@code PoolLambdaConfig}: Cognito's LambdaConfigType as JSON; blank: none).
     * A value UpdateUserPool would refuse stops the function at start, naming the setting.
     */
    static LambdaConfig startingLambdaConfig(String json, boolean httpTriggersAllowed) {
        if (json == null || json.isBlank()) {
            return LambdaConfig.NONE;
        }
        try {
            JsonNode parsed = JsonTreeCodec.LENIENT.read(json);
            if (parsed == null || !parsed.isObject()) {
                throw new IllegalStateException("COGNATE_POOL_LAMBDA_CONFIG must be a JSON object (LambdaConfigType)");
            }
            return lambdaConfig(new JsonRequest(parsed), httpTriggersAllowed);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("COGNATE_POOL_LAMBDA_CONFIG is not JSON", e);
        } catch (CognitoException e) {
            throw new IllegalStateException("COGNATE_POOL_LAMBDA_CONFIG: " + e.getMessage(), e);
        }
    }

    private static LambdaConfig lambdaConfig(JsonRequest config, boolean httpTriggersAllowed) {
        if (config == null) {
            return LambdaConfig.NONE;
        }
        var requested = new java.util.LinkedHashMap<String, String>();
        for (String member : LambdaConfig.FUNCTION_MEMBERS) {
            requested.put(member, config.optional(member));
        }
        for (String member : LambdaConfig.VERSIONED_MEMBERS) {
            JsonRequest nested = config.object(member);
            if (nested != null) {
                requested.put(member + "." + LambdaConfig.LAMBDA_ARN, nested.optional(LambdaConfig.LAMBDA_ARN));
                requested.put(member + "." + LambdaConfig.LAMBDA_VERSION, nested.optional(LambdaConfig.LAMBDA_VERSION));
            }
        }
        requested.put(LambdaConfig.KMS_KEY_ID, config.optional(LambdaConfig.KMS_KEY_ID));
        return LambdaConfig.checked(requested, httpTriggersAllowed);
    }

    /** Cognito's PasswordPolicyType: a flag left out is false, a length or a number of days its default. */
    private static PasswordRequirements password(JsonRequest policy) {
        Integer history = policy.optionalInteger("PasswordHistorySize");
        if (history != null && history != 0) {
            throw CognitoException.invalidParameter("PasswordHistorySize is not supported by this user pool.");
        }
        PasswordRequirements defaults = PasswordRequirements.cognitoDefault();
        Integer minimumLength = policy.optionalInteger("MinimumLength");
        Integer temporaryDays = policy.optionalInteger("TemporaryPasswordValidityDays");
        return new PasswordRequirements(minimumLength == null ? defaults.minimumLength() : minimumLength,
                Boolean.TRUE.equals(policy.optionalBoolean("RequireUppercase")),
                Boolean.TRUE.equals(policy.optionalBoolean("RequireLowercase")),
                Boolean.TRUE.equals(policy.optionalBoolean("RequireNumbers")),
                Boolean.TRUE.equals(policy.optionalBoolean("RequireSymbols")),
                temporaryDays == null ? defaults.temporaryPasswordValidityDays() : temporaryDays);
    }

    /** One SchemaAttributeType of AddCustomAttributes: its Name has no {@code custom:} prefix, Cognito adds it. */
    private static CustomAttribute customAttribute(JsonRequest attribute) {
        String name = CustomAttribute.PREFIX + attribute.required("Name");
        if (Boolean.TRUE.equals(attribute.optionalBoolean("Required"))) {
            throw CognitoException.invalidParameter("Required custom attributes are not supported currently.");
        }
        if (Boolean.TRUE.equals(attribute.optionalBoolean("DeveloperOnlyAttribute"))) {
            throw CognitoException.invalidParameter("Developer-only attributes are not supported by this user pool.");
        }
        String type = attribute.optional("AttributeDataType");
        Boolean mutable = attribute.optionalBoolean("Mutable");
        JsonRequest strings = attribute.object("StringAttributeConstraints");
        JsonRequest numbers = attribute.object("NumberAttributeConstraints");
        return new CustomAttribute(name, type == null ? AttributeDataType.STRING : AttributeDataType.fromWire(type),
                mutable == null || mutable,
                strings == null ? Optional.empty() : wholeNumber(strings, "MinLength", name),
                strings == null ? Optional.empty() : wholeNumber(strings, "MaxLength", name),
                numbers == null ? Optional.empty() : number(numbers, "MinValue", name),
                numbers == null ? Optional.empty() : number(numbers, "MaxValue", name));
    }

    private static Optional<Integer> wholeNumber(JsonRequest constraints, String member, String attribute) {
        String value = constraints.optional(member);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException notANumber) {
            throw CognitoException.invalidParameter(attribute + ": " + member + " must be a whole number.");
        }
    }

    private static Optional<BigDecimal> number(JsonRequest constraints, String member, String attribute) {
        String value = constraints.optional(member);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value.trim()));
        } catch (NumberFormatException notANumber) {
            throw CognitoException.invalidParameter(attribute + ": " + member + " must be a number.");
        }
    }

    private static int requiredInteger(JsonRequest request, String member) {
        Integer value = request.optionalInteger(member);
        if (value == null) {
            throw CognitoException.invalidParameter("1 validation error detected: Value null at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static void requireEmpty(JsonRequest request, String member) {
        JsonNode value = request.document(member);
        if (value != null && !((value.isObject() || value.isArray()) && value.isEmpty())) {
            throw CognitoException.invalidParameter(member + " cannot be set in this user pool.");
        }
    }

    /** Cognito's {@code UserPoolType}; dates in epoch seconds with milliseconds, as Cognito's JSON has them. */
    private static ObjectNode userPoolType(String poolId, PoolSettings settings) {
        ObjectNode type = NODES.objectNode();
        type.put("Id", poolId);
        type.put("Name", settings.poolName());
        PasswordRequirements password = settings.password();
        type.putObject("Policies").putObject("PasswordPolicy")
                .put("MinimumLength", password.minimumLength())
                .put("RequireUppercase", password.requireUppercase())
                .put("RequireLowercase", password.requireLowercase())
                .put("RequireNumbers", password.requireNumbers())
                .put("RequireSymbols", password.requireSymbols())
                .put("TemporaryPasswordValidityDays", password.temporaryPasswordValidityDays());
        type.put("DeletionProtection", settings.deletionProtection().name());
        type.set("LambdaConfig", lambdaConfigType(settings.lambdaConfig()));
        type.set("SchemaAttributes", schema(settings));
        settings.autoVerifiedAttributes().forEach(type.putArray("AutoVerifiedAttributes")::add);
        type.put("MfaConfiguration", settings.mfaConfiguration().name());
        type.putObject("AdminCreateUserConfig")
                .put("AllowAdminCreateUserOnly", settings.allowAdminCreateUserOnly())
                .put("UnusedAccountValidityDays", settings.unusedAccountValidityDays());
        if (!settings.accountRecovery().isEmpty()) {
            ArrayNode mechanisms = type.putObject("AccountRecoverySetting").putArray("RecoveryMechanisms");
            settings.accountRecovery().forEach(m -> mechanisms.addObject().put("Priority", m.priority()).put("Name", m.name()));
        }
        ArrayNode verifyFirst = type.putObject("UserAttributeUpdateSettings")
                .putArray("AttributesRequireVerificationBeforeUpdate");
        settings.attributesRequireVerificationBeforeUpdate().forEach(verifyFirst::add);
        // Usernames are compared case-folded (a user signs in as Alice or alice alike).
        type.putObject("UsernameConfiguration").put("CaseSensitive", false);
        settings.created().ifPresent(at -> type.put("CreationDate", CognitoShapes.seconds(at)));
        settings.lastModified().ifPresent(at -> type.put("LastModifiedDate", CognitoShapes.seconds(at)));
        return type;
    }

    /** Cognito's LambdaConfigType: the flat entries nested again as the model has them. */
    private static ObjectNode lambdaConfigType(LambdaConfig config) {
        ObjectNode type = NODES.objectNode();
        for (String member : LambdaConfig.FUNCTION_MEMBERS) {
            String target = config.entries().get(member);
            if (target != null) {
                type.put(member, target);
            }
        }
        for (String member : LambdaConfig.VERSIONED_MEMBERS) {
            String arn = config.entries().get(member + "." + LambdaConfig.LAMBDA_ARN);
            if (arn != null) {
                type.putObject(member).put(LambdaConfig.LAMBDA_VERSION,
                        config.entries().get(member + "." + LambdaConfig.LAMBDA_VERSION)).put(LambdaConfig.LAMBDA_ARN, arn);
            }
        }
        String key = config.entries().get(LambdaConfig.KMS_KEY_ID);
        if (key != null) {
            type.put(LambdaConfig.KMS_KEY_ID, key);
        }
        return type;
    }

    private static ArrayNode schema(PoolSettings settings) {
        ArrayNode schema = NODES.arrayNode();
        for (Map.Entry<String, String> standard : STANDARD_SCHEMA) {
            String name = standard.getKey();
            ObjectNode attribute = schema.addObject().put("Name", name).put("AttributeDataType", standard.getValue())
                    .put("DeveloperOnlyAttribute", false).put("Mutable", !name.equals("sub"))
                    .put("Required", name.equals("sub") || UserAttributes.REQUIRED.contains(name));
            switch (standard.getValue()) {
                case "String" -> attribute.putObject("StringAttributeConstraints")
                        .put("MinLength", name.equals("sub") ? "1" : name.equals("birthdate") ? "10" : "0")
                        .put("MaxLength", name.equals("birthdate") ? "10" : String.valueOf(CustomAttribute.MAX_STRING_LENGTH));
                case "Number" -> attribute.putObject("NumberAttributeConstraints").put("MinValue", "0");
                default -> {
                }
            }
        }
        for (CustomAttribute custom : settings.customAttributes()) {
            ObjectNode attribute = schema.addObject().put("Name", custom.name())
                    .put("AttributeDataType", custom.type().wireName()).put("DeveloperOnlyAttribute", false)
                    .put("Mutable", custom.mutable()).put("Required", false);
            if (custom.type() == AttributeDataType.STRING) {
                ObjectNode constraints = attribute.putObject("StringAttributeConstraints");
                custom.minLength().ifPresent(length -> constraints.put("MinLength", String.valueOf(length)));
                custom.maxLength().ifPresent(length -> constraints.put("MaxLength", String.valueOf(length)));
            }
            if (custom.type() == AttributeDataType.NUMBER) {
                ObjectNode constraints = attribute.putObject("NumberAttributeConstraints");
                custom.minValue().ifPresent(value -> constraints.put("MinValue", value.toPlainString()));
                custom.maxValue().ifPresent(value -> constraints.put("MaxValue", value.toPlainString()));
            }
        }
        return schema;
    }

}
