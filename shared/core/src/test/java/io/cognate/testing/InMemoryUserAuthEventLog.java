package io.cognate.testing;

import io.cognate.domain.Username;
import io.cognate.domain.events.UserAuthEvent;
import io.cognate.ports.UserAuthEventLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Users' authentication events in memory, kept and paged as DynamoDbUserAuthEventLog keeps them:
 * per user, ordered by time then event id (newest first when paged), an append never replacing
 * a stored event, a feedback written only over the version read. Decoy writes are counted, not
 * kept, and {@link #failing} makes every write throw, as a store that is down would.
 */
public final class InMemoryUserAuthEventLog implements UserAuthEventLog {
    private static final Comparator<String> NEWEST_FIRST = Comparator.<String>naturalOrder().reversed();

    private final Map<String, NavigableMap<String, UserAuthEvent>> events = new ConcurrentHashMap<>();
    private final AtomicInteger appends = new AtomicInteger();
    private final AtomicInteger decoys = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean failing;

    @Override
    public void append(String sub, UserAuthEvent event) {
        failIfAsked();
        var mine = events.computeIfAbsent(sub, s -> new ConcurrentSkipListMap<>(NEWEST_FIRST));
        if (mine.putIfAbsent(key(event), event) != null) {
            throw new IllegalStateException("event " + event.eventId() + " is already stored");
        }
        appends.incrementAndGet();
    }

    @Override
    public void writeDecoy(Username username, UserAuthEvent event) {
        failIfAsked();
        decoys.incrementAndGet();
    }

    @Override
    public Optional<UserAuthEvent> find(String sub, String eventId) {
        reads.incrementAndGet();
        var mine = events.get(sub);
        if (mine == null) {
            return Optional.empty();
        }
        return mine.values().stream().filter(e -> e.eventId().equals(eventId)).findFirst();
    }

    @Override
    public Page page(String sub, int limit, Optional<String> after) {
        var mine = events.getOrDefault(sub, new ConcurrentSkipListMap<>(NEWEST_FIRST));
        NavigableMap<String, UserAuthEvent> rest = after
                .map(id -> mine.tailMap(key(id), false))
                .orElse(mine);
        List<UserAuthEvent> page = new ArrayList<>(rest.values().stream().limit(limit + 1L).toList());
        Optional<String> last = Optional.empty();
        if (page.size() > limit) {
            page.remove(limit);
            last = Optional.of(page.getLast().eventId());
        }
        return new Page(page, last);
    }

    @Override
    public synchronized boolean recordFeedback(String sub, UserAuthEvent updated) {
        failIfAsked();
        var mine = events.get(sub);
        String key = key(updated);
        UserAuthEvent stored = mine == null ? null : mine.get(key);
        if (stored == null || stored.version() != updated.version() - 1) {
            return false;
        }
        mine.put(key, updated);
        return true;
    }

    /** Every write from now on throws, as a store that cannot be reached would. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** Events appended so far, of every user. */
    public int appends() {
        return appends.get();
    }

    /** Events looked up by id so far ({@link #find}), found or not. */
    public int reads() {
        return reads.get();
    }

    /** Decoy writes made so far. */
    public int decoys() {
        return decoys.get();
    }

    /** Every event of {@code sub}, newest first. */
    public List<UserAuthEvent> of(String sub) {
        return List.copyOf(events.getOrDefault(sub, new ConcurrentSkipListMap<>()).values());
    }

    private void failIfAsked() {
        if (failing) {
            throw new IllegalStateException("the event store is unavailable");
        }
    }

    private static String key(UserAuthEvent event) {
        return key(event.eventId());
    }

    /** Time then id, as the DynamoDB sort key: the id's first 48 bits are its time, so the id alone sorts alike. */
    private static String key(String eventId) {
        return eventId;
    }
}
