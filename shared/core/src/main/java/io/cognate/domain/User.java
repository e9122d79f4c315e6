package io.cognate.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A user of the pool as stored in the Directory. Attributes exclude {@code sub}, which is the
 * identity itself. The password is present only as an Argon2id PHC string and, for SRP sign-in,
 * as a sealed SRP verifier ({@code srpVerifier}, empty when the user has none yet); the two are
 * always written together, so no verifier outlives the password it was made from.
 *
 * <p>{@code temporaryPasswordExpiresAt} is set while the password is a temporary one an
 * administrator gave (status {@link UserStatus#FORCE_CHANGE_PASSWORD}): past it, the password no
 * longer signs in and only an administrator can give a new one.
 *
 * <p>{@code version} is the version of the stored item this copy was read from (0 for a user not
 * stored yet). Every {@code with…} copy keeps it, so a write of a changed copy is conditional on
 * the item still being the one that was read ({@code UserDirectory.update}): two requests that
 * read the same user can never both write, and neither can undo the other's change.
 */
public record User(
        String sub,
        Username username,
        UserStatus status,
        boolean enabled,
        Map<String, String> attributes,
        String passwordHash,
        Optional<PendingCode> confirmationCode,
        Instant createdAt,
        Instant updatedAt,
        long version,
        String srpVerifier,
        Optional<Instant> temporaryPasswordExpiresAt) {

    public User {
        srpVerifier = srpVerifier == null ? "" : srpVerifier;
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        temporaryPasswordExpiresAt = temporaryPasswordExpiresAt == null ? Optional.empty() : temporaryPasswordExpiresAt;
    }

    /** A user read at {@code version} whose password is not a temporary one. */
    public User(String sub, Username username, UserStatus status, boolean enabled, Map<String, String> attributes,
                String passwordHash, Optional<PendingCode> confirmationCode, Instant createdAt, Instant updatedAt,
                long version, String srpVerifier) {
        this(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, updatedAt, version,
                srpVerifier, Optional.empty());
    }

    /** A new user, not stored yet. */
    public User(String sub, Username username, UserStatus status, boolean enabled, Map<String, String> attributes,
                String passwordHash, Optional<PendingCode> confirmationCode, Instant createdAt, Instant updatedAt) {
        this(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, updatedAt, 0, "");
    }

    /** A user read at {@code version}, with no SRP verifier. */
    public User(String sub, Username username, UserStatus status, boolean enabled, Map<String, String> attributes,
                String passwordHash, Optional<PendingCode> confirmationCode, Instant createdAt, Instant updatedAt,
                long version) {
        this(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, updatedAt, version, "");
    }

    /** Whether the user can sign in with SRP (has a verifier). */
    public boolean hasSrpVerifier() {
        return !srpVerifier.isEmpty();
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public User withStatus(UserStatus newStatus, Instant now) {
        return new User(sub, username, newStatus, enabled, attributes, passwordHash, Optional.empty(),
                createdAt, now, version, srpVerifier, temporaryPasswordExpiresAt);
    }

    public User withEnabled(boolean newEnabled, Instant now) {
        return new User(sub, username, status, newEnabled, attributes, passwordHash, confirmationCode,
                createdAt, now, version, srpVerifier, temporaryPasswordExpiresAt);
    }

    public User withAttributes(Map<String, String> newAttributes, Instant now) {
        return new User(sub, username, status, enabled, newAttributes, passwordHash, confirmationCode,
                createdAt, now, version, srpVerifier, temporaryPasswordExpiresAt);
    }

    public User withConfirmationCode(PendingCode code, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, Optional.of(code),
                createdAt, now, version, srpVerifier, temporaryPasswordExpiresAt);
    }

    /** A new password, its hash and its sealed SRP verifier; any pending code is used up with it. */
    public User withPassword(String newPasswordHash, String newSrpVerifier, Instant now) {
        return new User(sub, username, status, enabled, attributes, newPasswordHash, Optional.empty(), createdAt, now,
                version, newSrpVerifier, Optional.empty());
    }

    /** The SRP verifier of the password the user has now (made at a sign-in with it). */
    public User withSrpVerifier(String newSrpVerifier, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, now,
                version, newSrpVerifier, temporaryPasswordExpiresAt);
    }

    /** Records a wrong guess against the pending code, or drops the code. */
    public User withPendingCode(Optional<PendingCode> code, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, code,
                createdAt, now, version, srpVerifier, temporaryPasswordExpiresAt);
    }

    /** The same user as the store holds it after a write of this copy. */
    public User stored(long storedVersion) {
        return new User(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, updatedAt,
                storedVersion, srpVerifier, temporaryPasswordExpiresAt);
    }

    /**
     * A temporary password an administrator gave, valid until {@code expiresAt}: the user must
     * replace it at the first sign-in (status {@link UserStatus#FORCE_CHANGE_PASSWORD}). Any pending
     * code is used up with the old password.
     */
    public User withTemporaryPassword(String newPasswordHash, String newSrpVerifier, Instant expiresAt, Instant now) {
        return new User(sub, username, UserStatus.FORCE_CHANGE_PASSWORD, enabled, attributes, newPasswordHash,
                Optional.empty(), createdAt, now, version, newSrpVerifier, Optional.of(expiresAt));
    }

    /** Whether the password is a temporary one that can no longer be used at {@code now}. */
    public boolean temporaryPasswordExpiredAt(Instant now) {
        return temporaryPasswordExpiresAt.filter(expiry -> !now.isBefore(expiry)).isPresent();
    }
}
