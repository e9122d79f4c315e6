package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.ports.SendBudgets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SendBudgets} does; each implementation's test extends this. */
public abstract class SendBudgetsContract {
    private SendBudgets budgets;
    private String budget;
    private Instant expiresAt;

    protected abstract SendBudgets newSendBudgets();

    @BeforeEach
    void freshBudget() {
        budgets = newSendBudgets();
        budget = "CLIENT#" + UUID.randomUUID();
        // Real time: DynamoDB Local's TTL sweep deletes items whose time has passed.
        expiresAt = Instant.now().plus(Duration.ofHours(2));
    }

    @Test
    void aBudgetAllowsExactlyItsLimit() {
        for (int i = 0; i < 3; i++) {
            assertThat(budgets.take(budget, 3, expiresAt)).as("send %d", i + 1).isTrue();
        }
        assertThat(budgets.take(budget, 3, expiresAt)).isFalse();
        assertThat(budgets.take(budget, 3, expiresAt)).isFalse();
    }

    @Test
    void budgetsAreCountedApart() {
        assertThat(budgets.take(budget, 1, expiresAt)).isTrue();
        assertThat(budgets.take(budget, 1, expiresAt)).isFalse();
        assertThat(budgets.take(budget + "-next-hour", 1, expiresAt)).isTrue();
    }

    @Test
    void aHigherLimitLetsMoreThrough() {
        assertThat(budgets.take(budget, 1, expiresAt)).isTrue();
        assertThat(budgets.take(budget, 1, expiresAt)).isFalse();
        assertThat(budgets.take(budget, 2, expiresAt)).isTrue();
    }

    @Test
    void sendsAtOnceNeverOverspendABudget() {
        List<Race.Outcome<Boolean>> outcomes = Race.run(16, i -> () -> budgets.take(budget, 5, expiresAt));
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.thrown()).isNull());
        assertThat(outcomes.stream().filter(outcome -> outcome.value())).hasSize(5);
    }
}
