package io.cognate.identity;

import io.cognate.adapters.aws.DynamoDbFederationDirectory;
import io.cognate.adapters.aws.DynamoDbUpstreamStates;
import io.cognate.adapters.federation.HttpUpstreamOidc;
import io.cognate.domain.federation.FederatedAuthorize;
import io.cognate.domain.federation.FederatedSignIn;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.ports.UserDirectory;
import java.security.SecureRandom;
import java.util.function.Supplier;
import io.cognate.config.CognateConfig;
import io.cognate.domain.WriteFence;
import io.cognate.domain.clients.AppClientRegistry;
import io.cognate.domain.federation.IdentityProviders;
import io.cognate.domain.federation.ProviderLinks;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.SocialProviderEndpoints;
import io.cognate.domain.federation.ResourceServers;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.SecretEnvelopes;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The federation services of one region, built once: identity providers and resource servers
 * (management), and what app clients may name of them.
 */
final class FederationWiring {
    private final FederationDirectory directory;
    private final IdentityProviders providers;
    private final ResourceServers servers;
    private final FederatedSignIn signIn;
    private final FederatedAuthorize authorize;
    private final ProviderLinks links;

    FederationWiring(CognateConfig config, DynamoDbClient dynamo, SecretEnvelopes envelopes, WriteFence fence,
                     UserDirectory users, Supplier<SecureRandom> random, Supplier<WriteForwarding> forwarding,
                     Supplier<Map<ProviderType, SocialProviderEndpoints>> socialStandIns, Clock clock) {
        this.directory = new DynamoDbFederationDirectory(dynamo, config.directoryTable(), config.controlTable(),
                config.region());
        this.providers = new IdentityProviders(config.userPoolId(), directory, envelopes, fence, clock);
        this.servers = new ResourceServers(config.userPoolId(), directory, fence);
        this.signIn = new FederatedSignIn(users, directory, fence,
                new ForwardedFederatedSignIn(forwarding, config.region()), clock);
        this.authorize = new FederatedAuthorize(config.userPoolId(), directory, users, providers,
                new HttpUpstreamOidc(clock, socialStandIns), new DynamoDbUpstreamStates(dynamo, config.sessionsTable(), config.region()),
                envelopes, signIn, random, clock);
        this.links = new ProviderLinks(config.userPoolId(), users, directory, fence, clock);
    }

    ProviderLinks links() {
        return links;
    }

    FederatedSignIn signIn() {
        return signIn;
    }

    FederatedAuthorize authorize() {
        return authorize;
    }

    FederationDirectory directory() {
        return directory;
    }

    IdentityProviders providers() {
        return providers;
    }

    ResourceServers servers() {
        return servers;
    }

    /** A client's SupportedIdentityProviders must exist, and its custom scopes be a resource server's. */
    AppClientRegistry.PoolReferences references() {
        return new AppClientRegistry.PoolReferences() {
            @Override
            public boolean providerExists(String name) {
                return providers.exists(name);
            }

            @Override
            public boolean customScopeExists(String scope) {
                return servers.scopeExists(scope);
            }
        };
    }
}
