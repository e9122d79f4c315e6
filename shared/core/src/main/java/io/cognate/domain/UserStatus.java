package io.cognate.domain;

/** Cognito's user statuses that Cognate uses. */
public enum UserStatus {
    UNCONFIRMED, CONFIRMED
}
