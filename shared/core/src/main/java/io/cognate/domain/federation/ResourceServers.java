package io.cognate.domain.federation;

import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.ports.FederationDirectory;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cognito's resource-server operations: CreateResourceServer, DescribeResourceServer,
 * UpdateResourceServer, DeleteResourceServer and ListResourceServers. A resource server's scopes
 * are what clients may be allowed as {@code <identifier>/<scope>} ({@link #scopeExists}); the
 * access tokens of the client carry them. Writes are fenced Directory writes, conditional on the
 * version read.
 */
public final class ResourceServers {
    /** Cognito's largest page of ListResourceServers. */
    public static final int MAX_RESULTS = 50;
    /** Cognito's limit of custom scopes per resource server. */
    static final int MAX_SCOPES = 100;

    private final String userPoolId;
    private final FederationDirectory directory;
    private final WriteFence fence;

    public ResourceServers(String userPoolId, FederationDirectory directory, WriteFence fence) {
        this.userPoolId = userPoolId;
        this.directory = directory;
        this.fence = fence;
    }

    public record Listed(List<ResourceServer> servers, Optional<String> nextToken) {
    }

    public ResourceServer create(String poolId, String identifier, String name, List<ResourceServer.Scope> scopes) {
        checkPool(poolId);
        ResourceServer server = new ResourceServer(identifier, name, checked(scopes), 0);
        try {
            fence.run(leader -> {
                directory.createResourceServer(server, leader);
                return null;
            });
        } catch (FederationDirectory.ResourceServerExists exists) {
            throw CognitoException.invalidParameter("A resource server with identifier " + identifier
                    + " already exists in this user pool.");
        }
        return server;
    }

    public ResourceServer describe(String poolId, String identifier) {
        checkPool(poolId);
        return existing(identifier);
    }

    /** Cognito's update replaces the name and the scopes (scopes left out are removed). */
    public ResourceServer update(String poolId, String identifier, String name, List<ResourceServer.Scope> scopes) {
        checkPool(poolId);
        List<ResourceServer.Scope> checked = checked(scopes);
        return fence.run(leader -> {
            ResourceServer read = existing(identifier);
            ResourceServer updated = new ResourceServer(identifier, name, checked, read.version() + 1);
            directory.updateResourceServer(updated, leader);
            return updated;
        });
    }

    public void delete(String poolId, String identifier) {
        checkPool(poolId);
        fence.run(leader -> {
            directory.deleteResourceServer(existing(identifier), leader);
            return null;
        });
    }

    public Listed list(String poolId, Integer maxResults, String nextToken) {
        checkPool(poolId);
        if (maxResults == null) {
            throw CognitoException.invalidParameter("1 validation error detected: Value null at 'maxResults' failed "
                    + "to satisfy constraint: Member must not be null");
        }
        var page = directory.resourceServers(IdentityProviders.limit(maxResults, MAX_RESULTS),
                IdentityProviders.after(nextToken));
        return new Listed(page.items(), page.after().map(IdentityProviders::token));
    }

    /** Whether {@code scope} ({@code <identifier>/<name>}) is a scope of one of the pool's resource servers. */
    public boolean scopeExists(String scope) {
        int slash = scope.lastIndexOf('/');
        if (slash <= 0 || slash == scope.length() - 1) {
            return false;
        }
        return directory.findResourceServer(scope.substring(0, slash))
                .filter(server -> server.fullScopeNames().contains(scope)).isPresent();
    }

    private ResourceServer existing(String identifier) {
        return directory.findResourceServer(identifier).orElseThrow(() -> CognitoException.resourceNotFound(
                "Resource server " + identifier + " does not exist."));
    }

    private void checkPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }

    private static List<ResourceServer.Scope> checked(List<ResourceServer.Scope> scopes) {
        if (scopes.size() > MAX_SCOPES) {
            throw CognitoException.invalidParameter("A resource server has at most " + MAX_SCOPES + " scopes.");
        }
        Set<String> names = new HashSet<>();
        for (ResourceServer.Scope scope : scopes) {
            if (!names.add(scope.name())) {
                throw CognitoException.invalidParameter("Duplicate scope name " + scope.name() + ".");
            }
        }
        return scopes;
    }
}
