package io.cognate.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.cognate.adapters.aws.DirectoryConflictDetector;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.adapters.aws.ReplicatedWriteBatch;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.ports.FailoverEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Directory and Control tables' DynamoDB stream records of this region (event source
 * mappings with {@code ReportBatchItemFailures}): each write replication applied here goes to
 * conflict detection ({@link ReplicatedWriteBatch}, {@link DirectoryConflictDetector}); the
 * answer names the records that failed, so Lambda retries from there and nothing is skipped.
 */
public final class ReplicatedWritesHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWritesHandler.class);

    private final ReplicatedWriteBatch batch;
    private final String region;

    public ReplicatedWritesHandler() {
        this(ReplicatedWritesEnvironment.resources());
    }

    public ReplicatedWritesHandler(HealthCheckResources resources) {
        this(resources, new EventBridgeFailoverEvents(resources.clients()::eventBridge, resources.config().eventBusName()));
    }

    public ReplicatedWritesHandler(HealthCheckResources resources, FailoverEvents events) {
        var config = resources.config();
        this.region = config.region();
        var detector = new DirectoryConflictDetector(resources.clients().dynamoDb(), config.directoryTable(),
                config.controlTable(), resources.clients().claimsDynamoDb(), config.claims().table(), region,
                resources.authEvents(), events, resources.clock());
        this.batch = new ReplicatedWriteBatch(detector, region, config.directoryTable(), config.controlTable());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        // The batch's first event id ties its lines together, like a request id.
        String first = event == null || event.getRecords() == null || event.getRecords().isEmpty()
                ? null : event.getRecords().get(0).getEventID();
        return RequestLogging.around(context, first, region, () -> {
            ReplicatedWriteBatch.Outcome outcome = batch.process(event);
            // A line per batch that found or failed something; a quiet batch only at debug level
            // (locally every replicated write is a batch of its own).
            boolean notable = outcome.conflicts() > 0 || !outcome.failedSequenceNumbers().isEmpty();
            String line = "stream batch: {} records, {} replicated writes, {} conflicts, {} failed";
            Object[] counts = {outcome.records(), outcome.replicated(), outcome.conflicts(),
                    outcome.failedSequenceNumbers().size()};
            if (notable) {
                LOG.info(line, counts);
            } else {
                LOG.debug(line, counts);
            }
            return outcome.response();
        });
    }
}
