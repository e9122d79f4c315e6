package io.cognate.domain.sessions;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Session ids ({@code origin_jti}) are UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds,
 * then 74 random bits. Every token of a session carries the id inside its signed claims, so a
 * verifier learns when the session began to the millisecond without a store read; GlobalSignOut
 * needs exactly that ({@code iat} has only whole seconds, too coarse to tell a token minted just
 * before a sign-out from one minted just after).
 */
public final class SessionIds {
    private SessionIds() {
    }

    public static String next(Instant now) {
        long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long randomHigh = Random.SOURCE.nextLong();
        long randomLow = Random.SOURCE.nextLong();
        long msb = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long lsb = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** When the session began, if {@code id} is a UUIDv7. */
    public static Optional<Instant> startedAt(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.version() != 7 || uuid.variant() != 2) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    /** Created on first use, so no random state is captured in a SnapStart snapshot. */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }
}
