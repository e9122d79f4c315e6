package io.cognate.adapters.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The copies of Directory items this thread read last, by key: a write names the copy its caller
 * read as its ancestor ({@link FencedTransactions#stampOnTop}) without reading it again, and is
 * conditional on that copy's version and writer stamps. 32: a request reads a few items; the
 * write's condition catches an entry gone stale.
 */
final class CopiesRead {
    private static final int KEPT = 32;

    private final ThreadLocal<Map<String, Map<String, AttributeValue>>> read = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, AttributeValue>> eldest) {
                    return size() > KEPT;
                }
            });

    void remember(String key, Map<String, AttributeValue> item) {
        read.get().put(key, item);
    }

    void forget(String key) {
        read.get().remove(key);
    }

    /** The copy kept under {@code key} if it is at {@code version} (no {@code version} attribute: 0); else null. */
    Map<String, AttributeValue> at(String key, long version) {
        Map<String, AttributeValue> item = read.get().get(key);
        return item != null && Items.numberOrZero(item, "version") == version ? item : null;
    }
}
