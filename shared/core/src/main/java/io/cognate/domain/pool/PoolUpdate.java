package io.cognate.domain.pool;

import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.triggers.LambdaConfig;
import java.util.List;
import java.util.Optional;

/**
 * What UpdateUserPool sets. Cognito's rule is that a parameter left out of the request is set to
 * its default, not kept ("If you don't provide a value for an attribute, Amazon Cognito sets it
 * to its default value"): the caller fills each absent one from {@link #COGNITO_DEFAULT}. The
 * pool's name is the exception (absent keeps it), and the custom attributes are not part of an
 * update at all (AddCustomAttributes adds them, nothing removes them).
 */
public record PoolUpdate(Optional<String> poolName, PasswordRequirements password, MfaConfiguration mfaConfiguration,
                         List<String> autoVerifiedAttributes, List<RecoveryMechanism> accountRecovery,
                         DeletionProtection deletionProtection, boolean allowAdminCreateUserOnly,
                         int unusedAccountValidityDays, List<String> attributesRequireVerificationBeforeUpdate,
                         LambdaConfig lambdaConfig) {

    /**
     * Cognito's default of each parameter, what CreateUserPool gives a pool that leaves it out:
     * the default password policy, MFA OFF, nothing auto-verified, no recovery setting (Cognito
     * then recovers by phone before e-mail; Cognate by e-mail, the only medium it delivers),
     * deletion protection INACTIVE, anyone may sign up, unused accounts valid 7 days, no
     * attribute waiting for verification before an update.
     */
    public static final PoolUpdate COGNITO_DEFAULT = new PoolUpdate(Optional.empty(),
            PasswordRequirements.cognitoDefault(), MfaConfiguration.OFF, List.of(), List.of(),
            DeletionProtection.INACTIVE, false, 7, List.of(), LambdaConfig.NONE);

    /** An update that sets no trigger (LambdaConfig left out, so cleared, as Cognito clears it). */
    public PoolUpdate(Optional<String> poolName, PasswordRequirements password, MfaConfiguration mfaConfiguration,
                      List<String> autoVerifiedAttributes, List<RecoveryMechanism> accountRecovery,
                      DeletionProtection deletionProtection, boolean allowAdminCreateUserOnly,
                      int unusedAccountValidityDays, List<String> attributesRequireVerificationBeforeUpdate) {
        this(poolName, password, mfaConfiguration, autoVerifiedAttributes, accountRecovery, deletionProtection,
                allowAdminCreateUserOnly, unusedAccountValidityDays, attributesRequireVerificationBeforeUpdate,
                LambdaConfig.NONE);
    }

    public PoolUpdate {
        lambdaConfig = lambdaConfig == null ? LambdaConfig.NONE : lambdaConfig;
        autoVerifiedAttributes = List.copyOf(autoVerifiedAttributes);
        accountRecovery = List.copyOf(accountRecovery);
        attributesRequireVerificationBeforeUpdate = List.copyOf(attributesRequireVerificationBeforeUpdate);
    }
}
