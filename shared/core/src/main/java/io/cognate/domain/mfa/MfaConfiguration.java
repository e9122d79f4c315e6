package io.cognate.domain.mfa;

import java.util.Locale;

/**
 * The pool's MFA setting, Cognito's {@code MfaConfiguration}: OFF ignores enrolments at sign-in,
 * OPTIONAL asks a second factor of users who turned it on, ON asks it of everyone and makes
 * users without one set it up before they get tokens.
 */
public enum MfaConfiguration {
    OFF, OPTIONAL, ON;

    public static MfaConfiguration parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be OFF, OPTIONAL or ON", e);
        }
    }
}
