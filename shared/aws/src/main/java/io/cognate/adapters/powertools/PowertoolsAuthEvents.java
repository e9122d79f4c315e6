package io.cognate.adapters.powertools;

import io.cognate.config.PowertoolsConfig;
import io.cognate.ports.AuthEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link AuthEvents} as CloudWatch embedded-metric-format (EMF) lines, written with Powertools
 * Metrics. Each event is flushed on its own ({@link Metrics#flushMetrics}): one request may run
 * beside others (the local runtime serves two regions in one JVM), so no metric is held in a
 * shared buffer until the end of an invocation. Dimensions: {@code Service} and {@code Region},
 * plus {@code PeerRegion} for replication lag.
 */
public final class PowertoolsAuthEvents implements AuthEvents {
    public static final String SIGN_IN_SUCCEEDED = "SignInSucceeded";
    public static final String SIGN_IN_FAILED = "SignInFailed";
    public static final String ACCOUNT_LOCKED = "AccountLocked";
    public static final String ADMIN_REQUEST_REFUSED = "AdminRequestRefused";
    public static final String AUTH_EVENT_NOT_RECORDED = "AuthEventNotRecorded";
    public static final String PROMOTED = "RegionPromoted";
    public static final String REPLICATION_LAG = "ReplicationLag";
    public static final String REPLICATION_CONFLICT = "ReplicationConflict";
    public static final String REPLICATION_CONFLICT_NOT_PUBLISHED = "ReplicationConflictNotPublished";

    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsAuthEvents.class);

    private final Metrics metrics;

    /**
     * Metrics written to {@code emfEnvironment}'s sink. The environment is fixed rather than
     * detected: the EMF library's detection probes ECS and EC2 metadata endpoints outside Lambda.
     */
    public PowertoolsAuthEvents(Environment emfEnvironment, String namespace, String service, String region) {
        this.metrics = new EmfMetricsLogger(new FixedEnvironment(emfEnvironment), new MetricsContext());
        metrics.setNamespace(namespace);
        metrics.setDefaultDimensions(DimensionSet.of("Service", service, "Region", region));
    }

    /**
     * Each metrics document serialised as the real sinks write it and handed to {@code documents}:
     * for tests that read what the functions would publish.
     */
    public static PowertoolsAuthEvents serialisingTo(Consumer<List<String>> documents, String namespace,
                                                     String service, String region) {
        return new PowertoolsAuthEvents(new SerialisingEnvironment("test", documents), namespace, service, region);
    }

    /** EMF lines on standard output, where Lambda sends them to CloudWatch Logs. */
    public static PowertoolsAuthEvents toStandardOutput(String namespace, String service, String region) {
        return new PowertoolsAuthEvents(new LambdaEnvironment(), namespace, service, region);
    }

    @Override
    public void signInSucceeded() {
        publish(m -> m.addMetric(SIGN_IN_SUCCEEDED, 1, MetricUnit.COUNT));
    }

    @Override
    public void signInFailed() {
        publish(m -> m.addMetric(SIGN_IN_FAILED, 1, MetricUnit.COUNT));
    }

    @Override
    public void accountLocked() {
        publish(m -> m.addMetric(ACCOUNT_LOCKED, 1, MetricUnit.COUNT));
    }

    /** One count per refused admin request, by the check that failed (a dimension of few values). */
    @Override
    public void adminRequestRefused(String reason) {
        publish(m -> {
            m.addDimension("Reason", reason);
            m.addMetric(ADMIN_REQUEST_REFUSED, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void authEventNotRecorded() {
        publish(m -> m.addMetric(AUTH_EVENT_NOT_RECORDED, 1, MetricUnit.COUNT));
    }

    @Override
    public void promoted(long epoch) {
        publish(m -> {
            m.addMetric(PROMOTED, 1, MetricUnit.COUNT);
            m.addMetadata("epoch", epoch);
        });
    }

    @Override
    public void replicationLag(String peerRegion, Duration heartbeatAge) {
        publish(m -> {
            m.addDimension("PeerRegion", peerRegion);
            m.addMetric(REPLICATION_LAG, heartbeatAge.toMillis(), MetricUnit.MILLISECONDS);
        });
    }

    /** One count per replication conflict recorded, by kind (three values). */
    @Override
    public void replicationConflict(String kind) {
        publish(m -> {
            m.addDimension("Kind", kind);
            m.addMetric(REPLICATION_CONFLICT, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void replicationConflictNotPublished() {
        publish(m -> m.addMetric(REPLICATION_CONFLICT_NOT_PUBLISHED, 1, MetricUnit.COUNT));
    }

    /**
     * Runs the whole metric path once, to a sink that drops the document, so a SnapStart
     * snapshot holds the loaded classes and Jackson serialisers and nothing is published.
     */
    public void prime() {
        try {
            Metrics discarding = new EmfMetricsLogger(new FixedEnvironment(new SerialisingEnvironment("priming", documents -> { })),
                    new MetricsContext());
            discarding.setNamespace(PowertoolsConfig.DEFAULT_METRICS_NAMESPACE);
            discarding.setDefaultDimensions(metrics.getDefaultDimensions());
            discarding.flushMetrics(m -> {
                m.addDimension("PeerRegion", "priming");
                m.addMetric(REPLICATION_LAG, 0, MetricUnit.MILLISECONDS);
            });
        } catch (RuntimeException e) {
            LOG.warn("metrics priming failed: {}", e.getClass().getName());
        }
    }

    private void publish(Consumer<Metrics> event) {
        try {
            metrics.flushMetrics(event);
        } catch (RuntimeException e) {
            // A metric is not worth a failed request.
            LOG.warn("metric not written: {}", e.getClass().getName());
        }
    }

    /** Always the given environment, never a probe. */
    private static final class FixedEnvironment extends EnvironmentProvider {
        private final Environment environment;

        FixedEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(environment);
        }

        @Override
        public Environment getDefaultEnvironment() {
            return environment;
        }
    }
}
