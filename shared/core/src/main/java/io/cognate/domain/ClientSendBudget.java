package io.cognate.domain;

import io.cognate.ports.SendBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many codes one app client may have sent per hour from this region (SignUp,
 * ResendConfirmationCode, ForgotPassword, USER_AUTH's EMAIL_OTP, GetUserAttributeVerificationCode,
 * an e-mail change by UpdateUserAttributes), beside each user's own limit ({@link PendingCode}).
 * The operations anyone may call spend it before anything about the user is looked at, for
 * unknown users as for real ones, so its {@code LimitExceededException} tells nobody who exists.
 * The two whose caller is signed in spend it once the user's own limit has let the code through,
 * so that a user past their own limit costs the client's other users nothing.
 */
public final class ClientSendBudget {
    private static final long HOUR_SECONDS = Duration.ofHours(1).toSeconds();

    private final SendBudgets budgets;
    private final int perHour;
    private final Clock clock;

    public ClientSendBudget(SendBudgets budgets, int perHour, Clock clock) {
        this.budgets = budgets;
        this.perHour = perHour;
        this.clock = clock;
    }

    /** Spends one send of {@code clientId}'s hour, or refuses with Cognito's {@code LimitExceededException}. */
    public void spend(String clientId) {
        long hour = clock.instant().getEpochSecond() / HOUR_SECONDS;
        // Kept an hour past its own, then the table's TTL removes it.
        Instant forgetAfter = Instant.ofEpochSecond((hour + 2) * HOUR_SECONDS);
        if (!budgets.take("CLIENT#" + clientId + "#" + hour, perHour, forgetAfter)) {
            throw CognitoException.limitExceeded();
        }
    }
}
