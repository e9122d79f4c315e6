package io.cognate.ports;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The answers already given to requests that may be retried, each under a key derived from the
 * request, kept until they expire (the Idempotency table, regional, with TTL). An answer is a
 * flat map of strings: it holds what the caller was told, never a secret.
 */
public interface IdempotencyRecords {
    /** The answer stored under {@code key}, unless there is none or it expired by {@code now}. */
    Optional<Map<String, String>> find(String key, Instant now);

    /**
     * Stores {@code answer} under {@code key} until {@code expiresAt}, unless a live answer is
     * already there (the first answer stands). Returns whether this one was stored.
     */
    boolean remember(String key, Map<String, String> answer, Instant now, Instant expiresAt);
}
