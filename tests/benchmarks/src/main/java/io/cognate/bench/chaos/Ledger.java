package io.cognate.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write the pool acknowledged during a chaos run: what was written, to which user, when
 * (milliseconds after the run began), how long the call took, where the traffic record pointed
 * and what the pool answered. Writes whose outcome the client cannot know (a timeout, a 5xx, a
 * refusal after the request left) are kept apart as in doubt: the check after heal accepts either
 * outcome for them, and never counts them as acknowledged.
 */
public final class Ledger {

    /** What a write changed; {@link #field} groups the writes that overwrite each other. */
    public enum Kind {
        SIGN_UP("sub"), CONFIRM("status"), PASSWORD("password"), ATTRIBUTE("name"), MFA_TOTP("mfa");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * One acknowledged write.
     *
     * @param value what the pool must now hold (the new password for {@link Kind#PASSWORD}: never printed)
     * @param trafficRegion where the pool's public name pointed when the answer came
     * @param returned the pool's answer, in short (never a secret)
     */
    public record Entry(long sequence, Kind kind, String username, String value, long atMs, long latencyMs,
                        String trafficRegion, String returned, String sentRegion) {

        /** The value as a report may print it. */
        public String printableValue() {
            return kind == Kind.PASSWORD ? "(the new password)" : value;
        }
    }

    /** A write that may or may not have happened. */
    public record Doubt(Kind kind, String username, String value, long atMs, String error) {
    }

    private final AtomicLong sequence = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Doubt> doubts = new ArrayList<>();

    public Entry acknowledge(Kind kind, String username, String value, long atMs, long latencyMs, String trafficRegion,
                             String returned) {
        return acknowledge(kind, username, value, atMs, latencyMs, trafficRegion, trafficRegion, returned);
    }

    /**
     * A write whose call was sent while the traffic record named {@code sentRegion} and answered
     * while it named {@code trafficRegion}: they differ when the record flipped during the call.
     */
    public Entry acknowledge(Kind kind, String username, String value, long atMs, long latencyMs, String sentRegion,
                             String trafficRegion, String returned) {
        Entry entry = new Entry(sequence.incrementAndGet(), kind, username, value, atMs, latencyMs, trafficRegion, returned,
                sentRegion);
        synchronized (entries) {
            entries.add(entry);
        }
        return entry;
    }

    public void inDoubt(Kind kind, String username, String value, long atMs, String error) {
        synchronized (doubts) {
            doubts.add(new Doubt(kind, username, value, atMs, error));
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public List<Doubt> doubts() {
        synchronized (doubts) {
            return List.copyOf(doubts);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Acknowledged writes made after {@code fromMs}. */
    public List<Entry> since(long fromMs) {
        List<Entry> later = new ArrayList<>();
        for (Entry entry : entries()) {
            if (entry.atMs() >= fromMs) {
                later.add(entry);
            }
        }
        return later;
    }
}
