package io.cognate.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A user of the pool as stored in the Directory. Attributes exclude {@code sub}, which is the
 * identity itself. The password is present only as an Argon2id PHC string.
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
        Instant updatedAt) {

    public User {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public User withStatus(UserStatus newStatus, Instant now) {
        return new User(sub, username, newStatus, enabled, attributes, passwordHash, Optional.empty(), createdAt, now);
    }

    public User withAttributes(Map<String, String> newAttributes, Instant now) {
        return new User(sub, username, status, enabled, newAttributes, passwordHash, confirmationCode, createdAt, now);
    }

    public User withConfirmationCode(PendingCode code, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, Optional.of(code), createdAt, now);
    }

    /** A new password; any pending code is used up with it. */
    public User withPasswordHash(String newPasswordHash, Instant now) {
        return new User(sub, username, status, enabled, attributes, newPasswordHash, Optional.empty(), createdAt, now);
    }

    /** Records a wrong guess against the pending code, or drops the code when it may not be guessed again. */
    public User withPendingCode(Optional<PendingCode> code, Instant now) {
        return new User(sub, username, status, enabled, attributes, passwordHash, code, createdAt, now);
    }
}
