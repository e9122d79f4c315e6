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
}
