package io.cognate.ports;

import java.time.Instant;

/**
 * Budgets of one-time codes sent, counted in this region's own Lockout table (codes are sent
 * only by the leader region, whose count is the one that matters). Every take is one atomic,
 * conditional count, so concurrent requests never overspend a budget.
 */
public interface SendBudgets {
    /**
     * Counts one send against {@code budget} if fewer than {@code limit} are counted, and says
     * whether it did. A budget names its own window (an hour, say), and is forgotten after
     * {@code expiresAt}.
     */
    boolean take(String budget, int limit, Instant expiresAt);
}
