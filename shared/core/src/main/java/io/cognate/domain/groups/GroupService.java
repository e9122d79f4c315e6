package io.cognate.domain.groups;

import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.WriteFence;
import io.cognate.ports.GroupDirectory;
import io.cognate.ports.UserDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Cognito's group operations: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
 * AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser and ListUsersInGroup.
 * They are management operations: each names the pool ({@code ResourceNotFoundException} for
 * another), and each write is a Directory write, made through the write fence at the leading
 * region only.
 *
 * <p>A {@code NextToken} is the key the page ended at, base64url-encoded; it is not secret (the
 * caller may list everything anyway) and a forged one only starts a page elsewhere in the same
 * list. One that does not decode to a key is {@code InvalidParameterException}.
 */
public final class GroupService {
    /** Cognito's largest (and default) page of groups and of users. */
    public static final int MAX_LIMIT = 60;
    private static final String GROUP_NOT_FOUND = "Group not found.";

    private final String userPoolId;
    private final UserDirectory users;
    private final GroupDirectory groups;
    private final WriteFence fence;
    private final Clock clock;

    public GroupService(String userPoolId, UserDirectory users, GroupDirectory groups, WriteFence fence, Clock clock) {
        this.userPoolId = userPoolId;
        this.users = users;
        this.groups = groups;
        this.fence = fence;
        this.clock = clock;
    }

    /** A page of a list, and the token of the next page when there is one. */
    public record Listed<T>(List<T> items, Optional<String> nextToken) {
        public Listed {
            items = List.copyOf(items);
        }
    }

    public Group create(String poolId, String name, Optional<String> description, Optional<Integer> precedence,
                        Optional<String> roleArn) {
        checkPool(poolId);
        Group group = Group.created(name, description, precedence, roleArn, clock.instant(),
                UUID.randomUUID().toString());
        try {
            fence.run(leader -> {
                groups.create(group, leader);
                return group;
            });
        } catch (GroupDirectory.GroupExists exists) {
            throw new CognitoException("GroupExistsException", "A group with the name " + name + " already exists.");
        }
        return groups.find(name).orElse(group);
    }

    public Group get(String poolId, String name) {
        checkPool(poolId);
        return existing(name);
    }

    /** Replaces what is given; what is not given stays as it was. */
    public Group update(String poolId, String name, Optional<String> description, Optional<Integer> precedence,
                        Optional<String> roleArn) {
        checkPool(poolId);
        Group.checkName(name);
        // Each run reads the group afresh: a concurrent update is run again on top of it, never lost.
        return fence.run(leader -> {
            Group updated = existing(name).updated(description, precedence, roleArn, clock.instant());
            groups.update(updated, leader);
            return updated;
        });
    }

    /** Cognito deletes a group with members in it: the memberships go with it. */
    public void delete(String poolId, String name) {
        checkPool(poolId);
        Group group = existing(name);
        try {
            fence.run(leader -> {
                groups.delete(group, leader);
                return null;
            });
        } catch (GroupDirectory.Conflict gone) {
            throw CognitoException.resourceNotFound(GROUP_NOT_FOUND);
        }
    }

    public Listed<Group> list(String poolId, Integer limit, String nextToken) {
        checkPool(poolId);
        return listed(groups.list(limit(limit), after(nextToken)), Function.identity());
    }

    public void addUser(String poolId, String username, String groupName) {
        checkPool(poolId);
        Group group = existing(groupName);
        User user = user(username);
        try {
            fence.run(leader -> {
                groups.addMember(group, user.sub(), leader);
                return null;
            });
        } catch (GroupDirectory.Conflict conflict) {
            // Gone between the reads and the write: say which, as the reads would have.
            existing(groupName);
            throw CognitoException.userNotFound();
        }
    }

    public void removeUser(String poolId, String username, String groupName) {
        checkPool(poolId);
        existing(groupName);
        User user = user(username);
        fence.run(leader -> {
            groups.removeMember(groupName, user.sub(), leader);
            return null;
        });
    }

    public Listed<Group> groupsForUser(String poolId, String username, Integer limit, String nextToken) {
        checkPool(poolId);
        User user = user(username);
        return listed(groups.groupsOf(user.sub(), limit(limit), after(nextToken)), Function.identity());
    }

    /** The group's members that exist, in Cognito's UserType shape by the caller. */
    public Listed<User> usersInGroup(String poolId, String groupName, Integer limit, String nextToken) {
        checkPool(poolId);
        Group group = existing(groupName);
        GroupDirectory.Page<String> page = groups.members(group, limit(limit), after(nextToken));
        List<User> members = new ArrayList<>();
        // A member deleted while its memberships are being removed is left out.
        page.items().forEach(sub -> users.findBySub(sub).ifPresent(members::add));
        return new Listed<>(members, page.after().map(GroupService::token));
    }

    private void checkPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }

    private Group existing(String name) {
        Group.checkName(name);
        return groups.find(name).orElseThrow(() -> CognitoException.resourceNotFound(GROUP_NOT_FOUND));
    }

    private User user(String username) {
        return users.findByUsername(Username.of(username)).orElseThrow(CognitoException::userNotFound);
    }

    private static int limit(Integer limit) {
        if (limit == null || limit == 0) {
            return MAX_LIMIT;
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'limit' failed to satisfy "
                    + "constraint: Member must have value between 0 and " + MAX_LIMIT);
        }
        return limit;
    }

    private static <T, R> Listed<R> listed(GroupDirectory.Page<T> page, Function<T, R> map) {
        return new Listed<>(page.items().stream().map(map).toList(), page.after().map(GroupService::token));
    }

    static String token(String after) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
    }

    /** The key a NextToken names: a group name or a sub, never longer than a group name may be. */
    static Optional<String> after(String nextToken) {
        if (nextToken == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(nextToken);
            String key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (key.isEmpty() || key.codePointCount(0, key.length()) > Group.MAX_NAME_LENGTH
                    || key.chars().anyMatch(Character::isISOControl)) {
                throw invalidToken();
            }
            return Optional.of(key);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalidToken();
        }
    }

    private static CognitoException invalidToken() {
        return CognitoException.invalidParameter("Invalid NextToken.");
    }
}
