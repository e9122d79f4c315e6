package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.groups.Group;
import io.cognate.domain.groups.GroupService;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pool's group operations (CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
 * AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup):
 * request shape in, response shape out. All are management operations naming the pool.
 */
final class GroupOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<GroupService> groups;
    private final String userPoolId;

    GroupOperations(Supplier<GroupService> groups, String userPoolId) {
        this.groups = groups;
        this.userPoolId = userPoolId;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "CreateGroup", this::createGroup,
                "GetGroup", this::getGroup,
                "UpdateGroup", this::updateGroup,
                "DeleteGroup", this::deleteGroup,
                "ListGroups", this::listGroups,
                "AdminAddUserToGroup", this::addUserToGroup,
                "AdminRemoveUserFromGroup", this::removeUserFromGroup,
                "AdminListGroupsForUser", this::listGroupsForUser,
                "ListUsersInGroup", this::listUsersInGroup);
    }

    private JsonNode createGroup(JsonRequest request) {
        Group group = groups.get().create(request.required("UserPoolId"), request.required("GroupName"),
                Optional.ofNullable(request.optional("Description")),
                Optional.ofNullable(request.optionalInteger("Precedence")),
                Optional.ofNullable(request.optional("RoleArn")));
        return NODES.objectNode().set("Group", groupType(group));
    }

    private JsonNode getGroup(JsonRequest request) {
        Group group = groups.get().get(request.required("UserPoolId"), request.required("GroupName"));
        return NODES.objectNode().set("Group", groupType(group));
    }

    private JsonNode updateGroup(JsonRequest request) {
        Group group = groups.get().update(request.required("UserPoolId"), request.required("GroupName"),
                Optional.ofNullable(request.optional("Description")),
                Optional.ofNullable(request.optionalInteger("Precedence")),
                Optional.ofNullable(request.optional("RoleArn")));
        return NODES.objectNode().set("Group", groupType(group));
    }

    private JsonNode deleteGroup(JsonRequest request) {
        groups.get().delete(request.required("UserPoolId"), request.required("GroupName"));
        return NODES.objectNode();
    }

    private JsonNode listGroups(JsonRequest request) {
        var page = groups.get().list(request.required("UserPoolId"), request.optionalInteger("Limit"),
                request.optional("NextToken"));
        return groupList(page);
    }

    private JsonNode addUserToGroup(JsonRequest request) {
        groups.get().addUser(request.required("UserPoolId"), request.required("Username"),
                request.required("GroupName"));
        return NODES.objectNode();
    }

    private JsonNode removeUserFromGroup(JsonRequest request) {
        groups.get().removeUser(request.required("UserPoolId"), request.required("Username"),
                request.required("GroupName"));
        return NODES.objectNode();
    }

    private JsonNode listGroupsForUser(JsonRequest request) {
        var page = groups.get().groupsForUser(request.required("UserPoolId"), request.required("Username"),
                request.optionalInteger("Limit"), request.optional("NextToken"));
        return groupList(page);
    }

    private JsonNode listUsersInGroup(JsonRequest request) {
        var page = groups.get().usersInGroup(request.required("UserPoolId"), request.required("GroupName"),
                request.optionalInteger("Limit"), request.optional("NextToken"));
        ObjectNode response = NODES.objectNode();
        var users = response.putArray("Users");
        page.items().forEach(user -> users.add(CognitoShapes.userType(user)));
        page.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    private ObjectNode groupList(GroupService.Listed<Group> page) {
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("Groups");
        page.items().forEach(group -> list.add(groupType(group)));
        page.nextToken().ifPresent(token -> response.put("NextToken", token));
        return response;
    }

    /** Cognito's {@code GroupType}; dates in epoch seconds with milliseconds, as Cognito's JSON has them. */
    private ObjectNode groupType(Group group) {
        ObjectNode type = NODES.objectNode();
        type.put("GroupName", group.name());
        type.put("UserPoolId", userPoolId);
        group.description().ifPresent(description -> type.put("Description", description));
        group.roleArn().ifPresent(role -> type.put("RoleArn", role));
        group.precedence().ifPresent(precedence -> type.put("Precedence", precedence));
        type.put("LastModifiedDate", CognitoShapes.seconds(group.lastModifiedAt()));
        type.put("CreationDate", CognitoShapes.seconds(group.createdAt()));
        return type;
    }


}
