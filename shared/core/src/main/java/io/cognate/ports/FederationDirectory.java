package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.ResourceServer;
import java.util.List;
import java.util.Optional;

/**
 * The pool's identity providers, resource servers and the links of upstream identities to users,
 * in the replicated Directory. Every write is fenced as every Directory write is (it commits only
 * while this region's copy of {@code fence} names it leader, else {@link UserDirectory.FencedOut})
 * and conditional on what was read: a create only where nothing is, an update or delete only from
 * the version read ({@link UserDirectory.ConcurrentUpdate} otherwise, which the write fence answers
 * by running the write again from a new read).
 *
 * <p>An IdP identifier names one provider of the pool: a provider and the claims on its
 * identifiers are written in one transaction, so two providers can never hold one identifier.
 *
 * <p>Pages: {@code limit} items at most, in key order; {@link Page#after()} names the last key
 * when more follow.
 */
public interface FederationDirectory {
    Optional<IdentityProvider> findProvider(String name);

    Optional<IdentityProvider> findProviderByIdentifier(String identifier);

    /** Stores a new provider and claims its identifiers; {@link ProviderExists} or {@link IdentifierTaken}. */
    void createProvider(IdentityProvider provider, LeaderRecord fence);

    /** Replaces the provider read at {@code provider.version() - 1}, moving its identifier claims. */
    void updateProvider(IdentityProvider previous, IdentityProvider provider, LeaderRecord fence);

    void deleteProvider(IdentityProvider provider, LeaderRecord fence);

    Page<IdentityProvider> providers(int limit, Optional<String> after);

    Optional<ResourceServer> findResourceServer(String identifier);

    /** {@link ResourceServerExists} if one of that identifier exists. */
    void createResourceServer(ResourceServer server, LeaderRecord fence);

    void updateResourceServer(ResourceServer server, LeaderRecord fence);

    void deleteResourceServer(ResourceServer server, LeaderRecord fence);

    Page<ResourceServer> resourceServers(int limit, Optional<String> after);

    /** The sub of the user an upstream identity ({@code provider}, upstream {@code subject}) is linked to. */
    Optional<String> linkedUser(String provider, String subject);

    /** Links the upstream identity to the user; {@link LinkExists} when it is linked already. */
    void link(String provider, String subject, String sub, LeaderRecord fence);

    /** Removes the link; the sub it named, when there was one. */
    Optional<String> unlink(String provider, String subject, LeaderRecord fence);

    record Page<T>(List<T> items, Optional<String> after) {
        public Page {
            items = List.copyOf(items);
        }
    }

    final class ProviderExists extends RuntimeException {
        public ProviderExists() {
            super("provider exists", null, false, false);
        }
    }

    final class IdentifierTaken extends RuntimeException {
        public IdentifierTaken() {
            super("identifier taken", null, false, false);
        }
    }

    final class ResourceServerExists extends RuntimeException {
        public ResourceServerExists() {
            super("resource server exists", null, false, false);
        }
    }

    final class LinkExists extends RuntimeException {
        public LinkExists() {
            super("link exists", null, false, false);
        }
    }
}
