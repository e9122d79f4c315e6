package io.cognate.testing;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.ports.UserDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A {@link UserDirectory} in front of another, for tests about concurrent writes. It passes
 * every call on and records each update the store committed; and a test may have it run a
 * competing write right before an update reaches the store ({@link #beforeNextUpdate}), or refuse
 * updates as if another write had come first ({@link #conflictOnNextUpdates}). So a race between
 * two requests for one user can be laid out step by step, without threads or timing.
 */
public final class WatchedUserDirectory implements UserDirectory {
    private record Interleaving(Predicate<User> when, Runnable write) {
    }

    private final UserDirectory delegate;
    private final List<User> committed = new ArrayList<>(); // guarded by itself
    private final AtomicReference<Interleaving> interleaving = new AtomicReference<>();
    private final AtomicInteger conflictsToRaise = new AtomicInteger();
    private final AtomicInteger updateCalls = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();

    public WatchedUserDirectory(UserDirectory delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs {@code write} once, on the updating thread, right before the next update whose user
     * {@code when} accepts goes to the store. The update then goes on with the copy it was given,
     * read before {@code write}. Updates {@code write} makes itself are passed on as usual.
     */
    public void beforeNextUpdate(Predicate<User> when, Runnable write) {
        interleaving.set(new Interleaving(when, write));
    }

    /** Whether a write set up with {@link #beforeNextUpdate} is still waiting for its update. */
    public boolean interleavingPending() {
        return interleaving.get() != null;
    }

    /** Refuses the next {@code count} updates with {@link ConcurrentUpdate}, without reaching the store. */
    public void conflictOnNextUpdates(int count) {
        conflictsToRaise.set(count);
    }

    /** Updates asked for, whatever became of them. */
    public int updateCalls() {
        return updateCalls.get();
    }

    /** Updates refused with {@link ConcurrentUpdate}, by the store or by {@link #conflictOnNextUpdates}. */
    public int conflicts() {
        return conflicts.get();
    }

    /** The copies of user {@code sub} the store committed through this directory, by version. */
    public List<User> committedUpdates(String sub) {
        synchronized (committed) {
            return committed.stream().filter(u -> u.sub().equals(sub))
                    .sorted(Comparator.comparingLong(User::version)).toList();
        }
    }

    @Override
    public Optional<User> findByUsername(Username username) {
        return delegate.findByUsername(username);
    }

    @Override
    public Optional<User> findBySub(String sub) {
        return delegate.findBySub(sub);
    }

    @Override
    public Optional<AppClient> findClient(String clientId) {
        return delegate.findClient(clientId);
    }

    @Override
    public void create(User user, LeaderRecord fence) {
        delegate.create(user, fence);
    }

    @Override
    public User update(User user, LeaderRecord fence) {
        updateCalls.incrementAndGet();
        Interleaving pending = interleaving.get();
        if (pending != null && pending.when().test(user) && interleaving.compareAndSet(pending, null)) {
            pending.write().run();
        }
        if (conflictsToRaise.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            conflicts.incrementAndGet();
            throw new ConcurrentUpdate();
        }
        User stored;
        try {
            stored = delegate.update(user, fence);
        } catch (ConcurrentUpdate lost) {
            conflicts.incrementAndGet();
            throw lost;
        }
        synchronized (committed) {
            committed.add(stored);
        }
        return stored;
    }

    @Override
    public void putClient(AppClient client, LeaderRecord fence) {
        delegate.putClient(client, fence);
    }

    @Override
    public void writeDecoy(Username username, Instant expiresAt, LeaderRecord fence) {
        delegate.writeDecoy(username, expiresAt, fence);
    }

    @Override
    public void delete(User user, LeaderRecord fence) {
        delegate.delete(user, fence);
    }
}
