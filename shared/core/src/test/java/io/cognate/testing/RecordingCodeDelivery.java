package io.cognate.testing;

import io.cognate.domain.Username;
import io.cognate.domain.events.SignInHistory;
import io.cognate.ports.CodeDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link CodeDelivery} that delivers nothing and remembers every request, so a test can read
 * the code a user was sent, as the user would from their mailbox. Users are matched by their
 * case-folded username, as the pool matches them. Safe to use from several threads.
 */
public final class RecordingCodeDelivery implements CodeDelivery {
    private final List<Request> sent = new ArrayList<>();
    private final List<Request> decoys = new ArrayList<>();

    @Override
    public synchronized void send(Request request) {
        sent.add(request);
    }

    @Override
    public synchronized void sendDecoy(Request request) {
        decoys.add(request);
    }

    /** Every decoy so far, oldest first; {@link #sent} does not include them. */
    public synchronized List<Request> decoys() {
        return List.copyOf(decoys);
    }

    /** Every request so far, oldest first. */
    public synchronized List<Request> sent() {
        return List.copyOf(sent);
    }

    /** Every request sent to {@code username}, oldest first. */
    public synchronized List<Request> sentTo(String username) {
        String key = Username.of(username).key();
        return sent.stream().filter(r -> Username.of(r.username()).key().equals(key)).toList();
    }

    /** The latest request sent to {@code username}, if any. */
    public Optional<Request> lastTo(String username) {
        List<Request> toUser = sentTo(username);
        return toUser.isEmpty() ? Optional.empty() : Optional.of(toUser.get(toUser.size() - 1));
    }

    /**
     * The code of the latest request sent to {@code username}; fails the test if none was sent. A
     * refused sign-in's notice carries a feedback token, not a code to type in, and is passed over.
     */
    public String lastCodeFor(String username) {
        return sentTo(username).reversed().stream()
                .filter(request -> !SignInHistory.NOTICE_PURPOSE.equals(request.purpose()))
                .findFirst().map(Request::code)
                .orElseThrow(() -> new AssertionError("no code was sent to " + username));
    }

    /** Forgets every request and decoy. */
    public synchronized void clear() {
        sent.clear();
        decoys.clear();
    }
}
