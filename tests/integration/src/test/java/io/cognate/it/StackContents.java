package io.cognate.it;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A fingerprint of everything the local stack has stored: every item of every table in every
 * region, and the codes sent. Two equal fingerprints mean nothing was written in between.
 * Items whose TTL falls within the next {@link #EXPIRING} are left out: DynamoDB Local's TTL
 * sweep may delete them at any moment (a one-second lock's verdict, a used TOTP step), and
 * nobody's request would have written that.
 */
final class StackContents {
    /** Longer than any test that compares two fingerprints runs. */
    private static final Duration EXPIRING = Duration.ofMinutes(10);

    private StackContents() {
    }

    /** Table (region/name) to a digest of its items, plus the outbox size. */
    static Map<String, String> fingerprint(LocalCognate stack) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        for (LocalRegion region : stack.regions()) {
            for (String table : LocalRegion.TABLES.all()) {
                List<String> items = new ArrayList<>();
                long horizon = Instant.now().plus(EXPIRING).getEpochSecond();
                region.dynamoClient().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                        .filter(item -> !item.containsKey("ttl") || Long.parseLong(item.get("ttl").n()) > horizon)
                        .forEach(item -> items.add(canonical(item)));
                items.sort(null);
                fingerprint.put(region.name() + "/" + table, items.size() + " items, " + sha256(String.join("\n", items)));
            }
        }
        fingerprint.put("outbox", stack.outbox().entries().size() + " codes");
        return fingerprint;
    }

    private static String canonical(Map<String, AttributeValue> item) {
        return new TreeMap<>(item).toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
