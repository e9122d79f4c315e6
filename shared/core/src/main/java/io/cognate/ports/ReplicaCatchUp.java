package io.cognate.ports;

import java.time.Duration;
import java.util.List;

/**
 * Waits until this region's replica holds what another region wrote: read-your-writes for a write
 * forwarded to the leader. Only the items are compared, never their values: a later write of
 * the same item also satisfies the wait.
 */
public interface ReplicaCatchUp {
    /** True once every item reads as written here (or later); false when {@code bound} passed first. */
    boolean await(List<WrittenItem> items, Duration bound);

    /**
     * One item a fenced write stored: its table and key, and what shows it replicated: its
     * {@code version} at least this one (items that carry one), present, or gone (a delete).
     */
    record WrittenItem(String table, String pk, String sk, Kind kind, long version) {
        public enum Kind { VERSION, PRESENT, DELETED }

        public static WrittenItem version(String table, String pk, String sk, long version) {
            return new WrittenItem(table, pk, sk, Kind.VERSION, version);
        }

        public static WrittenItem present(String table, String pk, String sk) {
            return new WrittenItem(table, pk, sk, Kind.PRESENT, 0);
        }

        public static WrittenItem deleted(String table, String pk, String sk) {
            return new WrittenItem(table, pk, sk, Kind.DELETED, 0);
        }
    }
}
