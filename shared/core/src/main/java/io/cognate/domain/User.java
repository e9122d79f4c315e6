package io.cognate.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A user of the pool as stored in the Directory. Attributes exclude {@code sub}, which is the
 * identity itself. The password is present only as an Argon2id PHC string.
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
        long version) {

    public User {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    /** A new user, not stored yet. */
    public User(String sub, Username username, UserStatus status, boolean enabled, Map<String, String> attributes,
                String passwordHash, Optional<PendingCode> confirmationCode, Instant createdAt, Instant updatedAt) {
        this(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, updatedAt, 0);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public User withStatus(UserStatus newStatus, Instant now) {
        return new User(sub, username, newStatus, enabled, attributes, passwordHash, Optional.empty(), createdAt, now, version);
    }

    public User withEnabled(boolean newEnabled, Instant now) {
        return new User(sub, username, status, newEnabled, attributes, passwordHash, confirmationCode, createdAt, now, version);
    }

    public User withAttributes(Map<String, String> newAttributes, Instant now) {
        return new User(sub, username, status, enabled, newAttributes, passwordHash, confirmationCode, createdAt, now, version);
    }

    public User withConfirmationCode(PendingCode code, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, Optional.of(code), createdAt, now, version);
    }

    /** A new password; any pending code is used up with it. */
    public User withPasswordHash(String newPasswordHash, Instant now) {
        return new User(sub, username, status, enabled, attributes, newPasswordHash, Optional.empty(), createdAt, now, version);
    }

    /** Records a wrong guess against the pending code, or drops the code. */
    public User withPendingCode(Optional<PendingCode> code, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, code, createdAt, now, version);
    }

    /** The same user as the store holds it after a write of this copy. */
    public User stored(long storedVersion) {
        return new User(sub, username, status, enabled, attributes, passwordHash, confirmationCode, createdAt, updatedAt,
                storedVersion);
    }
}
