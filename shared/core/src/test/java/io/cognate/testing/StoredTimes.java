package io.cognate.testing;

import java.time.Instant;

/** Times as Cognate's tables keep them: whole epoch milliseconds, rounded down. */
final class StoredTimes {
    private StoredTimes() {
    }

    static Instant toMillis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
