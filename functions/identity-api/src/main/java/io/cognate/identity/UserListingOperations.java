package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.users.UserListing;
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
        page.users().forEach(user -> users.add(CognitoShapes.userType(user, wanted.isEmpty() ? null : Set.copyOf(wanted))));
        page.paginationToken().ifPresent(token -> response.put("PaginationToken", token));
        return response;
    }


}
