package io.cognate.domain;

import io.cognate.domain.events.SignInHistory;
import io.cognate.domain.events.UserAuthEvent.ChallengeResult;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.UserDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a username and password. Every refusal is the same {@code NotAuthorizedException:
 * Incorrect username or password.} whether the user is unknown or the password wrong, and costs
 * the same: an unknown user is checked against a dummy Argon2id hash, and every kind of failure
 * is counted towards the lockout alike. A disabled account is told apart, as Cognito tells it
 * ({@code User is disabled.}), only to a caller who gave its right password: that tells nothing
 * to someone who does not know it already.
 *
 * <p>Each refused proof and each completed sign-in is recorded in the user's event history
 * ({@link SignInHistory}), which for a username with no user makes a decoy write of the same cost.
 * An attempt refused because the account is locked is not recorded: it is refused before the user
 * is looked up, and the lockout is what bounds how many events anyone can add to a user's history.
 *
 * <p>A username with no user may name one still to be moved in ({@link Arrivals}, lazy migration):
 * the password is then checked where the user comes from, inside the same counted attempt, so a
 * wrong password there is a failure on the same counter, and a username unknown there too costs
 * the same Argon2id work as a wrong password here.
 */
public final class PasswordSignIn {
    public static final String INCORRECT_CREDENTIALS = "Incorrect username or password.";
    public static final String USER_DISABLED = "User is disabled.";

    private final UserDirectory directory;
    private final PasswordHasher passwordHasher;
    private final SignInAttempts attempts;
    private final AuthEvents events;
    private final SignInHistory history;
    private final Arrivals arrivals;

    /**
     * Where a user with no user here may come from at their first password sign-in: the user,
     * created here with the password's Argon2id hash, when the password is right there; empty
     * otherwise, with nothing created. Costs one Argon2id hash when it creates a user.
     */
    @FunctionalInterface
    public interface Arrivals {
        Arrivals NONE = (clientId, username, password, validationData) -> Optional.empty();

        /** {@code validationData}: the sign-in request's ClientMetadata, which Cognito hands UserMigration as that. */
        Optional<User> onSignIn(String clientId, Username username, String password, Map<String, String> validationData);
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher passwordHasher, SignInAttempts attempts) {
        this(directory, passwordHasher, attempts, AuthEvents.none());
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher passwordHasher, SignInAttempts attempts,
                          AuthEvents events) {
        this(directory, passwordHasher, attempts, events, SignInHistory.none());
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher passwordHasher, SignInAttempts attempts,
                          AuthEvents events, SignInHistory history) {
        this(directory, passwordHasher, attempts, events, history, Arrivals.NONE);
    }

    public PasswordSignIn(UserDirectory directory, PasswordHasher passwordHasher, SignInAttempts attempts,
                          AuthEvents events, SignInHistory history, Arrivals arrivals) {
        this.arrivals = arrivals;
        this.directory = directory;
        this.passwordHasher = passwordHasher;
        this.attempts = attempts;
        this.events = events;
        this.history = history;
    }

    /** Where sign-ins and other account events are recorded. */
    public SignInHistory history() {
        return history;
    }

    /** A right password, its attempt still counted until the sign-in completes. */
    public record Verified(User user, SignInAttempts.Attempt attempt) {
    }

    /** The user this password belongs to; throws {@code NotAuthorizedException} otherwise. */
    public User authenticate(String rawUsername, String password) {
        Verified verified = verify(rawUsername, password);
        completed(verified.attempt());
        return verified.user();
    }

    /**
     * Checks the password like {@link #authenticate} but leaves the attempt counted: when a
     * second factor follows, only a right answer to it starts the count again, so knowing the
     * password does not buy unlimited guesses at the code. The caller ends the attempt with
     * {@link #completed} or {@link #awaitingSecondFactor}.
     */
    public Verified verify(String rawUsername, String password) {
        return verify(rawUsername, password, null);
    }

    /**
     * {@link #verify(String, String)} through the app client {@code clientId}: a username with no
     * user here is looked for where users are moved in from ({@link Arrivals}); null: nowhere
     * (the user is known, as for ChangePassword).
     */
    public Verified verify(String rawUsername, String password, String clientId) {
        return verify(rawUsername, password, clientId, Map.of());
    }

    /** The same, with the sign-in request's ClientMetadata for a user moved in on the way ({@link Arrivals}). */
    public Verified verify(String rawUsername, String password, String clientId, Map<String, String> validationData) {
        Username username = Username.of(rawUsername);
        return accept(username, found -> {
            if (found.isPresent()) {
                String stored = found.get().passwordHash();
                if (stored == null || stored.isEmpty()) {
                    // No password to check (a federated user, one imported without a hash): the
                    // answer is no, at the cost of a check, so its speed does not say the name exists.
                    passwordHasher.burnEquivalentWork(password);
                    return Optional.empty();
                }
                return passwordHasher.matches(password, stored) ? found : Optional.empty();
            }
            Optional<User> arrived = clientId == null ? Optional.empty() : arrivals.onSignIn(clientId, username, password,
                    validationData);
            if (arrived.isEmpty()) {
                passwordHasher.burnEquivalentWork(password);
            }
            return arrived;
        }, List.of(ChallengeResult.PASSWORD_FAILURE));
    }

    /**
     * A proof of the password other than the password itself (an SRP password claim). Given the
     * user the username names, if any, it says whether the proof holds; for a username with no
     * user it must cost what checking a real user's proof costs.
     */
    @FunctionalInterface
    public interface Proof {
        boolean holdsFor(Optional<User> found);
    }

    /** {@link #verify(String, String)} with another proof of the password: counted, locked, refused and recorded alike. */
    public Verified verify(Username username, Proof proof) {
        return verify(username, proof, List.of(ChallengeResult.PASSWORD_FAILURE));
    }

    /**
     * {@link #verify(Username, Proof)} with a proof of something else (a code, a passkey): a refusal
     * is recorded as the challenges {@code askedOnRefusal} (Cognito's challenge names are only
     * {@code Password} and {@code Mfa}).
     */
    public Verified verify(Username username, Proof proof, List<ChallengeResult> askedOnRefusal) {
        return accept(username, found -> proof.holdsFor(found) && found.isPresent() ? found : Optional.empty(),
                askedOnRefusal);
    }

    /** The check every proof shares: {@code check} answers the user the proof holds for, or empty. */
    private Verified accept(Username username, java.util.function.Function<Optional<User>, Optional<User>> check,
                            List<ChallengeResult> askedOnRefusal) {
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
        Optional<User> accepted;
        try {
            accepted = check.apply(found);
        } catch (CognitoException noVerdict) {
            // No verdict on the proof (a migration trigger or legacy pool that could not be
            // asked, a region that may not create the user): still counted, no longer in flight.
            attempts.released(attempt);
            events.signInFailed();
            throw noVerdict;
        }
        if (accepted.isEmpty() && found.isPresent() && hasNoPassword(found.get())) {
            // Moved in without a password (an import row with no hash): no answer could be right,
            // so none is a guess to count; the user must reset it, as Cognito answers its imports.
            attempts.succeeded(attempt);
            events.signInFailed();
            throw CognitoException.passwordResetRequired();
        }
        if (accepted.isEmpty()) {
            attempts.failed(attempt);
            events.signInFailed();
            history.refused(username, found, askedOnRefusal);
            throw CognitoException.notAuthorized(INCORRECT_CREDENTIALS);
        }
        if (!accepted.get().enabled()) {
            // The password was right: not a guess to count, and still no sign-in.
            attempts.succeeded(attempt);
            events.signInFailed();
            throw CognitoException.notAuthorized(USER_DISABLED);
        }
        return new Verified(accepted.get(), attempt);
    }

    private static boolean hasNoPassword(User user) {
        return user.status() == UserStatus.RESET_REQUIRED && (user.passwordHash() == null || user.passwordHash().isEmpty());
    }

    /** The sign-in is complete: the count starts again. */
    public void completed(SignInAttempts.Attempt attempt) {
        attempts.succeeded(attempt);
        events.signInSucceeded();
    }

    /** The sign-in ended with tokens, after the challenges {@code passed}: recorded in the user's history. */
    public void signedIn(User user, List<ChallengeResult> passed) {
        history.succeeded(user, passed);
    }

    /** The password was right and the second factor's answer wrong (or spent): recorded in the user's history. */
    public void secondFactorRefused(User user) {
        history.refused(user.username(), Optional.of(user),
                List.of(ChallengeResult.PASSWORD_SUCCESS, ChallengeResult.MFA_FAILURE));
    }

    /** The password was right and a second factor is asked for: the attempt stays counted, no longer in flight. */
    public void awaitingSecondFactor(SignInAttempts.Attempt attempt) {
        attempts.released(attempt);
    }
}
