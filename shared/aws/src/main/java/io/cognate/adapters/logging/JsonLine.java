package io.cognate.adapters.logging;

import io.cognate.domain.json.JsonStrings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * One log line in the key names and order of Powertools' {@code LambdaJsonLayout.json} (the
 * template of log4j2.xml, which the local runtime's log4j uses): {@code level}, {@code message}, {@code error}
 * ({@code name}, {@code message}), the Powertools keys from the MDC ({@code cold_start},
 * {@code function_*}, {@code sampling_rate}, {@code service}), {@code timestamp},
 * {@code xray_trace_id}, {@code correlation_id}, then every other MDC key ({@code region},
 * {@code epoch}, in key order). Absent keys are left out rather than written as null.
 *
 * <p>An exception is written as its class name and message only, never its stack frames: the
 * frames of a failed verification could carry parts of the request.
 */
final class JsonLine {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String COLD_START = "cold_start";
    private static final String FUNCTION_MEMORY_SIZE = "function_memory_size";
    private static final String SAMPLING_RATE = "sampling_rate";
    private static final String SERVICE = "service";
    /** Powertools' own keys, in the template's order; timestamp goes between service and xray_trace_id. */
    private static final List<String> BEFORE_TIMESTAMP = List.of(COLD_START, "function_arn", FUNCTION_MEMORY_SIZE,
            "function_name", "function_request_id", "function_version", SAMPLING_RATE, SERVICE);
    private static final List<String> AFTER_TIMESTAMP = List.of("xray_trace_id", "correlation_id");

    private JsonLine() {
    }

    static String render(Instant at, Level level, String message, Throwable error, Map<String, String> keys,
                         String defaultService) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"level\":");
        string(json, level.name());
        json.append(",\"message\":");
        string(json, String.valueOf(message));
        if (error != null) {
            json.append(",\"error\":{\"name\":");
            string(json, error.getClass().getName());
            if (error.getMessage() != null) {
                json.append(",\"message\":");
                string(json, error.getMessage());
            }
            json.append('}');
        }
        for (String key : BEFORE_TIMESTAMP) {
            String value = keys.get(key);
            if (key.equals(SERVICE) && value == null) {
                value = defaultService;
            }
            if (value != null) {
                powertoolsField(json, key, value);
            }
        }
        json.append(",\"timestamp\":");
        string(json, TIMESTAMP.format(at));
        for (String key : AFTER_TIMESTAMP) {
            if (keys.get(key) != null) {
                field(json, key, keys.get(key));
            }
        }
        // The rest in key order, as log4j's context map iterates.
        new TreeMap<>(keys).forEach((key, value) -> {
            if (key != null && value != null && !BEFORE_TIMESTAMP.contains(key) && !AFTER_TIMESTAMP.contains(key)) {
                field(json, key, value);
            }
        });
        return json.append('}').toString();
    }

    /** As Powertools' resolver writes them: cold_start a boolean, memory and sampling rate numbers. */
    private static void powertoolsField(StringBuilder json, String key, String value) {
        switch (key) {
            case COLD_START -> json.append(",\"cold_start\":").append(Boolean.parseBoolean(value));
            case FUNCTION_MEMORY_SIZE -> {
                json.append(",\"function_memory_size\":");
                try {
                    json.append(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    string(json, value);
                }
            }
            case SAMPLING_RATE -> {
                try {
                    float rate = Float.parseFloat(value);
                    if (rate > 0f && Float.isFinite(rate)) {
                        json.append(",\"sampling_rate\":").append(rate);
                    }
                } catch (NumberFormatException e) {
                    // Written only when it is a positive number, as Powertools does.
                }
            }
            default -> field(json, key, value);
        }
    }

    private static void field(StringBuilder json, String key, String value) {
        json.append(',');
        string(json, key);
        json.append(':');
        string(json, value);
    }

    /** A JSON string (RFC 8259): quotes, backslashes, control characters and U+2028/9 escaped; the rest as is. */
    static void string(StringBuilder json, String value) {
        JsonStrings.quote(json, value);
    }
}
