package io.cognate.verifier;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-verifier's services on Lambda, built once per execution environment from its
 * environment variables. Before a SnapStart snapshot it fetches the public key from KMS
 * ({@code GetPublicKey}, the only KMS call the function ever makes) and runs the verification
 * path once, so restored environments verify their first token without loading anything.
 */
public final class VerifierEnvironment implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierEnvironment.class);
    private static final VerifierServices SERVICES =
            VerifierServices.create(CognateConfig.fromEnvironment(), AuthorizerConfig.fromEnvironment());
    private static final VerifierEnvironment PRIMER = new VerifierEnvironment();

    static {
        Core.getGlobalContext().register(PRIMER);
    }

    private VerifierEnvironment() {
    }

    public static VerifierServices services() {
        return SERVICES;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            SERVICES.prime();
            RequestLogging.prime(SERVICES.config().region());
        } catch (RuntimeException e) {
            // The first request fetches the key instead; a failure here must not stop the snapshot.
            LOG.warn("priming failed: {}", e.getClass().getName());
        } finally {
            // Sockets the priming opened would be dead in every restored environment.
            AwsClients.closeIdleConnections();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // The public key and the verifier hold nothing unique; the cache starts empty anyway.
    }
}
