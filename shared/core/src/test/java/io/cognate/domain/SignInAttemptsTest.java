package io.cognate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.InMemoryLockVerdicts;
import io.cognate.testing.InMemoryLockoutCounters;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lockout ladder on the in-memory counters, driven by an attacker who waits out every lock. */
class SignInAttemptsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SignInAttempts attempts = new SignInAttempts("us-east-1", LockoutPolicy.cognitoDefault(),
            new InMemoryLockoutCounters(), new InMemoryLockVerdicts(), clock);

    /** Counts the wrong passwords an attacker gets checked in {@code period}, trying as soon as a lock allows. */
    private int guessesCheckedIn(Duration period) {
        Instant end = clock.instant().plus(period);
        int checked = 0;
        while (clock.instant().isBefore(end)) {
            try {
                attempts.failed(attempts.begin("acct#victim"));
                checked++;
            } catch (CognitoException locked) {
                // Refused without a check.
            }
            clock.advance(Duration.ofSeconds(1));
        }
        return checked;
    }

    /**
     * Finding 11 of the security review: with the longest lock as long as the idle reset, the
     * count started again after every longest lock, so about fifteen guesses went through every
     * 32 minutes, forever. The idle time now runs from the end of the lock: at the cap an
     * attacker gets one guess per longest lock.
     */
    @Test
    void finding11TheLadderDoesNotStartAgainAfterItsLongestLock() {
        int firstHour = guessesCheckedIn(Duration.ofHours(1));
        int nextFourHours = guessesCheckedIn(Duration.ofHours(4));
        // Five free, then locks of 1 s, 2 s, ... 512 s, then 15 min each.
        assertThat(firstHour).isLessThanOrEqualTo(5 + 10 + 4);
        assertThat(nextFourHours).isLessThanOrEqualTo(4 * 4 + 1);
    }

    @Test
    void aQuietAccountStartsItsCountAgainAfterTheIdleTime() {
        for (int i = 0; i < 4; i++) {
            attempts.failed(attempts.begin("acct#alice"));
        }
        clock.advance(LockoutPolicy.cognitoDefault().idleReset());
        assertThat(attempts.begin("acct#alice").count()).isEqualTo(1);
    }
}
