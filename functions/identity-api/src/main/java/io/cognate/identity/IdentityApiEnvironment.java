package io.cognate.identity;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.CognateConfig;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * identity-api's services on Lambda, built once per execution environment from
 * its environment variables. Before a SnapStart snapshot it primes the SDK paths requests use
 * (a DynamoDB read, the KMS public key), so restored environments skip that class loading.
 */
public final class IdentityApiEnvironment implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityApiEnvironment.class);
    private static final IdentityApiServices SERVICES = IdentityApiServices.create(CognateConfig.fromEnvironment());
    private static final IdentityApiEnvironment PRIMER = new IdentityApiEnvironment();

    static {
        Core.getGlobalContext().register(PRIMER);
    }

    /** Hashes run before a snapshot: about half a second of the snapshot's making, none of a restore. */
    static final int PRIMING_HASHES = 10;

    private IdentityApiEnvironment() {
    }

    public static IdentityApiServices services() {
        return SERVICES;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            SERVICES.leaders().current();
            // Every operation's request shapes, read lazily without a snapshot.
            CognitoModel.shared().readAll();
            SERVICES.signingKey();
            // Built at the first event since cold starts without a snapshot skip it on success.
            SERVICES.clients().eventBridge();
            // X-Ray's recorder, otherwise built at the first call of a sampled invocation.
            SERVICES.clients().primeTracing();
            // The SDK DynamoDB client that retried calls go to, otherwise built at the first retry.
            SERVICES.clients().primeSdkDynamoDb();
            // The SDK's KMS client (sealed secrets, code keys), otherwise built at its first use.
            SERVICES.clients().kms();
            // The hashing classes, the first area of blocks and, hashed again, the inner loop
            // compiled by C2 (full tiered compilation, template.yaml): in a fresh JVM the first hash
            // took 250-330 ms, the next few 42-72 ms, and from about the sixth 40-45 ms, where a
            // restored environment's sign-ins then start (docs/performance.md, "The JIT the
            // Argon2id check runs under"). A fixed public salt and password: nothing random.
            for (int hash = 0; hash < PRIMING_HASHES; hash++) {
                Argon2idPasswordHasher.prime();
            }
            // The log layout and the EMF metric line, without publishing anything.
            RequestLogging.prime(SERVICES.config().region());
            if (SERVICES.authEvents() instanceof EmfAuthEvents metrics) {
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
        // Nothing to refresh: randomness is created lazily, after restore.
    }
}
