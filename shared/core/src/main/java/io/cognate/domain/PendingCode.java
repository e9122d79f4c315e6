package io.cognate.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A one-time code sent to the user, kept only as a hash, with its expiry and two counts that
 * belong to the user's current hour rather than to the code: the wrong guesses made and the
 * codes sent. A new code inherits both while the hour lasts, so asking for another code never
 * buys more guesses: at most {@link #MAX_FAILED_ATTEMPTS} guesses at a six-digit code per user
 * per hour, whatever the number of codes asked for, and at most {@link #MAX_SENDS} codes sent.
 *
 * @param failedAttempts wrong guesses in the window; at {@link #MAX_FAILED_ATTEMPTS} the code is used up
 * @param windowStart    when the first code of the window was sent
 * @param sends          codes sent in the window, this one included
 * @param newEmail       for a code that verifies a changed e-mail address, the new address: it is
 *                       applied only when the code comes back (VerifyUserAttribute); until then
 *                       the user's verified address stays in force
 */
public record PendingCode(String codeHash, Instant expiresAt, int failedAttempts, Instant windowStart, int sends,
                          Optional<String> newEmail) {
    /** Wrong guesses per window (Cognito allows about five). */
    public static final int MAX_FAILED_ATTEMPTS = 5;
    /**
     * Codes sent per window: room for a lost mail or two, and a bound on what one user's address
     * receives. Guesses do not grow with them: five per window in all, one chance in 200,000 an
     * hour at a six-digit code.
     */
    public static final int MAX_SENDS = 5;
    public static final Duration WINDOW = Duration.ofHours(1);

    /** A code that verifies no new value. */
    public PendingCode(String codeHash, Instant expiresAt, int failedAttempts, Instant windowStart, int sends) {
        this(codeHash, expiresAt, failedAttempts, windowStart, sends, Optional.empty());
    }

    /** The first code of a window. */
    public static PendingCode first(String codeHash, Instant expiresAt, Instant now) {
        return new PendingCode(codeHash, expiresAt, 0, now, 1);
    }

    /**
     * The code that replaces {@code previous}: it keeps the window's counts while the window
     * lasts. Empty when the window has sent its {@link #MAX_SENDS} codes already.
     */
    public static Optional<PendingCode> next(Optional<PendingCode> previous, String codeHash, Instant expiresAt,
                                             Instant now) {
        if (previous.isEmpty() || !now.isBefore(previous.get().windowStart().plus(WINDOW))) {
            return Optional.of(first(codeHash, expiresAt, now));
        }
        PendingCode last = previous.get();
        if (last.sends() >= MAX_SENDS) {
            return Optional.empty();
        }
        return Optional.of(new PendingCode(codeHash, expiresAt, last.failedAttempts(), last.windowStart(), last.sends() + 1));
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether a guess may still be compared with this code. */
    public boolean usable() {
        return failedAttempts < MAX_FAILED_ATTEMPTS;
    }

    public PendingCode withFailedAttempt() {
        return new PendingCode(codeHash, expiresAt, failedAttempts + 1, windowStart, sends, newEmail);
    }

    /** The same code, sent to verify {@code address} as the user's new e-mail address. */
    public PendingCode withNewEmail(String address) {
        return new PendingCode(codeHash, expiresAt, failedAttempts, windowStart, sends, Optional.of(address));
    }
}
