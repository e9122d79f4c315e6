package io.cognate.domain;

import io.cognate.ports.AuthEvents;
import io.cognate.ports.UserDirectory;
import java.util.Optional;

/**
 * Checks a username and password. Every refusal is the same {@code NotAuthorizedException:
 * Incorrect username or password.} whether the user is unknown, the password wrong or the
 * account disabled, and costs the same: an unknown user is checked against a dummy Argon2id
 * hash, and every kind of failure is counted towards the lockout alike.
 */
public final class PasswordSignIn {
    public static final String INCORRECT_CREDENTIALS = "Incorrect username or password.";

    private final UserDirectory directory;
    private final PasswordHasher passwordHasher;
    private final SignInAttempts attempts;
    private final AuthEvents events;

    public PasswordSignIn(UserDirectory directory, PasswordHasher passwordHasher, SignInAttempts attempts) {
        this(directory, passwordHasher, attempts, AuthEvents.none());
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher passwordHasher, SignInAttempts attempts,
                          AuthEvents events) {
        this.directory = directory;
        this.passwordHasher = passwordHasher;
        this.attempts = attempts;
        this.events = events;
    }

    /** The user this password belongs to; throws {@code NotAuthorizedException} otherwise. */
    public User authenticate(String rawUsername, String password) {
        Username username = Username.of(rawUsername);
        // The lock is checked before anything about the user is looked at, and a locked
        // attempt never reaches the password check.
        SignInAttempts.Attempt attempt;
        try {
            attempt = attempts.begin(username.key());
        } catch (CognitoException locked) {
            events.signInFailed();
            throw locked;
        }
        Optional<User> found = directory.findByUsername(username);
        boolean accepted;
        if (found.isPresent()) {
            accepted = passwordHasher.matches(password, found.get().passwordHash()) && found.get().enabled();
        } else {
            passwordHasher.burnEquivalentWork(password);
            accepted = false;
        }
        if (!accepted) {
            attempts.failed(attempt);
            events.signInFailed();
            throw CognitoException.notAuthorized(INCORRECT_CREDENTIALS);
        }
        attempts.succeeded(attempt);
        events.signInSucceeded();
        return found.get();
    }
}
