package io.cognate.health;

import io.cognate.adapters.aws.AwsClients;
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
 * health-check's resources on Lambda, built once per execution environment from its
 * environment variables. Before a SnapStart snapshot it primes the paths a check uses (a
 * Control-table read, the KMS public key), so restored environments skip that class loading.
 */
public final class HealthCheckEnvironment implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckEnvironment.class);
    private static final HealthCheckResources RESOURCES =
            HealthCheckResources.create(CognateConfig.fromEnvironment(), PowertoolsConfig.fromEnvironment());
    private static final HealthCheckEnvironment PRIMER = new HealthCheckEnvironment();

    static {
        Core.getGlobalContext().register(PRIMER);
    }

    private HealthCheckEnvironment() {
    }

    public static HealthCheckResources resources() {
        return RESOURCES;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            var config = RESOURCES.config();
            new DynamoDbLeaderRecords(RESOURCES.clients().dynamoDb(), config.controlTable(), RESOURCES.clock()).current();
            RESOURCES.clients().kms().getPublicKey(b -> b.keyId(config.signingKeyId()));
            // /health reads through the fail-fast clients: built and primed here as well.
            new DynamoDbLeaderRecords(RESOURCES.clients().failFastDynamoDb(), config.controlTable(), RESOURCES.clock()).current();
            RESOURCES.clients().failFastKms().getPublicKey(b -> b.keyId(config.signingKeyId()));
            // Built at the first failover event otherwise: a run that promotes must not pay for it then.
            RESOURCES.clients().eventBridge();
            // X-Ray's recorder, otherwise built at the first call of a sampled invocation.
            RESOURCES.clients().primeTracing();
            // The SDK DynamoDB client that retried calls go to, otherwise built at the first retry.
            RESOURCES.clients().primeSdkDynamoDb();
            // The log layout and the EMF metric line, without publishing anything.
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
