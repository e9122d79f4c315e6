package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.instant;
import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.number;
import static io.cognate.adapters.aws.Items.optionalString;
import static io.cognate.adapters.aws.Items.s;
import static io.cognate.adapters.aws.Items.string;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.groups.Group;
import io.cognate.ports.GroupDirectory;
import io.cognate.ports.UserDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Groups and memberships in the Directory global table:
 * <ul>
 * <li>{@code GROUPS/GROUP#<name>}: the group (name, description, precedence, role ARN, dates,
 * {@code groupId}, {@code version}). All groups share one partition, so ListGroups is one Query
 * (the table has no index to list by), and token issue reads a user's groups with one
 * BatchGetItem;</li>
 * <li>{@code USER#<sub>/GROUP#<name>}: the membership in the user's partition, beside its profile:
 * one Query lists a user's groups when its tokens are issued (AdminListGroupsForUser too);</li>
 * <li>{@code GROUP#<name>/MEMBER#<sub>}: the same membership in the group's partition, for
 * ListUsersInGroup (one Query a page).</li>
 * </ul>
 * Both membership items carry the {@code groupId} of the group they were made in; a read keeps
 * only those whose group exists under that id. So a delete cut short (it removes memberships a
 * page of transactions at a time, after the group) grants nothing, and a group made again under
 * the name does not inherit the old one's members.
 *
 * <p>Every write is one transaction whose first item checks the leader record in the Control
 * table (the write fence). A membership's two items are put together with checks that the user's
 * profile exists and that the group is still the incarnation read, and removed together. A group
 * is created only where none exists and updated only from the version read.
 */
public final class DynamoDbGroupDirectory implements GroupDirectory {
    static final String GROUPS_PK = "GROUPS";
    static final String GROUP_PREFIX = "GROUP#";
    static final String MEMBER_PREFIX = "MEMBER#";
    /** Membership pairs per transaction: two items each, beside the fence and one more check or delete (100 at most). */
    static final int PAIRS_PER_WRITE = 48;
    /** A user's groups read at once by BatchGetItem. */
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;

    public DynamoDbGroupDirectory(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    @Override
    public Optional<Group> find(String name) {
        var response = dynamo.getItem(b -> b.tableName(table).key(groupKey(name)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toGroup(response.item())) : Optional.empty();
    }

    @Override
    public void create(Group group, LeaderRecord fence) {
        if (write(fence, put(toItem(group, fence), "attribute_not_exists(pk)", Map.of())) != null) {
            throw new GroupExists();
        }
    }

    @Override
    public void update(Group group, LeaderRecord fence) {
        if (write(fence, put(toItem(group, fence), "#version = :read AND groupId = :id",
                Map.of(":read", n(group.version() - 1), ":id", s(group.id())))) != null) {
            throw new UserDirectory.ConcurrentUpdate();
        }
    }

    @Override
    public void delete(Group group, LeaderRecord fence) {
        // The group first, with the first page of its members: from then on no membership of it is
        // read, and no new one can be made (an add checks the group).
        List<Map<String, AttributeValue>> page = memberPage(group.name());
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(groupKey(group.name()))
                .conditionExpression("groupId = :id")
                .expressionAttributeValues(Map.of(":id", s(group.id()))).build()).build());
        page.forEach(member -> items.addAll(pairDeletes(group.name(), string(member, "sub"))));
        if (write(fence, items.toArray(TransactWriteItem[]::new)) != null) {
            throw new Conflict();
        }
        // Then the rest, a page at a time, for as long as the name has no group: a group made
        // again under it meanwhile keeps its own members (and the old ones are never read).
        while (!(page = memberPage(group.name())).isEmpty()) {
            var rest = new ArrayList<TransactWriteItem>();
            rest.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                    .key(groupKey(group.name())).conditionExpression("attribute_not_exists(pk)").build()).build());
            page.forEach(member -> rest.addAll(pairDeletes(group.name(), string(member, "sub"))));
            if (write(fence, rest.toArray(TransactWriteItem[]::new)) != null) {
                return;
            }
        }
    }

    @Override
    public Page<Group> list(int limit, Optional<String> after) {
        QueryResponse response = query(GROUPS_PK, GROUP_PREFIX, limit, after);
        List<Group> groups = response.items().stream().limit(limit).map(DynamoDbGroupDirectory::toGroup).toList();
        return new Page<>(groups, next(response, limit, groups.isEmpty() ? null : groups.getLast().name()));
    }

    @Override
    public void addMember(Group group, String sub, LeaderRecord fence) {
        Map<String, AttributeValue> mine = new HashMap<>(key("USER#" + sub, GROUP_PREFIX + group.name()));
        mine.put("groupName", s(group.name()));
        mine.put("groupId", s(group.id()));
        transactions.stamp(mine, fence);
        Map<String, AttributeValue> theirs = new HashMap<>(key(GROUP_PREFIX + group.name(), MEMBER_PREFIX + sub));
        theirs.put("sub", s(sub));
        theirs.put("groupId", s(group.id()));
        transactions.stamp(theirs, fence);
        List<CancellationReason> failed = write(fence,
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(key("USER#" + sub, "PROFILE")).conditionExpression(DynamoDbUserDirectory.USER_EXISTS).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(groupKey(group.name())).conditionExpression("groupId = :id")
                        .expressionAttributeValues(Map.of(":id", s(group.id()))).build()).build(),
                put(mine, null, Map.of()),
                put(theirs, null, Map.of()));
        if (failed != null) {
            throw new Conflict();
        }
    }

    @Override
    public void removeMember(String groupName, String sub, LeaderRecord fence) {
        write(fence, pairDeletes(groupName, sub).toArray(TransactWriteItem[]::new));
    }

    @Override
    public List<Group> groupsOf(String sub) {
        var partition = UserPartitionReads.cached(dynamo, table, "USER#" + sub);
        if (partition.isPresent()) {
            // Read with the user's profile in this request (UserPartitionReads).
            return live(partition.get().memberships());
        }
        List<Map<String, AttributeValue>> memberships = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s("USER#" + sub), ":prefix", s(GROUP_PREFIX)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(request.build());
            memberships.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return live(memberships);
    }

    @Override
    public Page<Group> groupsOf(String sub, int limit, Optional<String> after) {
        QueryResponse response = query("USER#" + sub, GROUP_PREFIX, limit, after);
        List<Map<String, AttributeValue>> page = response.items().stream().limit(limit).toList();
        return new Page<>(live(page), next(response, limit,
                page.isEmpty() ? null : string(page.getLast(), "groupName")));
    }

    @Override
    public Page<String> members(Group group, int limit, Optional<String> after) {
        QueryResponse response = query(GROUP_PREFIX + group.name(), MEMBER_PREFIX, limit, after);
        List<Map<String, AttributeValue>> page = response.items().stream().limit(limit).toList();
        List<String> subs = page.stream()
                .filter(member -> group.id().equals(string(member, "groupId")))
                .map(member -> string(member, "sub"))
                .toList();
        return new Page<>(subs, next(response, limit, page.isEmpty() ? null : string(page.getLast(), "sub")));
    }

    @Override
    public void removeMemberships(String sub, LeaderRecord fence) {
        List<Map<String, AttributeValue>> page;
        while (!(page = first("USER#" + sub, GROUP_PREFIX)).isEmpty()) {
            write(fence, page.stream()
                    .flatMap(membership -> pairDeletes(string(membership, "groupName"), sub).stream())
                    .toArray(TransactWriteItem[]::new));
        }
    }

    /** The groups the memberships name that exist under the id the membership names, in the memberships' order. */
    private List<Group> live(List<Map<String, AttributeValue>> memberships) {
        if (memberships.isEmpty()) {
            return List.of();
        }
        Map<String, Group> found = new HashMap<>();
        for (int from = 0; from < memberships.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = memberships.subList(from,
                    Math.min(memberships.size(), from + BATCH_GET_LIMIT)).stream()
                    .map(membership -> groupKey(string(membership, "groupName"))).toList();
            Map<String, KeysAndAttributes> wanted = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!wanted.isEmpty()) {
                Map<String, KeysAndAttributes> asked = wanted;
                var response = dynamo.batchGetItem(b -> b.requestItems(asked));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.put(string(item, "name"), toGroup(item)));
                wanted = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        List<Group> live = new ArrayList<>();
        for (Map<String, AttributeValue> membership : memberships) {
            Group group = found.get(string(membership, "groupName"));
            if (group != null && group.id().equals(string(membership, "groupId"))) {
                live.add(group);
            }
        }
        return live;
    }

    /** Up to {@code limit} + 1 items after {@code after}: the one more tells whether a next page exists. */
    private QueryResponse query(String pk, String prefix, int limit, Optional<String> after) {
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                .limit(limit + 1);
        after.ifPresent(key -> request.exclusiveStartKey(key(pk, prefix + key)));
        return dynamo.query(request.build());
    }

    private static Optional<String> next(QueryResponse response, int limit, String last) {
        return response.items().size() > limit ? Optional.of(last) : Optional.empty();
    }

    private List<Map<String, AttributeValue>> memberPage(String groupName) {
        return first(GROUP_PREFIX + groupName, MEMBER_PREFIX);
    }

    /** The first memberships left under {@code pk}, as many as one transaction removes. */
    private List<Map<String, AttributeValue>> first(String pk, String prefix) {
        return dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                .limit(PAIRS_PER_WRITE).build()).items();
    }

    private List<TransactWriteItem> pairDeletes(String groupName, String sub) {
        return List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key("USER#" + sub, GROUP_PREFIX + groupName)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(GROUP_PREFIX + groupName, MEMBER_PREFIX + sub)).build()).build());
    }

    /** The fenced transaction ({@link FencedTransactions#commitOrReasons}): null, or the reasons of the caller's items. */
    private List<CancellationReason> write(LeaderRecord fence, TransactWriteItem... items) {
        return transactions.commitOrReasons(fence, List.of(items));
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        var put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
            if (condition.contains("#version")) {
                put.expressionAttributeNames(Map.of("#version", "version"));
            }
        }
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static Map<String, AttributeValue> groupKey(String name) {
        return key(GROUPS_PK, GROUP_PREFIX + name);
    }

    private Map<String, AttributeValue> toItem(Group group, LeaderRecord fence) {
        var item = new LinkedHashMap<>(groupKey(group.name()));
        item.put("name", s(group.name()));
        group.description().ifPresent(description -> item.put("description", s(description)));
        group.precedence().ifPresent(precedence -> item.put("precedence", n(precedence)));
        group.roleArn().ifPresent(role -> item.put("roleArn", s(role)));
        item.put("createdAt", millis(group.createdAt()));
        item.put("lastModifiedAt", millis(group.lastModifiedAt()));
        item.put("groupId", s(group.id()));
        item.put("version", n(group.version()));
        transactions.stamp(item, fence);
        return item;
    }

    private static Group toGroup(Map<String, AttributeValue> item) {
        return new Group(string(item, "name"), optionalString(item, "description"),
                item.containsKey("precedence") ? Optional.of((int) number(item, "precedence")) : Optional.empty(),
                optionalString(item, "roleArn"), instant(item, "createdAt"), instant(item, "lastModifiedAt"),
                string(item, "groupId"), number(item, "version"));
    }
}
