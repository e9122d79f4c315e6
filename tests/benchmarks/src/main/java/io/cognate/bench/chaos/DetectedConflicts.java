package io.cognate.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCognate;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The one place a chaos run learns of replication conflicts: the stack's {@code /_local/conflicts}
 * JSON when it serves one (an array, or an object with a {@code conflicts} array), else the
 * conflicts its status page lists through its {@code ConflictLog}. While neither exists or lists
 * any, conflict detection is reported as {@code unavailable} with 0 conflicts: "none found" and
 * "not looked for" are not the same claim.
 */
final class DetectedConflicts {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param detection {@code endpoint}, {@code status-page} or {@code unavailable} */
    record Count(long detected, String detection) {
    }

    private DetectedConflicts() {
    }

    static Count read(LocalCognate stack) {
        URI endpoint = stack.frontDoorEndpoint().resolve("/_local/conflicts");
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(10_000);
            if (connection.getResponseCode() == 200) {
                try (InputStream body = connection.getInputStream()) {
                    JsonNode conflicts = JSON.readTree(body);
                    JsonNode list = conflicts.isArray() ? conflicts : conflicts.path("conflicts");
                    if (list.isArray()) {
                        return new Count(list.size(), "endpoint");
                    }
                }
            } else {
                connection.getErrorStream();
            }
        } catch (java.io.IOException unreachable) {
            // The status page below is the fallback.
        }
        int listed = stack.status().snapshot().conflicts().size();
        return listed > 0 ? new Count(listed, "status-page") : new Count(0, "unavailable");
    }
}
