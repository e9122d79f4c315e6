package io.cognate.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.ports.AuthEvents;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics the functions publish, found by running the code: every {@link AuthEvents} event is
 * sent once through {@link EmfAuthEvents} into a sink that keeps the embedded-metric-format
 * documents, and each document's directive says the namespace, the metric names and the dimension
 * sets CloudWatch will file them under. A dashboard must ask for exactly one of those sets: EMF
 * writes {@code ["Service","Region"]} and an added dimension as separate sets, so a metric asked
 * for with all three dimensions would have no data.
 */
final class EmittedMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One metric as CloudWatch files it: namespace, name and the names of one dimension set. */
    record Metric(String namespace, String name, Set<String> dimensions) {
    }

    private EmittedMetrics() {
    }

    static List<Metric> of(String namespace, String service, String region) {
        List<String> documents = new ArrayList<>();
        AuthEvents events = EmfAuthEvents.serialisingTo(documents::addAll, namespace, service, region);
        for (Method event : AuthEvents.class.getMethods()) {
            if (Modifier.isStatic(event.getModifiers()) || event.getReturnType() != void.class) {
                continue;
            }
            Object[] arguments = new Object[event.getParameterCount()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = sample(event.getParameterTypes()[i]);
            }
            try {
                event.invoke(events, arguments);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(event.getName(), e);
            }
        }
        List<Metric> metrics = new ArrayList<>();
        for (String document : documents) {
            try {
                for (JsonNode directive : JSON.readTree(document).path("_aws").path("CloudWatchMetrics")) {
                    for (JsonNode metric : directive.path("Metrics")) {
                        for (JsonNode dimensionSet : directive.path("Dimensions")) {
                            Set<String> dimensions = new TreeSet<>();
                            dimensionSet.forEach(name -> dimensions.add(name.asText()));
                            metrics.add(new Metric(directive.path("Namespace").asText(), metric.path("Name").asText(),
                                    dimensions));
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return metrics;
    }

    private static Object sample(Class<?> type) {
        if (type == long.class) {
            return 2L;
        }
        if (type == String.class) {
            return "sample";
        }
        if (type == Duration.class) {
            return Duration.ofMillis(1);
        }
        throw new IllegalArgumentException("no sample for an AuthEvents argument of type " + type);
    }
}
