package io.cognate.adapters.aws;

import io.cognate.ports.ReplicaCatchUp.WrittenItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The items the fenced writes of one request stored, for a leader answering a forwarded write:
 * the sender waits until its replica holds them (read-your-writes). Kept for the thread serving
 * the request, as every write of a request runs on it (one request at a time on Lambda; one per
 * connection in the local runtime), and only while {@link #recording} runs.
 */
public final class WriteReceipts {
    private static final ThreadLocal<List<WrittenItem>> CURRENT = new ThreadLocal<>();

    private WriteReceipts() {
    }

    /** What {@code serve} answered, and the items its fenced writes stored, in order. */
    public static <T> Recorded<T> recording(Supplier<T> serve) {
        List<WrittenItem> items = new ArrayList<>();
        List<WrittenItem> outer = CURRENT.get();
        CURRENT.set(items);
        try {
            return new Recorded<>(serve.get(), List.copyOf(items));
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Notes one item stored outside a fenced transaction (a Sessions item), when a recording runs. */
    static void stored(WrittenItem item) {
        List<WrittenItem> items = CURRENT.get();
        if (items != null) {
            items.add(item);
        }
    }

    /** Notes a committed fenced transaction's writes, when a recording runs. */
    static void committed(List<TransactWriteItem> writes) {
        List<WrittenItem> items = CURRENT.get();
        if (items == null) {
            return;
        }
        for (TransactWriteItem write : writes) {
            if (write.put() != null) {
                Map<String, AttributeValue> item = write.put().item();
                AttributeValue version = item.get("version");
                String pk = item.get("pk").s();
                String sk = item.get("sk").s();
                items.add(version != null && version.n() != null
                        ? WrittenItem.version(write.put().tableName(), pk, sk, Long.parseLong(version.n()))
                        : WrittenItem.present(write.put().tableName(), pk, sk));
            } else if (write.delete() != null) {
                Map<String, AttributeValue> key = write.delete().key();
                items.add(WrittenItem.deleted(write.delete().tableName(), key.get("pk").s(), key.get("sk").s()));
            } else if (write.update() != null) {
                // An update names no version to wait for; that the item exists is what can be checked.
                Map<String, AttributeValue> key = write.update().key();
                items.add(WrittenItem.present(write.update().tableName(), key.get("pk").s(), key.get("sk").s()));
            }
        }
    }

    public record Recorded<T>(T answer, List<WrittenItem> items) {
    }
}
