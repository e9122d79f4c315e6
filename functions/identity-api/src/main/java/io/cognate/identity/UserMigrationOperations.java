package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cognate.domain.CognitoException;
import io.cognate.domain.Username;
import io.cognate.domain.forwarding.WriteOperations;
import io.cognate.domain.migration.UserMigration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The leader's half of a lazy migration another region forwarded ({@link ForwardedUserMigration}):
 * served only as a forwarded request, whose region-to-region signature is what makes it trusted.
 */
final class UserMigrationOperations {
    private final Supplier<UserMigration> migration;

    UserMigrationOperations(Supplier<UserMigration> migration) {
        this.migration = migration;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(WriteOperations.MIGRATE_USER, this::moveInAtLeader);
    }

    private JsonNode moveInAtLeader(JsonRequest request) {
        var moved = migration.get().onSignInAtThisLeader(request.required("ClientId"),
                Username.of(request.required("Username")), request.required("Password"),
                request.stringMap("ClientMetadata"));
        return JsonNodeFactory.instance.objectNode().put("Sub", moved.orElseThrow(() ->
                CognitoException.notAuthorized("Incorrect username or password.")).sub());
    }
}
