package io.cognate.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One event accepted by the local EventBridge.
 *
 * @param region the region the caller signed its request for (read from its SigV4 credential scope)
 */
public record LocalEvent(
        String id,
        String source,
        String detailType,
        JsonNode detail,
        String eventBusName,
        Instant time,
        List<String> resources,
        String region) {

    public LocalEvent {
        resources = List.copyOf(resources);
    }

    /** A top-level text field of the detail, or null when absent. */
    public String detailText(String field) {
        JsonNode value = detail.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
