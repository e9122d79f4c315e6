package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.LockVerdicts.Verdict;
import io.cognate.ports.LockVerdicts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LockVerdicts} does, run against each implementation: one verdict per account
 * and region, the region's latest replacing its previous one, every region's returned, expired
 * ones included (readers judge them). Verdicts are kept an hour past their end, so an expired one
 * here ended minutes ago. Every test uses accounts of its own.
 */
public abstract class LockVerdictsContract {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private LockVerdicts verdicts;
    private String account;

    /** The store under test. It may be shared between tests: each test uses accounts nobody else uses. */
    protected abstract LockVerdicts newLockVerdicts();

    @BeforeEach
    void newAccount() {
        verdicts = newLockVerdicts();
        account = newAccountName();
    }

    private static String newAccountName() {
        return "account-" + UUID.randomUUID();
    }

    @Test
    void anAccountNeverLockedHasNoVerdict() {
        assertThat(verdicts.find(account)).isEmpty();
    }

    @Test
    void aRecordedVerdictIsFoundWithItsRegionAndEnd() {
        Instant lockedUntil = now.plus(Duration.ofMinutes(15));
        verdicts.record(account, EAST, lockedUntil);
        assertThat(verdicts.find(account)).containsExactly(new Verdict(EAST, lockedUntil));
    }

    @Test
    void everyRegionsVerdictIsFound() {
        verdicts.record(account, EAST, now.plus(Duration.ofMinutes(1)));
        verdicts.record(account, WEST, now.plus(Duration.ofMinutes(2)));
        assertThat(verdicts.find(account)).containsExactlyInAnyOrder(
                new Verdict(EAST, now.plus(Duration.ofMinutes(1))), new Verdict(WEST, now.plus(Duration.ofMinutes(2))));
    }

    @Test
    void aRegionsNewVerdictReplacesItsPreviousOneEvenWithAnEarlierEnd() {
        verdicts.record(account, EAST, now.plus(Duration.ofMinutes(15)));
        verdicts.record(account, WEST, now.plus(Duration.ofMinutes(15)));
        verdicts.record(account, EAST, now.plus(Duration.ofMinutes(1)));
        assertThat(verdicts.find(account)).containsExactlyInAnyOrder(
                new Verdict(EAST, now.plus(Duration.ofMinutes(1))), new Verdict(WEST, now.plus(Duration.ofMinutes(15))));
    }

    @Test
    void anExpiredVerdictIsStillFoundForTheReaderToJudge() {
        Instant ended = now.minus(Duration.ofMinutes(10));
        verdicts.record(account, WEST, ended);
        assertThat(verdicts.find(account)).containsExactly(new Verdict(WEST, ended));
    }

    @Test
    void accountsHaveTheirOwnVerdicts() {
        String other = account + "-2"; // shares the first account's name as a prefix
        verdicts.record(account, EAST, now.plus(Duration.ofMinutes(1)));
        verdicts.record(other, WEST, now.plus(Duration.ofMinutes(2)));
        assertThat(verdicts.find(account)).containsExactly(new Verdict(EAST, now.plus(Duration.ofMinutes(1))));
        assertThat(verdicts.find(other)).containsExactly(new Verdict(WEST, now.plus(Duration.ofMinutes(2))));
        assertThat(verdicts.find(newAccountName())).isEmpty();
    }

    @Test
    void theEndIsKeptToTheMillisecondRoundedDown() {
        Instant lockedUntil = now.plus(Duration.ofMinutes(15));
        verdicts.record(account, EAST, lockedUntil.plusNanos(999_999));
        assertThat(verdicts.find(account)).containsExactly(new Verdict(EAST, lockedUntil));
    }
}
