package io.cognate.health;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.aws.DynamoDbConflictRecords;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.CognateConfig;
import io.cognate.config.PowertoolsConfig;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated-writes function's resources on Lambda, built once per execution environment
 * from its environment variables. Before a SnapStart snapshot it primes only what that function
 * may touch (its role allows no KMS call, so {@link HealthCheckEnvironment}'s priming is not
 * reused): the leader record and a conflict record read from the Control table, the EventBridge
 * client, logging and metrics.
 */
public final class ReplicatedWritesEnvironment implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWritesEnvironment.class);
    private static final HealthCheckResources RESOURCES =
            HealthCheckResources.create(CognateConfig.fromEnvironment(), PowertoolsConfig.fromEnvironment());
    private static final ReplicatedWritesEnvironment PRIMER = new ReplicatedWritesEnvironment();

    static {
        Core.getGlobalContext().register(PRIMER);
    }

    private ReplicatedWritesEnvironment() {
    }

    public static HealthCheckResources resources() {
        return RESOURCES;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            var config = RESOURCES.config();
            var dynamo = RESOURCES.clients().dynamoDb();
            new DynamoDbLeaderRecords(dynamo, config.controlTable(), RESOURCES.clock()).current();
            // A read of a record that never exists: the conflict records' code path, nothing stored.
            new DynamoDbConflictRecords(dynamo, config.controlTable()).find("priming");
            RESOURCES.clients().eventBridge();
            // X-Ray's recorder, otherwise built at the first call of a sampled invocation.
            RESOURCES.clients().primeTracing();
            // The SDK DynamoDB client that retried calls go to, otherwise built at the first retry.
            RESOURCES.clients().primeSdkDynamoDb();
            RequestLogging.prime(config.region());
            if (RESOURCES.authEvents() instanceof EmfAuthEvents metrics) {
                metrics.prime();
            }
        } catch (RuntimeException e) {
            // Priming only saves time later: a failure here must not stop the snapshot.
            LOG.warn("priming failed: {}", e.getClass().getName());
        } finally {
            // Sockets the priming opened would be dead in every restored environment.
            AwsClients.closeIdleConnections();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: nothing random is built before the snapshot.
    }
}
