package io.cognate.domain;

import java.time.Duration;
import java.util.Map;

/**
 * The pool's rules for what a user's write may hold: the password policy and the attribute
 * schema. The services ask them at each write, so a change of the pool's settings
 * ({@code io.cognate.domain.pool.PoolSettingsSource}) takes effect without a new deployment; a
 * fixed {@link PasswordPolicy} is the rules of a pool whose settings never change.
 */
public interface PoolRules {
    /** Cognito's default {@code TemporaryPasswordValidityDays}. */
    Duration DEFAULT_TEMPORARY_PASSWORD_VALIDITY = Duration.ofDays(7);

    /** Throws {@code InvalidPasswordException} naming the first rule the password breaks. */
    void checkPassword(String password);

    /** The password policy in force now: what a temporary password is made to pass. */
    PasswordPolicy passwordPolicy();

    /** How long a temporary password (AdminCreateUser, AdminSetUserPassword) stays valid. */
    default Duration temporaryPasswordValidity() {
        return DEFAULT_TEMPORARY_PASSWORD_VALIDITY;
    }

    /**
     * Throws Cognito's {@code NotAuthorizedException} when users may not sign themselves up
     * (the pool's {@code AllowAdminCreateUserOnly}); by default they may.
     */
    default void checkSelfSignUp() {
    }

    /**
     * Checks a new user's attributes (as {@link UserAttributes#fromClient} returned them) against
     * the schema's types and constraints; throws {@code InvalidParameterException}. By default
     * every attribute the client may write is accepted, as before the schema was kept.
     */
    default void checkSignUpAttributes(Map<String, String> attributes) {
    }

    /** The same for a change of an existing user's attributes, which also refuses immutable ones. */
    default void checkAttributeUpdate(Map<String, String> attributes) {
    }

    /**
     * How a forgotten password is recovered: the first of the pool's recovery mechanisms, in
     * priority order, this pool can deliver (by default, as before the setting was kept, a code
     * to the verified e-mail address).
     */
    default PasswordRecovery passwordRecovery() {
        return PasswordRecovery.VERIFIED_EMAIL;
    }

    /**
     * Whether e-mail addresses are verified by a code the pool sends on its own (the pool's
     * {@code AutoVerifiedAttributes} lists {@code email}): SignUp sends a confirmation code, and
     * a changed address gets a verification code. By default they are.
     */
    default boolean autoVerifiesEmail() {
        return true;
    }

    /**
     * Whether a changed e-mail address waits for its code before it replaces the present one
     * (the pool's {@code AttributesRequireVerificationBeforeUpdate} lists {@code email}); if not,
     * it replaces it at once, unverified. By default it waits.
     */
    default boolean emailChangeAwaitsVerification() {
        return true;
    }

    /** What ForgotPassword and AdminResetUserPassword may do for a user. */
    enum PasswordRecovery {
        /** A reset code goes to the user's verified e-mail address, if the user has one. */
        VERIFIED_EMAIL,
        /** No mechanism the pool lists can be delivered here (only {@code verified_phone_number}: no SMS). */
        NO_DELIVERABLE_MECHANISM,
        /** {@code admin_only}: users do not reset their own passwords; an administrator sets them. */
        ADMIN_ONLY
    }
}
