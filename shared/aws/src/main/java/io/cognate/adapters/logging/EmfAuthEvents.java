package io.cognate.adapters.logging;

import io.cognate.ports.AuthEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link AuthEvents} as CloudWatch embedded-metric-format (EMF) lines: one JSON document per event
 * on standard output, where Lambda hands it to CloudWatch Logs, which turns it into metrics. Each
 * event is its own document: one request may run beside others (the local runtime serves two
 * regions in one JVM), so no metric waits in a shared buffer. Dimensions: {@code Service} and
 * {@code Region}, and where the event has one, {@code PeerRegion}, {@code Reason} or {@code Kind} as a
 * dimension set of its own.
 *
 * <p>Written here, as the documents Powertools Metrics wrote before (dimension sets, units, values
 * as decimals, metadata as top-level keys; {@code EmfAuthEventsTest}), because Powertools' EMF
 * library serialises with Jackson's data binding: building it and writing its first document
 * loaded some 600 classes, about 300 ms of identity-api's cold start without SnapStart
 * (docs/performance.md, "Cold starts: DynamoDB, KMS and metrics without the SDK's pipeline").
 */
public final class EmfAuthEvents implements AuthEvents {
    public static final String SIGN_IN_SUCCEEDED = "SignInSucceeded";
    public static final String SIGN_IN_FAILED = "SignInFailed";
    public static final String ACCOUNT_LOCKED = "AccountLocked";
    public static final String ADMIN_REQUEST_REFUSED = "AdminRequestRefused";
    public static final String AUTH_EVENT_NOT_RECORDED = "AuthEventNotRecorded";
    public static final String PROMOTED = "RegionPromoted";
    public static final String REPLICATION_LAG = "ReplicationLag";
    public static final String REPLICATION_CONFLICT = "ReplicationConflict";
    public static final String REPLICATION_CONFLICT_NOT_PUBLISHED = "ReplicationConflictNotPublished";

    private static final String COUNT = "Count";
    private static final String MILLISECONDS = "Milliseconds";

    private final String namespace;
    private final String service;
    private final String region;
    private final Consumer<String> out;
    private final Clock clock;

    EmfAuthEvents(String namespace, String service, String region, Consumer<String> out, Clock clock) {
        this.namespace = namespace;
        this.service = service;
        this.region = region;
        this.out = out;
        this.clock = clock;
    }

    /** EMF lines on standard output, where Lambda sends them to CloudWatch Logs. */
    public static EmfAuthEvents toStandardOutput(String namespace, String service, String region) {
        return new EmfAuthEvents(namespace, service, region, System.out::println, Clock.systemUTC());
    }

    /** Each document handed to {@code documents} instead: for tests that read what would be published. */
    public static EmfAuthEvents serialisingTo(Consumer<List<String>> documents, String namespace, String service,
                                              String region) {
        return new EmfAuthEvents(namespace, service, region, line -> documents.accept(List.of(line)),
                Clock.systemUTC());
    }

    @Override
    public void signInSucceeded() {
        publish(SIGN_IN_SUCCEEDED, 1, COUNT, null, null, null);
    }

    @Override
    public void signInFailed() {
        publish(SIGN_IN_FAILED, 1, COUNT, null, null, null);
    }

    @Override
    public void accountLocked() {
        publish(ACCOUNT_LOCKED, 1, COUNT, null, null, null);
    }

    /** One count per refused admin request, by the check that failed (a dimension of few values). */
    @Override
    public void adminRequestRefused(String reason) {
        publish(ADMIN_REQUEST_REFUSED, 1, COUNT, "Reason", reason, null);
    }

    @Override
    public void authEventNotRecorded() {
        publish(AUTH_EVENT_NOT_RECORDED, 1, COUNT, null, null, null);
    }

    /** The new epoch rides along as metadata: a key of the document, not a dimension. */
    @Override
    public void promoted(long epoch) {
        publish(PROMOTED, 1, COUNT, null, null, epoch);
    }

    @Override
    public void replicationLag(String peerRegion, Duration heartbeatAge) {
        publish(REPLICATION_LAG, heartbeatAge.toMillis(), MILLISECONDS, "PeerRegion", peerRegion, null);
    }

    /** One count per replication conflict recorded, by kind (three values). */
    @Override
    public void replicationConflict(String kind) {
        publish(REPLICATION_CONFLICT, 1, COUNT, "Kind", kind, null);
    }

    @Override
    public void replicationConflictNotPublished() {
        publish(REPLICATION_CONFLICT_NOT_PUBLISHED, 1, COUNT, null, null, null);
    }

    /** Writes one document to nowhere, so a SnapStart snapshot holds the path; publishes nothing. */
    public void prime() {
        document(REPLICATION_LAG, 0, MILLISECONDS, "PeerRegion", "priming", null);
    }

    private void publish(String metric, double value, String unit, String dimension, String dimensionValue,
                         Long epoch) {
        out.accept(document(metric, value, unit, dimension, dimensionValue, epoch));
    }

    /** The EMF document of one metric, with the dimension sets and values Powertools Metrics wrote. */
    String document(String metric, double value, String unit, String dimension, String dimensionValue, Long epoch) {
        var json = new StringBuilder(320);
        json.append("{\"_aws\":{\"Timestamp\":").append(clock.millis()).append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        JsonLine.string(json, namespace);
        json.append(",\"Metrics\":[{\"Name\":");
        JsonLine.string(json, metric);
        json.append(",\"Unit\":");
        JsonLine.string(json, unit);
        // The event's own dimension is a second dimension set, as Powertools Metrics wrote it.
        json.append("}],\"Dimensions\":[[\"Service\",\"Region\"]");
        if (dimension != null) {
            json.append(",[");
            JsonLine.string(json, dimension);
            json.append(']');
        }
        json.append("]}]},\"Service\":");
        JsonLine.string(json, service);
        json.append(",\"Region\":");
        JsonLine.string(json, region);
        if (dimension != null) {
            json.append(',');
            JsonLine.string(json, dimension);
            json.append(':');
            JsonLine.string(json, dimensionValue);
        }
        if (epoch != null) {
            json.append(",\"epoch\":").append(epoch.longValue());
        }
        json.append(',');
        JsonLine.string(json, metric);
        return json.append(':').append(value).append('}').toString();
    }
}
