package io.cognate.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.User;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** Cognito's JSON forms that several operations answer with: dates, and a user as an administrator sees it. */
final class CognitoShapes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CognitoShapes() {
    }

    /** Epoch seconds with milliseconds, as Cognito's JSON has dates. */
    static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    /** Cognito's {@code UserType} with every attribute ({@code sub} first). */
    static ObjectNode userType(User user) {
        return userType(user, null);
    }

    /** Cognito's {@code UserType}; only the attributes in {@code wanted} when it is not null (ListUsers' AttributesToGet). */
    static ObjectNode userType(User user, Set<String> wanted) {
        ObjectNode type = NODES.objectNode();
        type.put("Username", user.username().value());
        userAttributes(type.putArray("Attributes"), user, wanted);
        userState(type, user);
        return type;
    }

    /**
     * The user's attributes as Name/Value pairs: {@code sub} first, then the rest in their stored
     * order, as an administrator reads them whatever a client may; only {@code wanted} ones when
     * it is not null.
     */
    static void userAttributes(ArrayNode list, User user, Set<String> wanted) {
        if (wanted == null || wanted.contains("sub")) {
            list.addObject().put("Name", "sub").put("Value", user.sub());
        }
        user.attributes().forEach((name, value) -> {
            if (wanted == null || wanted.contains(name)) {
                list.addObject().put("Name", name).put("Value", value);
            }
        });
    }

    /** The dates, {@code Enabled} and {@code UserStatus} of a {@code UserType} or AdminGetUser answer. */
    static void userState(ObjectNode type, User user) {
        type.put("UserCreateDate", seconds(user.createdAt()));
        type.put("UserLastModifiedDate", seconds(user.updatedAt()));
        type.put("Enabled", user.enabled());
        type.put("UserStatus", user.status().name());
    }
}
