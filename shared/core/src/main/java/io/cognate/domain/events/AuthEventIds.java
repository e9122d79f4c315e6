package io.cognate.domain.events;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Event ids: RFC 9562 version 7 UUIDs, whose first 48 bits are the event's time in
 * milliseconds and the other 74 (bar the version and variant) random. Two reasons. Storage keeps
 * a user's events in time order under {@code EVENT#<time>#<eventId>}, and the time in the id
 * lets a feedback, which names only the event id, find the event with one read of its exact key.
 * And the random bits make two events unique even when two regions record one at the same
 * millisecond, so their writes never meet in one item (last writer wins could not lose one).
 * An event id is no secret: the feedback token is.
 */
public final class AuthEventIds {
    private static final Pattern SHAPE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final long MAX_MILLIS = (1L << 48) - 1;

    private final SecureRandom random;

    public AuthEventIds(SecureRandom random) {
        this.random = random;
    }

    /** A new id for an event at {@code at}. */
    public String next(Instant at) {
        long millis = at.toEpochMilli() & MAX_MILLIS;
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The time an id was made at, if {@code eventId} is one of these ids; empty for anything else. */
    public static Optional<Instant> createdAt(String eventId) {
        if (eventId == null || !SHAPE.matcher(eventId).matches()) {
            return Optional.empty();
        }
        long high = UUID.fromString(eventId).getMostSignificantBits();
        return Optional.of(Instant.ofEpochMilli(high >>> 16));
    }
}
