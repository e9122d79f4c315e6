package io.cognate.domain.pool;

/**
 * Cognito's {@code DeletionProtection}. Cognate never deletes its pool through the API; ACTIVE
 * only changes the answer DeleteUserPool gives (see {@link PoolAdministration#deleteUserPool}).
 */
public enum DeletionProtection {
    ACTIVE, INACTIVE
}
