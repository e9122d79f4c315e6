package io.cognate.domain.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that passed full verification, keyed by their exact text, so a token presented again
 * skips parsing and the RSA check. Only the route-independent verdict is kept (signature,
 * issuer, kind, time claims); what a route demands is checked on every hit.
 *
 * <p>Bounded: at capacity it first drops entries whose tokens have expired, then an arbitrary
 * eighth of the rest. An entry never outlives its token: a hit is served only while the token
 * would still pass a fresh verification's {@code exp} check (the same clock-skew allowance).
 */
final class VerifiedTokenCache {
    private final int capacity;
    private final Duration clockSkew;
    private final ConcurrentHashMap<String, VerifiedToken> entries;

    VerifiedTokenCache(int capacity, Duration clockSkew) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.clockSkew = clockSkew;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1);
    }

    /** The cached verdict for exactly this token text, or null when absent or no longer valid. */
    VerifiedToken get(String token, Instant now) {
        VerifiedToken cached = entries.get(token);
        if (cached == null) {
            return null;
        }
        if (!stillValid(cached, now)) {
            entries.remove(token, cached);
            return null;
        }
        return cached;
    }

    void put(String token, VerifiedToken verified, Instant now) {
        if (entries.size() >= capacity) {
            evict(now);
        }
        entries.put(token, verified);
    }

    int size() {
        return entries.size();
    }

    private boolean stillValid(VerifiedToken token, Instant now) {
        if (!now.isBefore(token.expiresAt().plus(clockSkew))) {
            return false;
        }
        // Clocks can step backwards; a token not yet valid then is not served either.
        return token.notBefore().map(nbf -> !nbf.isAfter(now.plus(clockSkew))).orElse(true);
    }

    private void evict(Instant now) {
        entries.values().removeIf(token -> !stillValid(token, now));
        int excess = entries.size() - capacity + Math.max(1, capacity / 8);
        Iterator<String> keys = entries.keySet().iterator();
        while (excess > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
            excess--;
        }
    }
}
