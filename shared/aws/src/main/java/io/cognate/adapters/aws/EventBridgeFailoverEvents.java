package io.cognate.adapters.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.conflicts.ItemImage;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.domain.failover.FailoverReport;
import io.cognate.ports.FailoverEvents;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes {@code FailoverCompleted} / {@code SwitchoverCompleted} on the pool's bus, source
 * {@code cognate.failover}, with the regions, the epoch, the reason and the timings; and
 * {@code ReplicationConflict} with the item's key, both copies' writers and the resolution (no
 * attribute values: the record in the Control table has those, minus secrets).
 */
public final class EventBridgeFailoverEvents implements FailoverEvents {
    public static final String SOURCE = "cognate.failover";

    private final Supplier<EventBridgeClient> events;
    private final String busName;

    public EventBridgeFailoverEvents(EventBridgeClient events, String busName) {
        this(() -> events, busName);
    }

    /** With the client built at the first event ({@link AwsClients#eventBridge()}). */
    public EventBridgeFailoverEvents(Supplier<EventBridgeClient> events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(FailoverReport report) {
        var response = events.get().putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(report.kind().detailType())
                .detail(detail(report).toString())
                .build()));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the " + report.kind().detailType() + " event: "
                    + response.entries().getFirst().errorCode());
        }
    }

    public static final String REPLICATION_CONFLICT = "ReplicationConflict";

    @Override
    public void replicationConflict(ReplicationConflict conflict) {
        var response = events.get().putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(REPLICATION_CONFLICT)
                .detail(detail(conflict).toString())
                .build()));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the " + REPLICATION_CONFLICT + " event: "
                    + response.entries().getFirst().errorCode());
        }
    }

    static ObjectNode detail(ReplicationConflict conflict) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("conflictId", conflict.id());
        detail.put("kind", conflict.kind().name());
        detail.put("pk", conflict.pk());
        detail.put("sk", conflict.sk());
        detail.put("detectedIn", conflict.detectedIn());
        detail.put("detectedAt", conflict.detectedAt().toString());
        writer(detail.putObject("winner"), conflict.winner());
        writer(detail.putObject("loser"), conflict.loser());
        return detail;
    }

    private static void writer(ObjectNode node, ItemImage image) {
        node.put("writerRegion", image.writerRegion());
        node.put("epoch", image.epoch());
        node.put("version", image.version());
        image.claimedSub().ifPresent(sub -> node.put("sub", sub));
    }

    static ObjectNode detail(FailoverReport report) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("fromRegion", report.fromRegion());
        detail.put("toRegion", report.toRegion());
        detail.put("epoch", report.epoch());
        detail.put("reason", report.reason());
        ObjectNode timings = detail.putObject("timings");
        report.firstFailedProbeAt().ifPresent(at -> timings.put("firstFailedProbeAt", at.toString()));
        timings.put("decidedAt", report.decidedAt().toString());
        timings.put("writableAt", report.writableAt().toString());
        timings.put("trafficFlippedAt", report.trafficFlippedAt().toString());
        report.detection().ifPresent(d -> timings.put("detectionMs", d.toMillis()));
        timings.put("promotionMs", report.promotion().toMillis());
        timings.put("flipMs", report.flipping().toMillis());
        timings.put("totalMs", report.total().toMillis());
        ObjectNode traffic = detail.putObject("traffic");
        traffic.put("change", report.flip().change());
        traffic.put("inSync", report.flip().inSync());
        return detail;
    }
}
