package io.cognate.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a chaos run learns of replication conflicts: the stack's {@code /_local/conflicts}
 * JSON ({@code {"detected": N, "conflicts": [...]}}, every region's conflict records, without
 * secrets), read over HTTP as an operator would. The endpoint's {@code detected} counts
 * detections, not conflicts: each region records a conflict in its own Control table when it
 * applies the pair before another region's record of it has arrived (after a split brain heals,
 * both sides receive each other's copy, and with three regions the third receives both), so one
 * conflict is often counted two or three times. The conflicts are the records, one per id (the
 * id is the pair of copies, the same in every region). If the endpoint does not answer, conflict
 * detection is reported as {@code unavailable} with 0 conflicts: "none found" and "not looked for"
 * are not the same claim, and every lost write then counts as silently lost.
 */
final class DetectedConflicts {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One conflict record as the endpoint lists it: the item, and the copy set aside (the loser).
     *
     * @param loserSub the sub a username claim named (null for other items)
     * @param loserUpdatedAt the loser's {@code updatedAt} in epoch milliseconds (null when it has none)
     * @param detectedAt when the record was made, in epoch milliseconds (null when not shown): after
     *     the fault that let the two copies meet, when replication brought them together
     */
    record Conflict(String id, String kind, String pk, String status, String loserRegion, long loserEpoch,
                    String loserSub, String loserAttributes, Long loserUpdatedAt, Long detectedAt) {
        boolean resolved() {
            return "RESOLVED".equals(status);
        }
    }

    /**
     * @param detections the stack's detections since it started: each conflict once per region that
     *     recorded it (the endpoint's {@code detected})
     * @param detection {@code endpoint} or {@code unavailable}
     * @param conflicts the records listed, one per conflict
     */
    record Found(long detections, String detection, List<Conflict> conflicts) {
        /** Conflicts detected: one per record, however many regions found it; resolved + pending. */
        long detected() {
            return conflicts.size();
        }

        long resolved() {
            return conflicts.stream().filter(Conflict::resolved).count();
        }

        long pending() {
            return conflicts.size() - resolved();
        }

        static Found unavailable() {
            return new Found(0, "unavailable", List.of());
        }
    }

    private DetectedConflicts() {
    }

    static Found read(LocalCognate stack) {
        URI endpoint = stack.frontDoorEndpoint().resolve("/_local/conflicts");
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            if (connection.getResponseCode() != 200) {
                return Found.unavailable();
            }
            try (InputStream body = connection.getInputStream()) {
                return parse(JSON.readTree(body));
            }
        } catch (IOException unreachable) {
            return Found.unavailable();
        }
    }

    /** A record's {@code detectedAt} (an ISO-8601 instant), if shown. */
    private static Long instant(JsonNode shown) {
        try {
            return shown.isTextual() ? Instant.parse(shown.asText()).toEpochMilli() : null;
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
    }

    /** An item's {@code updatedAt} (epoch milliseconds, shown as text), if it has one. */
    private static Long millis(JsonNode shown) {
        try {
            return shown.isMissingNode() || shown.isNull() ? null : Long.valueOf(shown.asText());
        } catch (NumberFormatException notMillis) {
            return null;
        }
    }

    /** The endpoint's answer; anything without a {@code conflicts} array is no answer. */
    static Found parse(JsonNode answer) {
        JsonNode list = answer.path("conflicts");
        if (!list.isArray()) {
            return Found.unavailable();
        }
        List<Conflict> conflicts = new ArrayList<>();
        for (JsonNode record : list) {
            JsonNode loser = record.path("loser");
            conflicts.add(new Conflict(record.path("id").asText(), record.path("kind").asText(), record.path("pk").asText(),
                    record.path("status").asText(), loser.path("writerRegion").asText(), loser.path("epoch").asLong(),
                    loser.hasNonNull("sub") ? loser.path("sub").asText() : null,
                    loser.path("attributes").toString(), millis(loser.path("attributes").path("updatedAt")),
                    instant(record.path("detectedAt"))));
        }
        long detections = answer.path("detected").isNumber() ? answer.path("detected").asLong() : conflicts.size();
        return new Found(Math.max(detections, conflicts.size()), "endpoint", List.copyOf(conflicts));
    }
}
