package io.cognate.testing;

import io.cognate.domain.RefreshTokenRecord;
import io.cognate.ports.SessionStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Refresh token records in memory, keyed by token hash as in the Sessions table. Saving is
 * put-if-absent, as the DynamoDB adapter's conditional put is; times are kept to the millisecond.
 * Records are returned whether or not they have expired: the caller judges expiry.
 */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, RefreshTokenRecord> records = new HashMap<>();

    @Override
    public synchronized void saveRefreshToken(RefreshTokenRecord record) {
        if (records.containsKey(record.tokenHash())) {
            throw new IllegalStateException("a refresh token record with this hash is already saved");
        }
        records.put(record.tokenHash(), new RefreshTokenRecord(record.tokenHash(), record.sub(), record.clientId(),
                record.originJti(), StoredTimes.toMillis(record.authTime()), StoredTimes.toMillis(record.issuedAt()),
                StoredTimes.toMillis(record.expiresAt()), record.issuedInRegion()));
    }

    /** How many refresh tokens are stored: a failed sign-in must leave none behind. */
    public synchronized int refreshTokenCount() {
        return records.size();
    }

    @Override
    public synchronized Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
        return Optional.ofNullable(records.get(tokenHash));
    }
}
