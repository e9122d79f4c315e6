package io.cognate.ports;

import io.cognate.domain.Username;
import io.cognate.domain.events.UserAuthEvent;
import java.util.List;
import java.util.Optional;

/**
 * Users' authentication events, kept beside each user in the replicated Directory and dropped by
 * storage at each event's {@code expiresAt}. Events are appended under keys no two events share
 * (the time and the random event id), so any region may append without the write fence: no two
 * writes ever meet in one item, and replication's last writer wins cannot lose one. The only
 * change made to an event is its feedback, written only over the version read.
 */
public interface UserAuthEventLog {
    /** Stores {@code event} as one of {@code sub}'s events; never replaces a stored one. */
    void append(String sub, UserAuthEvent event);

    /**
     * Makes the write {@link #append} makes, of {@code event}, to an item no read returns and
     * that expires at the event's {@code expiresAt}: a sign-in that fails for a username with no
     * user calls this where a real user's failure appends, so both cost the same.
     */
    void writeDecoy(Username username, UserAuthEvent event);

    /** The event {@code eventId} of {@code sub}, read strongly consistent; empty when there is none. */
    Optional<UserAuthEvent> find(String sub, String eventId);

    /**
     * Up to {@code limit} of {@code sub}'s events, newest first, starting after the event
     * {@code after} names (from the newest when empty). {@link Page#last} names the last event
     * returned when more follow it, and is empty otherwise.
     */
    Page page(String sub, int limit, Optional<String> after);

    /**
     * Replaces the stored event with {@code updated} (the same event, feedback given, one version
     * later) provided it is still stored at {@code updated.version() - 1}. False, writing
     * nothing, when another feedback came first or the event is gone.
     */
    boolean recordFeedback(String sub, UserAuthEvent updated);

    record Page(List<UserAuthEvent> events, Optional<String> last) {
        public Page {
            events = List.copyOf(events);
        }
    }
}
