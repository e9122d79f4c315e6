package io.cognate.domain.federation;

import java.util.List;

/**
 * A resource server of the pool (CreateResourceServer): an API, by {@code identifier}, and the
 * custom scopes it defines. Clients are allowed {@code <identifier>/<scope>}; access tokens carry
 * it in their {@code scope} claim. {@code version} counts the writes (0 when created).
 */
public record ResourceServer(String identifier, String name, List<Scope> scopes, long version) {
    public ResourceServer {
        scopes = List.copyOf(scopes);
    }

    public record Scope(String name, String description) {
    }

    /** The scopes as clients name them. */
    public List<String> fullScopeNames() {
        return scopes.stream().map(scope -> identifier + "/" + scope.name()).toList();
    }
}
