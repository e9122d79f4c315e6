package io.cognate.domain;

import io.cognate.ports.UserDirectory;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way a guess at a user's pending code is checked (ConfirmSignUp, ConfirmForgotPassword,
 * VerifyUserAttribute). A wrong guess is answered only once its count is written, conditional on
 * the version of the user that was read ({@link UserDirectory#update}); a right one is answered by
 * the caller's own write, conditional on the same version. So two guesses read alike can never
 * both be answered: one write wins, the other's throws {@link UserDirectory.ConcurrentUpdate},
 * and {@link WriteFence} runs it again on a fresh read, which counts it too. However many
 * guesses arrive at once, at most {@link PendingCode#MAX_FAILED_ATTEMPTS} are ever compared per
 * window; after that every guess, right or wrong, is refused without a comparison.
 *
 * <p>Every refusal is {@code CodeMismatchException}, the answer an unknown user also gets, so
 * neither a used-up code nor the count tells who exists.
 */
final class CodeGuesses {
    private CodeGuesses() {
    }

    /**
     * Returns normally when {@code guess} is the pending code and it has not expired; throws
     * {@code CodeMismatchException} or {@code ExpiredCodeException} otherwise, after counting.
     */
    static void check(UserDirectory directory, User user, String salt, String guess, Instant now, LeaderRecord leader) {
        Optional<PendingCode> found = user.confirmationCode();
        if (found.isEmpty() || !found.get().usable()) {
            throw CognitoException.codeMismatch();
        }
        PendingCode pending = found.get();
        if (!OneTimeCodes.matches(guess, salt, pending.codeHash())) {
            directory.update(user.withPendingCode(Optional.of(pending.withFailedAttempt()), now), leader);
            throw CognitoException.codeMismatch();
        }
        if (pending.expiredAt(now)) {
            throw CognitoException.expiredCode();
        }
    }
}
