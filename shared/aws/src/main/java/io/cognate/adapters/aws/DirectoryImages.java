package io.cognate.adapters.aws;

import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.conflicts.SecretAttributes;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Directory items as conflict detection sees them: key, writer stamps, and attributes minus secrets. */
final class DirectoryImages {
    /** Long enough to tell two copies apart on sight, short enough that a record stays far below 400 KB. */
    private static final int MAX_SHOWN_LENGTH = 200;
    private static final Set<String> STAMPS = Set.of(Items.PK, Items.SK, "version", "epoch", "writerRegion",
            FencedTransactions.ANCESTOR_EPOCH, FencedTransactions.ANCESTOR_REGION, FencedTransactions.ANCESTOR_VERSION,
            FencedTransactions.ANCESTOR_LINE);

    private DirectoryImages() {
    }

    static ItemImage image(Map<String, AttributeValue> item) {
        String pk = Items.string(item, Items.PK);
        Optional<String> claimed = pk.startsWith(ItemImage.USERNAME_CLAIM_PREFIX)
                ? Items.optionalString(item, "sub") : Optional.empty();
        var shown = new LinkedHashMap<String, String>();
        item.entrySet().stream().filter(e -> !STAMPS.contains(e.getKey())).sorted(Map.Entry.comparingByKey())
                .forEach(e -> shown.put(e.getKey(), show(e.getKey(), e.getValue())));
        return new ItemImage(pk, Items.string(item, Items.SK), Items.numberOrZero(item, "version"),
                Items.numberOrZero(item, "epoch"),
                Items.optionalString(item, "writerRegion").orElse(""), claimed, shown, FencedTransactions.ancestor(item));
    }


    private static String show(String name, AttributeValue value) {
        if (SecretAttributes.isSecret(name)) {
            return SecretAttributes.REDACTED;
        }
        String text = switch (value.type()) {
            case S -> value.s();
            case N -> value.n();
            case BOOL -> value.bool().toString();
            case SS -> String.join(",", value.ss());
            case NS -> String.join(",", value.ns());
            case L -> value.l().stream().map(v -> show(name, v)).collect(Collectors.joining(",", "[", "]"));
            case M -> value.m().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                    .map(e -> e.getKey() + "=" + show(e.getKey(), e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
            case NUL -> "null";
            default -> "(" + value.type() + ")";
        };
        return text.length() > MAX_SHOWN_LENGTH ? text.substring(0, MAX_SHOWN_LENGTH) + "..." : text;
    }
}
