package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.groups.Group;
import io.cognate.ports.GroupDirectory;
import io.cognate.ports.UserDirectory;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Groups and memberships beside the users of an {@link InMemoryUserDirectory}, written as
 * DynamoDbGroupDirectory writes them: fenced like every Directory write ({@link
 * UserDirectory.FencedOut} first), a membership's two records in one write that holds only while
 * the user and the group (that incarnation) exist, and reads that return only memberships naming
 * the id of a group that exists. Guarded by the directory's lock, so that a user's existence and a
 * membership are checked and written together; deleting a user deletes its memberships. A group
 * delete here is one write (the table's is a page at a time); what reads see of it is the same.
 */
public final class InMemoryGroupDirectory implements GroupDirectory {
    private final InMemoryUserDirectory directory;
    // All guarded by directory.
    private final NavigableMap<String, Group> groups = new TreeMap<>();
    /** sub → group name → the group id the membership names. */
    private final Map<String, NavigableMap<String, String>> groupsBySub = new HashMap<>();
    /** group name → sub → the group id the membership names. */
    private final Map<String, NavigableMap<String, String>> membersByGroup = new HashMap<>();

    public InMemoryGroupDirectory(InMemoryUserDirectory directory) {
        this.directory = directory;
        directory.alsoDeleting(this::forget);
    }

    @Override
    public Optional<Group> find(String name) {
        synchronized (directory) {
            return Optional.ofNullable(groups.get(name));
        }
    }

    @Override
    public void create(Group group, LeaderRecord fence) {
        Group kept = asStored(group);
        directory.fenced(fence, () -> {
            if (groups.containsKey(group.name())) {
                throw new GroupExists();
            }
            groups.put(group.name(), kept);
        });
    }

    @Override
    public void update(Group group, LeaderRecord fence) {
        Group kept = asStored(group);
        directory.fenced(fence, () -> {
            Group current = groups.get(group.name());
            if (current == null || !current.id().equals(group.id()) || current.version() != group.version() - 1) {
                throw new UserDirectory.ConcurrentUpdate();
            }
            groups.put(group.name(), kept);
        });
    }

    @Override
    public void delete(Group group, LeaderRecord fence) {
        directory.fenced(fence, () -> {
            Group current = groups.get(group.name());
            if (current == null || !current.id().equals(group.id())) {
                throw new Conflict();
            }
            groups.remove(group.name());
            NavigableMap<String, String> members = membersByGroup.remove(group.name());
            if (members != null) {
                members.keySet().forEach(sub -> removeFromUser(sub, group.name()));
            }
        });
    }

    @Override
    public Page<Group> list(int limit, Optional<String> after) {
        synchronized (directory) {
            return page(after.map(key -> groups.tailMap(key, false)).orElse(groups), limit, (name, group) -> group);
        }
    }

    private volatile boolean failingMemberships;

    /** From now on every membership write fails, as a store that cannot be reached would. */
    public void failMemberships(boolean failing) {
        failingMemberships = failing;
    }

    @Override
    public void addMember(Group group, String sub, LeaderRecord fence) {
        if (failingMemberships) {
            throw new IllegalStateException("membership write failed (test)");
        }
        directory.fenced(fence, () -> {
            Group current = groups.get(group.name());
            if (current == null || !current.id().equals(group.id()) || directory.findBySub(sub).isEmpty()) {
                throw new Conflict();
            }
            groupsBySub.computeIfAbsent(sub, s -> new TreeMap<>()).put(group.name(), group.id());
            membersByGroup.computeIfAbsent(group.name(), g -> new TreeMap<>()).put(sub, group.id());
        });
    }

    @Override
    public void removeMember(String groupName, String sub, LeaderRecord fence) {
        directory.fenced(fence, () -> {
            removeFromUser(sub, groupName);
            NavigableMap<String, String> members = membersByGroup.get(groupName);
            if (members != null) {
                members.remove(sub);
            }
        });
    }

    @Override
    public List<Group> groupsOf(String sub) {
        synchronized (directory) {
            return live(groupsBySub.getOrDefault(sub, new TreeMap<>()));
        }
    }

    @Override
    public Page<Group> groupsOf(String sub, int limit, Optional<String> after) {
        synchronized (directory) {
            NavigableMap<String, String> mine = groupsBySub.getOrDefault(sub, new TreeMap<>());
            NavigableMap<String, String> from = after.map(key -> mine.tailMap(key, false)).orElse(mine);
            Page<String> names = page(from, limit, (name, id) -> name);
            List<Group> live = live(names.items().stream().collect(TreeMap::new, (m, n) -> m.put(n, mine.get(n)),
                    TreeMap::putAll));
            return new Page<>(live, names.after());
        }
    }

    @Override
    public Page<String> members(Group group, int limit, Optional<String> after) {
        synchronized (directory) {
            NavigableMap<String, String> all = membersByGroup.getOrDefault(group.name(), new TreeMap<>());
            NavigableMap<String, String> from = after.map(key -> all.tailMap(key, false)).orElse(all);
            Page<String> subs = page(from, limit, (sub, id) -> sub);
            return new Page<>(subs.items().stream().filter(sub -> group.id().equals(all.get(sub))).toList(),
                    subs.after());
        }
    }

    @Override
    public void removeMemberships(String sub, LeaderRecord fence) {
        directory.fenced(fence, () -> forget(sub));
    }

    /** Every membership of the user, under the directory's lock. */
    private void forget(String sub) {
        NavigableMap<String, String> mine = groupsBySub.remove(sub);
        if (mine != null) {
            mine.keySet().forEach(name -> {
                NavigableMap<String, String> members = membersByGroup.get(name);
                if (members != null) {
                    members.remove(sub);
                }
            });
        }
    }

    private void removeFromUser(String sub, String groupName) {
        NavigableMap<String, String> mine = groupsBySub.get(sub);
        if (mine != null) {
            mine.remove(groupName);
        }
    }

    /** The groups that exist under the ids the memberships name. */
    private List<Group> live(Map<String, String> idsByName) {
        List<Group> live = new ArrayList<>();
        idsByName.forEach((name, id) -> {
            Group group = groups.get(name);
            if (group != null && group.id().equals(id)) {
                live.add(group);
            }
        });
        return live;
    }

    private static <V, T> Page<T> page(NavigableMap<String, V> from, int limit,
                                       java.util.function.BiFunction<String, V, T> item) {
        List<T> items = new ArrayList<>();
        String last = null;
        for (var entry : from.entrySet()) {
            if (items.size() == limit) {
                return new Page<>(items, Optional.of(last));
            }
            items.add(item.apply(entry.getKey(), entry.getValue()));
            last = entry.getKey();
        }
        return new Page<>(items, Optional.empty());
    }

    private static Group asStored(Group group) {
        return new Group(group.name(), group.description(), group.precedence(), group.roleArn(),
                group.createdAt().truncatedTo(ChronoUnit.MILLIS), group.lastModifiedAt().truncatedTo(ChronoUnit.MILLIS),
                group.id(), group.version());
    }
}
