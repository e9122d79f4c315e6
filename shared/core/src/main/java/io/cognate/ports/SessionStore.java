package io.cognate.ports;

import io.cognate.domain.RefreshTokenRecord;
import java.util.Optional;

/** Sessions global table: refresh tokens by hash. Written in any region. */
public interface SessionStore {
    void saveRefreshToken(RefreshTokenRecord record);

    Optional<RefreshTokenRecord> findRefreshToken(String tokenHash);
}
