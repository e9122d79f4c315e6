package io.cognate.domain;

/** Cognito's user statuses that Cognate uses. */
public enum UserStatus {
    /** Signed up, the code not confirmed yet. */
    UNCONFIRMED,
    CONFIRMED,
    /** Created by an administrator with a temporary password, which the user must replace at the first sign-in. */
    FORCE_CHANGE_PASSWORD,
    /** An administrator reset the password: the user must set a new one with the code sent (ConfirmForgotPassword). */
    RESET_REQUIRED,
    /** Made by a federated sign-in ({@code io.cognate.domain.federation.FederatedSignIn}): no password, signs in upstream only. */
    EXTERNAL_PROVIDER
}
