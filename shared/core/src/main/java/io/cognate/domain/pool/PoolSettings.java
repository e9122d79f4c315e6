package io.cognate.domain.pool;

import io.cognate.domain.CognitoException;
import io.cognate.domain.PoolRules.PasswordRecovery;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.migration.LegacyPoolSetting;
import io.cognate.domain.triggers.LambdaConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pool's settings that Cognito's management plane changes at run time (DescribeUserPool,
 * UpdateUserPool, AddCustomAttributes), kept in the replicated Directory as one item so every
 * region reads the same. {@code version} counts the stored writes (0: never written, the
 * {@link #initial} settings), and every write is conditional on it.
 *
 * <p>A pool that never wrote its settings behaves as Cognate always has ({@link #initial}): the
 * default password policy, the deployment's MFA configuration, e-mail verified by code, and no
 * custom-attribute schema, under which any {@code custom:} name the app client may write is
 * accepted. Once AddCustomAttributes has defined one, the schema is closed: a {@code custom:} name
 * it does not define is refused, as Cognito refuses it.
 */
public record PoolSettings(String poolName, PasswordRequirements password, MfaConfiguration mfaConfiguration,
                           List<String> autoVerifiedAttributes, List<RecoveryMechanism> accountRecovery,
                           DeletionProtection deletionProtection, boolean allowAdminCreateUserOnly,
                           int unusedAccountValidityDays, List<String> attributesRequireVerificationBeforeUpdate,
                           List<CustomAttribute> customAttributes, LambdaConfig lambdaConfig, long version,
                           Optional<Instant> created, Optional<Instant> lastModified,
                           Optional<LegacyPoolSetting> legacyPool, boolean writeForwarding) {
    /** Cognito's limit on a pool's custom attributes. */
    public static final int MAX_CUSTOM_ATTRIBUTES = 50;
    public static final String EMAIL = "email";
    public static final String PHONE_NUMBER = "phone_number";
    private static final Set<String> VERIFIABLE = Set.of(EMAIL, PHONE_NUMBER);
    /** Cognito's {@code AdminCreateUserUnusedAccountValidityDaysType} bound. */
    private static final int MAX_UNUSED_ACCOUNT_DAYS = 365;

    public PoolSettings {
        lambdaConfig = lambdaConfig == null ? LambdaConfig.NONE : lambdaConfig;
        legacyPool = legacyPool == null ? Optional.empty() : legacyPool;
        autoVerifiedAttributes = List.copyOf(autoVerifiedAttributes);
        accountRecovery = List.copyOf(accountRecovery);
        attributesRequireVerificationBeforeUpdate = List.copyOf(attributesRequireVerificationBeforeUpdate);
        customAttributes = List.copyOf(customAttributes);
        requireVerifiable(autoVerifiedAttributes, "AutoVerifiedAttributes");
        requireVerifiable(attributesRequireVerificationBeforeUpdate, "AttributesRequireVerificationBeforeUpdate");
        if (!autoVerifiedAttributes.containsAll(attributesRequireVerificationBeforeUpdate)) {
            throw CognitoException.invalidParameter("The attributes in AttributesRequireVerificationBeforeUpdate "
                    + "must also be in AutoVerifiedAttributes.");
        }
        requireRecovery(accountRecovery);
        if (unusedAccountValidityDays < 0 || unusedAccountValidityDays > MAX_UNUSED_ACCOUNT_DAYS) {
            throw CognitoException.invalidParameter("UnusedAccountValidityDays must be between 0 and "
                    + MAX_UNUSED_ACCOUNT_DAYS + ".");
        }
        if (customAttributes.size() > MAX_CUSTOM_ATTRIBUTES) {
            throw CognitoException.invalidParameter("A user pool has at most " + MAX_CUSTOM_ATTRIBUTES
                    + " custom attributes; this change would make " + customAttributes.size() + ".");
        }
        var names = new HashSet<String>();
        for (CustomAttribute attribute : customAttributes) {
            if (!names.add(attribute.name())) {
                throw CognitoException.invalidParameter("Existing attribute already has name " + attribute.name() + ".");
            }
        }
    }

    /** Settings that name no legacy pool to move users in from. */
    public PoolSettings(String poolName, PasswordRequirements password, MfaConfiguration mfaConfiguration,
                        List<String> autoVerifiedAttributes, List<RecoveryMechanism> accountRecovery,
                        DeletionProtection deletionProtection, boolean allowAdminCreateUserOnly,
                        int unusedAccountValidityDays, List<String> attributesRequireVerificationBeforeUpdate,
                        List<CustomAttribute> customAttributes, LambdaConfig lambdaConfig, long version,
                        Optional<Instant> created, Optional<Instant> lastModified) {
        this(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery, deletionProtection,
                allowAdminCreateUserOnly, unusedAccountValidityDays, attributesRequireVerificationBeforeUpdate,
                customAttributes, lambdaConfig, version, created, lastModified, Optional.empty());
    }

    /**
     * Settings that forward writes made in a region that does not lead to the leader (Cognate's
     * setting, on unless turned off; see {@link io.cognate.domain.forwarding.WriteForwarding}).
     */
    public PoolSettings(String poolName, PasswordRequirements password, MfaConfiguration mfaConfiguration,
                        List<String> autoVerifiedAttributes, List<RecoveryMechanism> accountRecovery,
                        DeletionProtection deletionProtection, boolean allowAdminCreateUserOnly,
                        int unusedAccountValidityDays, List<String> attributesRequireVerificationBeforeUpdate,
                        List<CustomAttribute> customAttributes, LambdaConfig lambdaConfig, long version,
                        Optional<Instant> created, Optional<Instant> lastModified, Optional<LegacyPoolSetting> legacyPool) {
        this(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery, deletionProtection,
                allowAdminCreateUserOnly, unusedAccountValidityDays, attributesRequireVerificationBeforeUpdate,
                customAttributes, lambdaConfig, version, created, lastModified, legacyPool, true);
    }

    /** These settings with write forwarding turned on or off. A Cognate setting, with no Cognito operation. */
    public PoolSettings withWriteForwarding(boolean forward, Instant now) {
        return new PoolSettings(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery,
                deletionProtection, allowAdminCreateUserOnly, unusedAccountValidityDays,
                attributesRequireVerificationBeforeUpdate, customAttributes, lambdaConfig, version,
                created.or(() -> Optional.of(now)), Optional.of(now), legacyPool, forward);
    }

    /** These settings naming {@code legacy} as the pool users are moved in from (none: empty). */
    public PoolSettings withLegacyPool(Optional<LegacyPoolSetting> legacy, Instant now) {
        return new PoolSettings(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery,
                deletionProtection, allowAdminCreateUserOnly, unusedAccountValidityDays,
                attributesRequireVerificationBeforeUpdate, customAttributes, lambdaConfig, version,
                created.or(() -> Optional.of(now)), Optional.of(now), legacy, writeForwarding);
    }

    /**
     * The settings of a pool that never wrote them: what Cognate did before they were kept.
     * {@code mfaConfiguration} is the deployment's ({@code COGNATE_MFA_CONFIGURATION}).
     */
    public static PoolSettings initial(String poolName, MfaConfiguration mfaConfiguration) {
        return initial(poolName, mfaConfiguration, LambdaConfig.NONE);
    }

    /**
     * The same, starting with the triggers the deployment names ({@code startingTriggers}, the
     * template's {@code PoolLambdaConfig}): they hold until UpdateUserPool first writes the
     * settings, as the rest of these do.
     */
    public static PoolSettings initial(String poolName, MfaConfiguration mfaConfiguration, LambdaConfig startingTriggers) {
        return new PoolSettings(poolName, PasswordRequirements.cognitoDefault(), mfaConfiguration, List.of(EMAIL),
                List.of(new RecoveryMechanism(1, RecoveryMechanism.VERIFIED_EMAIL)), DeletionProtection.INACTIVE,
                false, 7, List.of(EMAIL), List.of(), startingTriggers, 0, Optional.empty(), Optional.empty());
    }

    /** These settings as UpdateUserPool leaves them; the custom attributes are kept, the triggers replaced. */
    public PoolSettings updated(PoolUpdate update, Instant now) {
        return new PoolSettings(update.poolName().orElse(poolName), update.password(), update.mfaConfiguration(),
                update.autoVerifiedAttributes(), update.accountRecovery(), update.deletionProtection(),
                update.allowAdminCreateUserOnly(), update.unusedAccountValidityDays(),
                update.attributesRequireVerificationBeforeUpdate(), customAttributes, update.lambdaConfig(), version,
                created.or(() -> Optional.of(now)), Optional.of(now), legacyPool, writeForwarding);
    }

    /** These settings with {@code added} defined after the present ones; a name defined already is refused. */
    public PoolSettings withCustomAttributes(List<CustomAttribute> added, Instant now) {
        var all = new ArrayList<>(customAttributes);
        all.addAll(added);
        return new PoolSettings(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery,
                deletionProtection, allowAdminCreateUserOnly, unusedAccountValidityDays,
                attributesRequireVerificationBeforeUpdate, all, lambdaConfig, version, created.or(() -> Optional.of(now)),
                Optional.of(now), legacyPool, writeForwarding);
    }

    /** The same settings as stored at {@code storedVersion}. */
    public PoolSettings withVersion(long storedVersion) {
        return new PoolSettings(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery,
                deletionProtection, allowAdminCreateUserOnly, unusedAccountValidityDays,
                attributesRequireVerificationBeforeUpdate, customAttributes, lambdaConfig, storedVersion, created,
                lastModified, legacyPool, writeForwarding);
    }

    /**
     * The recovery mechanisms in priority order, the first this pool can deliver deciding:
     * {@code verified_phone_number} is passed over (the pool sends no SMS), so the next one
     * applies. No setting at all is Cognito's legacy choice, a verified phone number and else a
     * verified e-mail address: here the e-mail address.
     */
    public PasswordRecovery passwordRecovery() {
        if (accountRecovery.isEmpty()) {
            return PasswordRecovery.VERIFIED_EMAIL;
        }
        for (RecoveryMechanism mechanism : accountRecovery.stream()
                .sorted(Comparator.comparingInt(RecoveryMechanism::priority)).toList()) {
            switch (mechanism.name()) {
                case RecoveryMechanism.ADMIN_ONLY -> {
                    return PasswordRecovery.ADMIN_ONLY;
                }
                case RecoveryMechanism.VERIFIED_EMAIL -> {
                    return PasswordRecovery.VERIFIED_EMAIL;
                }
                default -> {
                    // verified_phone_number: no SMS to send it by; the next mechanism applies.
                }
            }
        }
        return PasswordRecovery.NO_DELIVERABLE_MECHANISM;
    }

    /** Whether {@code email} is in {@code AutoVerifiedAttributes}. */
    public boolean autoVerifiesEmail() {
        return autoVerifiedAttributes.contains(EMAIL);
    }

    /** Whether {@code email} is in {@code AttributesRequireVerificationBeforeUpdate}. */
    public boolean emailChangeAwaitsVerification() {
        return attributesRequireVerificationBeforeUpdate.contains(EMAIL);
    }

    public Optional<CustomAttribute> customAttribute(String name) {
        return customAttributes.stream().filter(attribute -> attribute.name().equals(name)).findFirst();
    }

    /** Checks a new user's {@code custom:} attributes against the schema, once it has any. */
    public void checkSignUpAttributes(Map<String, String> attributes) {
        attributes.forEach((name, value) -> schemaOf(name).ifPresent(attribute -> attribute.check(value)));
    }

    /** The same for a change of attributes, which may not touch an immutable one. */
    public void checkAttributeUpdate(Map<String, String> attributes) {
        attributes.forEach((name, value) -> schemaOf(name).ifPresent(attribute -> {
            if (!attribute.mutable()) {
                throw CognitoException.invalidParameter("Attributes did not conform to the schema: " + name
                        + ": Attribute cannot be updated. (changing an immutable attribute)");
            }
            attribute.check(value);
        }));
    }

    /**
     * The definition of a {@code custom:} name; empty for a standard name, and for any custom
     * name while the pool defines none (the open schema of {@link #initial}).
     */
    private Optional<CustomAttribute> schemaOf(String name) {
        if (!name.startsWith(CustomAttribute.PREFIX) || customAttributes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(customAttribute(name).orElseThrow(() -> CognitoException.invalidParameter(
                "Attributes did not conform to the schema: Type for attribute {" + name + "} could not be determined")));
    }

    private static void requireVerifiable(List<String> attributes, String member) {
        if (!VERIFIABLE.containsAll(attributes) || new HashSet<>(attributes).size() != attributes.size()) {
            throw CognitoException.invalidParameter(member + " may list email and phone_number, each once.");
        }
    }

    private static void requireRecovery(List<RecoveryMechanism> mechanisms) {
        if (mechanisms.size() > 2) {
            throw CognitoException.invalidParameter("AccountRecoverySetting has at most 2 RecoveryMechanisms.");
        }
        var priorities = new HashSet<Integer>();
        var names = new HashSet<String>();
        for (RecoveryMechanism mechanism : mechanisms) {
            if (!RecoveryMechanism.NAMES.contains(mechanism.name())) {
                throw CognitoException.invalidParameter("RecoveryMechanisms Name must be verified_email, "
                        + "verified_phone_number or admin_only.");
            }
            if (mechanism.priority() < 1 || mechanism.priority() > 2 || !priorities.add(mechanism.priority())
                    || !names.add(mechanism.name())) {
                throw CognitoException.invalidParameter("RecoveryMechanisms must have distinct names and the distinct "
                        + "priorities 1 and 2.");
            }
        }
        if (names.contains(RecoveryMechanism.ADMIN_ONLY) && names.size() > 1) {
            throw CognitoException.invalidParameter("admin_only cannot be combined with another recovery mechanism.");
        }
    }
}
