package io.cognate.testing;

import io.cognate.ports.Revocations;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Revocations in memory, laid out as in the Sessions table: per session, per refresh token and
 * per user one entry for each region that wrote one. {@link #inRegion} gives another region's
 * view of the same entries, as every region of a global table reads and writes the same items
 * (without replication lag). A GlobalSignOut only moves its region's time forward, as the DynamoDB
 * adapter's conditional put does; times are kept to the millisecond. Revocations are not
 * forgotten with time: the table's TTL may drop them only after {@code keepUntil}.
 */
public final class InMemoryRevocations implements Revocations {

    /** What a region wrote about one session or refresh token. */
    private record Revocation(Instant revokedAt, Instant keepUntil) {
    }

    /** Every region's entries; guarded by itself. */
    private static final class Entries {
        final Map<String, Map<String, Revocation>> sessions = new HashMap<>();
        final Map<String, Map<String, Revocation>> refreshTokens = new HashMap<>();
        final Map<String, Map<String, Instant>> signOuts = new HashMap<>();
    }

    private final Entries entries;
    private final String region;

    public InMemoryRevocations(String region) {
        this(new Entries(), region);
    }

    private InMemoryRevocations(Entries entries, String region) {
        this.entries = entries;
        this.region = region;
    }

    /** The same revocations as {@code otherRegion} reads and writes them. */
    public InMemoryRevocations inRegion(String otherRegion) {
        return new InMemoryRevocations(entries, otherRegion);
    }

    @Override
    public void revokeSession(String originJti, Instant revokedAt, Instant keepUntil) {
        synchronized (entries) {
            entries.sessions.computeIfAbsent(originJti, jti -> new HashMap<>())
                    .put(region, new Revocation(StoredTimes.toMillis(revokedAt), keepUntil));
        }
    }

    @Override
    public boolean isSessionRevoked(String originJti) {
        synchronized (entries) {
            return entries.sessions.containsKey(originJti);
        }
    }

    @Override
    public void revokeRefreshToken(String tokenHash, Instant revokedAt, Instant keepUntil) {
        synchronized (entries) {
            entries.refreshTokens.computeIfAbsent(tokenHash, hash -> new HashMap<>())
                    .put(region, new Revocation(StoredTimes.toMillis(revokedAt), keepUntil));
        }
    }

    @Override
    public boolean isRefreshTokenRevoked(String tokenHash) {
        synchronized (entries) {
            return entries.refreshTokens.containsKey(tokenHash);
        }
    }

    @Override
    public void signOutEverywhere(String sub, Instant at) {
        Instant stored = StoredTimes.toMillis(at);
        synchronized (entries) {
            // Only ever moves forward: an older or repeated sign-out leaves the later one in place.
            entries.signOuts.computeIfAbsent(sub, s -> new HashMap<>())
                    .merge(region, stored, (earlier, later) -> earlier.isBefore(later) ? later : earlier);
        }
    }

    @Override
    public Optional<Instant> lastSignOut(String sub) {
        synchronized (entries) {
            return entries.signOuts.getOrDefault(sub, Map.of()).values().stream().max(Instant::compareTo);
        }
    }
}
