package io.cognate.ports;

import java.time.Instant;
import java.util.List;

/**
 * Lock verdicts in the replicated Sessions table: "this account is locked until t", written by
 * the region that locked it. Each region writes only its own item per account, so two regions
 * never write the same item concurrently; readers take every region's verdict into account.
 */
public interface LockVerdicts {

    record Verdict(String region, Instant lockedUntil) {
    }

    void record(String account, String region, Instant lockedUntil);

    /** Every region's verdict on the account, expired ones included. */
    List<Verdict> find(String account);
}
