package io.cognate.domain.pool;

import io.cognate.domain.CognitoException;
import io.cognate.domain.CommonPasswords;
import io.cognate.domain.PasswordPolicy;

/**
 * Cognito's {@code PasswordPolicyType} as the pool stores it. The check itself is
 * {@link PasswordPolicy}'s, which adds the common-password list whatever the settings say.
 */
public record PasswordRequirements(int minimumLength, boolean requireUppercase, boolean requireLowercase,
                                   boolean requireNumbers, boolean requireSymbols, int temporaryPasswordValidityDays) {
    /** Cognito's bounds: {@code PasswordPolicyMinLengthType} 6–99, {@code TemporaryPasswordValidityDaysType} 0–365. */
    public static final int MIN_MINIMUM_LENGTH = 6;
    public static final int MAX_MINIMUM_LENGTH = 99;
    public static final int MAX_TEMPORARY_PASSWORD_DAYS = 365;

    public PasswordRequirements {
        if (minimumLength < MIN_MINIMUM_LENGTH || minimumLength > MAX_MINIMUM_LENGTH) {
            throw CognitoException.invalidParameter("1 validation error detected: Value '" + minimumLength
                    + "' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value "
                    + (minimumLength < MIN_MINIMUM_LENGTH ? "greater than or equal to " + MIN_MINIMUM_LENGTH
                    : "less than or equal to " + MAX_MINIMUM_LENGTH));
        }
        if (temporaryPasswordValidityDays < 0 || temporaryPasswordValidityDays > MAX_TEMPORARY_PASSWORD_DAYS) {
            throw CognitoException.invalidParameter("1 validation error detected: Value '" + temporaryPasswordValidityDays
                    + "' at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy constraint: "
                    + "Member must have value between 0 and " + MAX_TEMPORARY_PASSWORD_DAYS);
        }
    }

    /** Cognito's default: 8 characters with upper- and lower-case letters, a digit and a symbol; 7 days. */
    public static PasswordRequirements cognitoDefault() {
        return new PasswordRequirements(8, true, true, true, true, 7);
    }

    public PasswordPolicy policy() {
        return new PasswordPolicy(minimumLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols,
                CommonPasswords.bundled());
    }
}
