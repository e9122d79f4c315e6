package io.cognate.health;

import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.config.CognateConfig;
import io.cognate.config.PowertoolsConfig;
import io.cognate.ports.AuthEvents;
import java.time.Clock;

/**
 * What health-check needs of its region, and no more: the configuration, the SDK clients, a
 * clock, and where promotions and replication lag are reported. (It shares no services with
 * identity-api: /health and the watch read the Control table and KMS directly.)
 */
public record HealthCheckResources(CognateConfig config, AwsClients clients, Clock clock, AuthEvents authEvents)
        implements AutoCloseable {

    /** On Lambda: clients from the configuration, the system clock, EMF metrics on standard output. */
    public static HealthCheckResources create(CognateConfig config, PowertoolsConfig powertools) {
        return new HealthCheckResources(config, AwsClients.create(config), Clock.systemUTC(),
                EmfAuthEvents.toStandardOutput(powertools.metricsNamespace(), powertools.serviceName(),
                        config.region()));
    }

    public String region() {
        return config.region();
    }

    @Override
    public void close() {
        clients.close();
    }
}
