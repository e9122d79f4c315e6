package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.User;
import io.cognate.domain.users.UserListing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** ListUsers: request shape in, Cognito's {@code UserType} list out. */
final class UserListingOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<UserListing> listing;

    UserListingOperations(Supplier<UserListing> listing) {
        this.listing = listing;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of("ListUsers", this::listUsers);
    }

    private JsonNode listUsers(JsonRequest request) {
        List<String> wanted = request.strings("AttributesToGet");
        var page = listing.get().list(request.required("UserPoolId"), request.optional("Filter"),
                request.optionalInteger("Limit"), request.optional("PaginationToken"));
        ObjectNode response = NODES.objectNode();
        ArrayNode users = response.putArray("Users");
        page.users().forEach(user -> users.add(userType(user, wanted.isEmpty() ? null : Set.copyOf(wanted))));
        page.paginationToken().ifPresent(token -> response.put("PaginationToken", token));
        return response;
    }

    /**
     * Cognito's {@code UserType}: {@code sub} first among the attributes, then the user's in their
     * stored order; only those named in {@code AttributesToGet} when it names any.
     */
    private static ObjectNode userType(User user, Set<String> wanted) {
        ObjectNode type = NODES.objectNode();
        type.put("Username", user.username().value());
        ArrayNode attributes = type.putArray("Attributes");
        if (wanted == null || wanted.contains("sub")) {
            attributes.addObject().put("Name", "sub").put("Value", user.sub());
        }
        user.attributes().forEach((name, value) -> {
            if (wanted == null || wanted.contains(name)) {
                attributes.addObject().put("Name", name).put("Value", value);
            }
        });
        type.put("UserCreateDate", seconds(user.createdAt()));
        type.put("UserLastModifiedDate", seconds(user.updatedAt()));
        type.put("Enabled", user.enabled());
        type.put("UserStatus", user.status().name());
        return type;
    }

    private static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }
}
