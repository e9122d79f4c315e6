package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.ResourceServer;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.UserDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Identity providers, resource servers and upstream-identity links in the Directory global table:
 * <ul>
 * <li>{@code IDPS/IDP#<name>}: the provider (type, details as a map, sealed secrets as a map,
 * attribute mapping, identifiers, dates, {@code version}); one partition, so ListIdentityProviders
 * is one Query;</li>
 * <li>{@code IDPS/IDENTIFIER#<identifier>}: the claim of an IdP identifier by one provider, written
 * in the provider's own transaction, so no two providers hold one identifier;</li>
 * <li>{@code RESOURCE_SERVERS/RS#<identifier>}: a resource server and its scopes;</li>
 * <li>{@code IDPLINK#<provider>/SUBJECT#<subject>}: the user (sub) an upstream identity signs in as.</li>
 * </ul>
 * Every write is one transaction behind the write fence ({@link FencedTransactions}); creates only
 * where nothing is, updates and deletes only from the version read.
 */
public final class DynamoDbFederationDirectory implements FederationDirectory {
    static final String IDPS_PK = "IDPS";
    static final String IDP_PREFIX = "IDP#";
    static final String IDENTIFIER_PREFIX = "IDENTIFIER#";
    static final String SERVERS_PK = "RESOURCE_SERVERS";
    static final String SERVER_PREFIX = "RS#";
    static final String LINK_PREFIX = "IDPLINK#";
    static final String SUBJECT_PREFIX = "SUBJECT#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;

    public DynamoDbFederationDirectory(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    @Override
    public Optional<IdentityProvider> findProvider(String name) {
        return get(key(IDPS_PK, IDP_PREFIX + name)).map(DynamoDbFederationDirectory::toProvider);
    }

    @Override
    public Optional<IdentityProvider> findProviderByIdentifier(String identifier) {
        return get(key(IDPS_PK, IDENTIFIER_PREFIX + identifier))
                .flatMap(claim -> findProvider(string(claim, "provider")))
                .filter(provider -> provider.identifiers().contains(identifier));
    }

    @Override
    public void createProvider(IdentityProvider provider, LeaderRecord fence) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(providerItem(provider, fence), "attribute_not_exists(pk)", Map.of()));
        provider.identifiers().forEach(identifier -> writes.add(claim(provider.name(), identifier, fence)));
        List<CancellationReason> failed = transactions.commitOrReasons(fence, writes);
        if (failed != null) {
            if (FencedTransactions.failedCondition(failed, 0)) {
                throw new ProviderExists();
            }
            throw new IdentifierTaken();
        }
    }

    @Override
    public void updateProvider(IdentityProvider previous, IdentityProvider provider, LeaderRecord fence) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(put(providerItem(provider, fence), "#version = :read", Map.of(":read", n(previous.version()))));
        Set<String> added = new LinkedHashSet<>(provider.identifiers());
        added.removeAll(previous.identifiers());
        Set<String> removed = new LinkedHashSet<>(previous.identifiers());
        removed.removeAll(provider.identifiers());
        added.forEach(identifier -> writes.add(claim(provider.name(), identifier, fence)));
        removed.forEach(identifier -> writes.add(unclaim(provider.name(), identifier)));
        List<CancellationReason> failed = transactions.commitOrReasons(fence, writes);
        if (failed != null) {
            if (FencedTransactions.failedCondition(failed, 0)) {
                throw new UserDirectory.ConcurrentUpdate();
            }
            throw new IdentifierTaken();
        }
    }

    @Override
    public void deleteProvider(IdentityProvider provider, LeaderRecord fence) {
        var writes = new ArrayList<TransactWriteItem>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(IDPS_PK, IDP_PREFIX + provider.name()))
                .conditionExpression("#version = :read")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":read", n(provider.version()))).build()).build());
        provider.identifiers().forEach(identifier -> writes.add(unclaim(provider.name(), identifier)));
        if (!transactions.commit(fence, writes)) {
            throw new UserDirectory.ConcurrentUpdate();
        }
    }

    @Override
    public Page<IdentityProvider> providers(int limit, Optional<String> after) {
        return page(IDPS_PK, IDP_PREFIX, limit, after, DynamoDbFederationDirectory::toProvider, IdentityProvider::name);
    }

    @Override
    public Optional<ResourceServer> findResourceServer(String identifier) {
        return get(key(SERVERS_PK, SERVER_PREFIX + identifier)).map(DynamoDbFederationDirectory::toServer);
    }

    @Override
    public void createResourceServer(ResourceServer server, LeaderRecord fence) {
        if (!transactions.commit(fence, List.of(put(serverItem(server, fence), "attribute_not_exists(pk)", Map.of())))) {
            throw new ResourceServerExists();
        }
    }

    @Override
    public void updateResourceServer(ResourceServer server, LeaderRecord fence) {
        if (!transactions.commit(fence, List.of(put(serverItem(server, fence), "#version = :read",
                Map.of(":read", n(server.version() - 1)))))) {
            throw new UserDirectory.ConcurrentUpdate();
        }
    }

    @Override
    public void deleteResourceServer(ResourceServer server, LeaderRecord fence) {
        if (!transactions.commit(fence, List.of(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(SERVERS_PK, SERVER_PREFIX + server.identifier()))
                .conditionExpression("#version = :read")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":read", n(server.version()))).build()).build()))) {
            throw new UserDirectory.ConcurrentUpdate();
        }
    }

    @Override
    public Page<ResourceServer> resourceServers(int limit, Optional<String> after) {
        return page(SERVERS_PK, SERVER_PREFIX, limit, after, DynamoDbFederationDirectory::toServer,
                ResourceServer::identifier);
    }

    @Override
    public Optional<String> linkedUser(String provider, String subject) {
        return get(linkKey(provider, subject)).map(item -> string(item, "sub"));
    }

    @Override
    public void link(String provider, String subject, String sub, LeaderRecord fence) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(linkKey(provider, subject));
        item.put("sub", s(sub));
        item.put("provider", s(provider));
        item.put("subject", s(subject));
        transactions.stamp(item, fence);
        // The user must exist when the link is made: a link never names nobody.
        if (!transactions.commit(fence, List.of(
                TransactWriteItem.builder().conditionCheck(b -> b.tableName(table).key(key("USER#" + sub, "PROFILE"))
                        .conditionExpression(DynamoDbUserDirectory.USER_EXISTS)).build(),
                put(item, "attribute_not_exists(pk)", Map.of())))) {
            throw new LinkExists();
        }
    }

    @Override
    public Optional<String> unlink(String provider, String subject, LeaderRecord fence) {
        Optional<String> sub = linkedUser(provider, subject);
        if (sub.isPresent()) {
            transactions.commit(fence, List.of(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(linkKey(provider, subject)).build()).build()));
        }
        return sub;
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private <T> Page<T> page(String pk, String prefix, int limit, Optional<String> after,
                             Function<Map<String, AttributeValue>, T> read, Function<T, String> name) {
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                .limit(limit + 1);
        after.ifPresent(last -> request.exclusiveStartKey(key(pk, prefix + last)));
        QueryResponse response = dynamo.query(request.build());
        List<T> items = response.items().stream().limit(limit).map(read).toList();
        return new Page<>(items, response.items().size() > limit ? Optional.of(name.apply(items.getLast()))
                : Optional.empty());
    }

    private static Map<String, AttributeValue> linkKey(String provider, String subject) {
        return key(LINK_PREFIX + provider, SUBJECT_PREFIX + subject);
    }

    private TransactWriteItem claim(String provider, String identifier, LeaderRecord fence) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(IDPS_PK, IDENTIFIER_PREFIX + identifier));
        item.put("provider", s(provider));
        transactions.stamp(item, fence);
        return put(item, "attribute_not_exists(pk) OR provider = :me", Map.of(":me", s(provider)));
    }

    private TransactWriteItem unclaim(String provider, String identifier) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(IDPS_PK, IDENTIFIER_PREFIX + identifier))
                .conditionExpression("attribute_not_exists(pk) OR provider = :me")
                .expressionAttributeValues(Map.of(":me", s(provider))).build()).build();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        var put = Put.builder().tableName(table).item(item).conditionExpression(condition);
        if (condition.contains("#version")) {
            put.expressionAttributeNames(Map.of("#version", "version"));
        }
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private Map<String, AttributeValue> providerItem(IdentityProvider provider, LeaderRecord fence) {
        var item = new LinkedHashMap<>(key(IDPS_PK, IDP_PREFIX + provider.name()));
        item.put("name", s(provider.name()));
        item.put("type", s(provider.type().name()));
        item.put("details", map(provider.details()));
        item.put("sealedDetails", map(provider.sealedDetails()));
        item.put("attributeMapping", map(provider.attributeMapping()));
        item.put("identifiers", AttributeValue.fromL(provider.identifiers().stream().map(Items::s).toList()));
        item.put("createdAt", millis(provider.createdAt()));
        item.put("lastModifiedAt", millis(provider.lastModifiedAt()));
        item.put("version", n(provider.version()));
        transactions.stamp(item, fence);
        return item;
    }

    private static IdentityProvider toProvider(Map<String, AttributeValue> item) {
        return new IdentityProvider(string(item, "name"), ProviderType.of(string(item, "type")),
                strings(item.get("details")), strings(item.get("sealedDetails")), strings(item.get("attributeMapping")),
                item.get("identifiers") == null ? List.of()
                        : item.get("identifiers").l().stream().map(AttributeValue::s).toList(),
                instant(item, "createdAt"), instant(item, "lastModifiedAt"), number(item, "version"));
    }

    private Map<String, AttributeValue> serverItem(ResourceServer server, LeaderRecord fence) {
        var item = new LinkedHashMap<>(key(SERVERS_PK, SERVER_PREFIX + server.identifier()));
        item.put("identifier", s(server.identifier()));
        item.put("name", s(server.name()));
        item.put("scopes", AttributeValue.fromL(server.scopes().stream()
                .map(scope -> AttributeValue.fromM(Map.of("name", s(scope.name()),
                        "description", s(scope.description()))))
                .toList()));
        item.put("version", n(server.version()));
        transactions.stamp(item, fence);
        return item;
    }

    private static ResourceServer toServer(Map<String, AttributeValue> item) {
        List<ResourceServer.Scope> scopes = item.get("scopes") == null ? List.of() : item.get("scopes").l().stream()
                .map(scope -> new ResourceServer.Scope(scope.m().get("name").s(), scope.m().get("description").s()))
                .toList();
        return new ResourceServer(string(item, "identifier"), string(item, "name"), scopes, number(item, "version"));
    }

    private static AttributeValue map(Map<String, String> values) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        values.forEach((name, value) -> map.put(name, s(value)));
        return AttributeValue.fromM(map);
    }

    private static Map<String, String> strings(AttributeValue value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((name, entry) -> map.put(name, entry.s()));
        }
        return map;
    }
}
