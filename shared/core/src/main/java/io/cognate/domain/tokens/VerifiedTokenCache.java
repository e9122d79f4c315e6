package io.cognate.domain.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens that passed full verification, keyed by their exact text, so a token presented again
 * skips parsing and the RSA check. Only the route-independent verdict is kept (signature,
 * issuer, kind, client, time claims); what a route demands is checked on every hit.
 *
 * <p>Bounded, least recently used first out. An entry never outlives its token: a hit is served
 * only while the token would still pass a fresh verification's {@code exp} check (with the same
 * clock-skew allowance), and an expired entry is dropped when found. One lock guards the map: a
 * hit holds it for a hash look-up, and a Lambda environment serves one request at a time anyway.
 */
final class VerifiedTokenCache {
    private final Duration clockSkew;
    private final LinkedHashMap<String, VerifiedToken> entries;

    VerifiedTokenCache(int capacity, Duration clockSkew) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.clockSkew = clockSkew;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, VerifiedToken> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached verdict for exactly this token text, or null when absent or no longer valid. */
    VerifiedToken get(String token, Instant now) {
        synchronized (entries) {
            VerifiedToken cached = entries.get(token);
            if (cached != null && !stillValid(cached, now)) {
                entries.remove(token);
                return null;
            }
            return cached;
        }
    }

    void put(String token, VerifiedToken verified) {
        synchronized (entries) {
            entries.put(token, verified);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private boolean stillValid(VerifiedToken token, Instant now) {
        if (!now.isBefore(token.expiresAt().plus(clockSkew))) {
            return false;
        }
        // Clocks can step backwards; a token not yet valid then is not served either.
        return token.notBefore().map(nbf -> !nbf.isAfter(now.plus(clockSkew))).orElse(true);
    }
}
