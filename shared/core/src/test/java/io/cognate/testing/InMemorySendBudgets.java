package io.cognate.testing;

import io.cognate.ports.SendBudgets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Send budgets in memory, counting as DynamoDbSendBudgets does: one atomic, conditional count a take. */
public final class InMemorySendBudgets implements SendBudgets {
    private final Map<String, Integer> sends = new HashMap<>();

    @Override
    public synchronized boolean take(String budget, int limit, Instant expiresAt) {
        int counted = sends.getOrDefault(budget, 0);
        if (counted >= limit) {
            return false;
        }
        sends.put(budget, counted + 1);
        return true;
    }
}
