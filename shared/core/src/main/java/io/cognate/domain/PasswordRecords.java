package io.cognate.domain;

import io.cognate.domain.srp.SrpVerifiers;

/**
 * What the Directory stores of a password: its Argon2id hash, for USER_PASSWORD_AUTH, and its
 * sealed SRP verifier, for USER_SRP_AUTH. Both are made here from the one password, so every
 * write that sets a password (SignUp, ConfirmForgotPassword, ChangePassword) sets both, and no
 * verifier of an old password survives a change.
 */
public final class PasswordRecords {
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;

    public PasswordRecords(PasswordHasher hasher, SrpVerifiers verifiers) {
        this.hasher = hasher;
        this.verifiers = verifiers;
    }

    /** A password's two stored forms. */
    public record Stored(String hash, String srpVerifier) {
        @Override
        public String toString() {
            return "Stored[redacted]";
        }
    }

    /** Both forms of {@code password} for the user {@code sub} called {@code username}. */
    public Stored make(String sub, Username username, String password) {
        return new Stored(hasher.hash(password), verifier(sub, username, password));
    }

    /** {@code user} with {@code password} as its new password. */
    public User withNewPassword(User user, String password, java.time.Instant now) {
        Stored stored = make(user.sub(), user.username(), password);
        return user.withPassword(stored.hash(), stored.srpVerifier(), now);
    }

    /**
     * Whether the user's stored forms are to be made again from the password at its next proof:
     * its hash is not the current Argon2id one (an imported hash from another system), or it has
     * no SRP verifier (moved in with a hash only).
     */
    public boolean outdated(User user) {
        return hasher.needsRehash(user.passwordHash()) || !user.hasSrpVerifier();
    }

    /** Whether only the hash is to be made again (the verifier is there). */
    public boolean hashOutdated(User user) {
        return hasher.needsRehash(user.passwordHash());
    }

    /**
     * The sealed SRP verifier alone, for a user whose password was just checked. The user's SRP
     * id (Cognito's {@code USER_ID_FOR_SRP}) is the case-folded username, which never changes and
     * which every caller can be told without learning whether the user exists.
     */
    public String verifier(String sub, Username username, String password) {
        return verifiers.create(sub, username.key(), password);
    }
}
