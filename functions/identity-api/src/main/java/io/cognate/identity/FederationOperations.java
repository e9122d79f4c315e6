package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.federation.FederatedSignIn;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.forwarding.WriteOperations;
import io.cognate.ports.UpstreamOidc;
import io.cognate.domain.federation.IdentityProviders;
import io.cognate.domain.federation.ProviderLinks;
import io.cognate.domain.federation.ResourceServer;
import io.cognate.domain.federation.ResourceServers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pool's identity-provider and resource-server operations (CreateIdentityProvider,
 * DescribeIdentityProvider, UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders,
 * GetIdentityProviderByIdentifier; CreateResourceServer, DescribeResourceServer,
 * UpdateResourceServer, DeleteResourceServer, ListResourceServers): request shape in, response
 * shape out. All are management operations naming the pool, signed with an admin key.
 */
final class FederationOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<IdentityProviders> providers;
    private final Supplier<ResourceServers> servers;
    private final Supplier<ProviderLinks> links;
    private final Supplier<FederatedSignIn> signIn;
    private final String userPoolId;

    FederationOperations(Supplier<IdentityProviders> providers, Supplier<ResourceServers> servers,
                         Supplier<ProviderLinks> links, Supplier<FederatedSignIn> signIn, String userPoolId) {
        this.providers = providers;
        this.servers = servers;
        this.links = links;
        this.signIn = signIn;
        this.userPoolId = userPoolId;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.ofEntries(
                Map.entry("CreateIdentityProvider", this::createProvider),
                Map.entry("DescribeIdentityProvider", this::describeProvider),
                Map.entry("UpdateIdentityProvider", this::updateProvider),
                Map.entry("DeleteIdentityProvider", this::deleteProvider),
                Map.entry("ListIdentityProviders", this::listProviders),
                Map.entry("GetIdentityProviderByIdentifier", this::providerByIdentifier),
                Map.entry("CreateResourceServer", this::createServer),
                Map.entry("DescribeResourceServer", this::describeServer),
                Map.entry("UpdateResourceServer", this::updateServer),
                Map.entry("DeleteResourceServer", this::deleteServer),
                Map.entry("ListResourceServers", this::listServers),
                Map.entry("AdminLinkProviderForUser", this::linkProvider),
                Map.entry("AdminDisableProviderForUser", this::disableProvider),
                Map.entry(WriteOperations.FEDERATED_SIGN_IN, this::federatedSignInAtLeader));
    }

    private JsonNode createProvider(JsonRequest request) {
        IdentityProvider provider = providers.get().create(request.required("UserPoolId"),
                request.required("ProviderName"), request.required("ProviderType"),
                request.stringMap("ProviderDetails"), request.stringMap("AttributeMapping"),
                request.strings("IdpIdentifiers"));
        return NODES.objectNode().set("IdentityProvider", providerType(provider));
    }

    private JsonNode describeProvider(JsonRequest request) {
        return NODES.objectNode().set("IdentityProvider", providerType(providers.get()
                .describe(request.required("UserPoolId"), request.required("ProviderName"))));
    }

    private JsonNode providerByIdentifier(JsonRequest request) {
        return NODES.objectNode().set("IdentityProvider", providerType(providers.get()
                .byIdentifier(request.required("UserPoolId"), request.required("IdpIdentifier"))));
    }

    private JsonNode updateProvider(JsonRequest request) {
        IdentityProvider provider = providers.get().update(request.required("UserPoolId"),
                request.required("ProviderName"),
                present(request, "ProviderDetails").map(member -> request.stringMap(member)),
                present(request, "AttributeMapping").map(member -> request.stringMap(member)),
                present(request, "IdpIdentifiers").map(member -> request.strings(member)));
        return NODES.objectNode().set("IdentityProvider", providerType(provider));
    }

    private JsonNode deleteProvider(JsonRequest request) {
        providers.get().delete(request.required("UserPoolId"), request.required("ProviderName"));
        return NODES.objectNode();
    }

    private JsonNode listProviders(JsonRequest request) {
        IdentityProviders.Listed page = providers.get().list(request.required("UserPoolId"),
                request.optionalInteger("MaxResults"), request.optional("NextToken"));
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("Providers");
        for (IdentityProvider provider : page.providers()) {
            list.addObject()
                    .put("ProviderName", provider.name())
                    .put("ProviderType", provider.type().name())
                    .put("LastModifiedDate", CognitoShapes.seconds(provider.lastModifiedAt()))
                    .put("CreationDate", CognitoShapes.seconds(provider.createdAt()));
        }
        page.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    private JsonNode createServer(JsonRequest request) {
        ResourceServer server = servers.get().create(request.required("UserPoolId"), request.required("Identifier"),
                request.required("Name"), scopes(request));
        return NODES.objectNode().set("ResourceServer", serverType(server));
    }

    private JsonNode describeServer(JsonRequest request) {
        return NODES.objectNode().set("ResourceServer", serverType(servers.get()
                .describe(request.required("UserPoolId"), request.required("Identifier"))));
    }

    private JsonNode updateServer(JsonRequest request) {
        ResourceServer server = servers.get().update(request.required("UserPoolId"), request.required("Identifier"),
                request.required("Name"), scopes(request));
        return NODES.objectNode().set("ResourceServer", serverType(server));
    }

    private JsonNode deleteServer(JsonRequest request) {
        servers.get().delete(request.required("UserPoolId"), request.required("Identifier"));
        return NODES.objectNode();
    }

    private JsonNode listServers(JsonRequest request) {
        ResourceServers.Listed page = servers.get().list(request.required("UserPoolId"),
                request.optionalInteger("MaxResults"), request.optional("NextToken"));
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("ResourceServers");
        page.servers().forEach(server -> list.add(serverType(server)));
        page.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    private JsonNode linkProvider(JsonRequest request) {
        JsonRequest destination = request.object("DestinationUser");
        JsonRequest source = request.object("SourceUser");
        links.get().link(request.required("UserPoolId"), destination.required("ProviderName"),
                destination.required("ProviderAttributeValue"), source.required("ProviderName"),
                source.required("ProviderAttributeName"), source.required("ProviderAttributeValue"));
        return NODES.objectNode();
    }

    /** A sign-in another region verified upstream and forwarded (signed region to region): the write here. */
    private JsonNode federatedSignInAtLeader(JsonRequest request) {
        IdentityProvider provider = providers.get().describe(userPoolId, request.required("ProviderName"));
        var identity = new UpstreamOidc.Identity(request.required("Subject"), request.optional("Issuer"),
                request.stringMap("Claims"));
        return NODES.objectNode().put("Sub", signIn.get().signInAtThisLeader(provider, identity).sub());
    }

    private JsonNode disableProvider(JsonRequest request) {
        JsonRequest user = request.object("User");
        links.get().disable(request.required("UserPoolId"), user.required("ProviderName"),
                user.required("ProviderAttributeName"), user.required("ProviderAttributeValue"));
        return NODES.objectNode();
    }

    private static Optional<String> present(JsonRequest request, String member) {
        return request.document(member) == null ? Optional.empty() : Optional.of(member);
    }

    private static List<ResourceServer.Scope> scopes(JsonRequest request) {
        return request.objects("Scopes").stream()
                .map(scope -> new ResourceServer.Scope(scope.required("ScopeName"), scope.required("ScopeDescription")))
                .toList();
    }

    /** Cognito's {@code IdentityProviderType}, without the sealed secrets ({@link IdentityProviders}). */
    private ObjectNode providerType(IdentityProvider provider) {
        ObjectNode type = NODES.objectNode();
        type.put("UserPoolId", userPoolId);
        type.put("ProviderName", provider.name());
        type.put("ProviderType", provider.type().name());
        ObjectNode details = type.putObject("ProviderDetails");
        provider.details().forEach(details::put);
        ObjectNode mapping = type.putObject("AttributeMapping");
        provider.attributeMapping().forEach(mapping::put);
        var identifiers = type.putArray("IdpIdentifiers");
        provider.identifiers().forEach(identifiers::add);
        type.put("LastModifiedDate", CognitoShapes.seconds(provider.lastModifiedAt()));
        type.put("CreationDate", CognitoShapes.seconds(provider.createdAt()));
        return type;
    }

    private ObjectNode serverType(ResourceServer server) {
        ObjectNode type = NODES.objectNode();
        type.put("UserPoolId", userPoolId);
        type.put("Identifier", server.identifier());
        type.put("Name", server.name());
        var scopes = type.putArray("Scopes");
        server.scopes().forEach(scope -> scopes.addObject().put("ScopeName", scope.name())
                .put("ScopeDescription", scope.description()));
        return type;
    }
}
