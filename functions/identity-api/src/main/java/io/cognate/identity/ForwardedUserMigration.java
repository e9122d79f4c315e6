package io.cognate.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.Username;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.domain.forwarding.WriteOperations;
import io.cognate.domain.migration.UserMigration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A lazy migration at a region that does not lead: the sign-in's client, username, password and
 * ClientMetadata go to the leader as Cognate's forwarded operation {@link WriteOperations#MIGRATE_USER}
 * (signed region to region, over the leader's regional HTTPS endpoint, never logged), the leader
 * asks the legacy pool or the trigger itself and moves the user in, and the answer comes back once
 * this region's replica holds the user (write forwarding's read-your-writes wait). With forwarding
 * off or no leader to reach, the sign-in is refused as the write fence refuses any write here.
 */
final class ForwardedUserMigration implements UserMigration.LeaderMigration {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<WriteForwarding> forwarding;
    private final String region;

    ForwardedUserMigration(Supplier<WriteForwarding> forwarding, String region) {
        this.forwarding = forwarding;
        this.region = region;
    }

    @Override
    public Optional<String> moveInAtLeader(String clientId, Username username, String password,
                                           Map<String, String> validationData) {
        ObjectNode body = NODES.objectNode();
        body.put("ClientId", clientId);
        body.put("Username", username.value());
        body.put("Password", password);
        ObjectNode metadata = body.putObject("ClientMetadata");
        validationData.forEach(metadata::put);
        try {
            return Optional.of(LeaderCalls.call(forwarding.get(), WriteOperations.MIGRATE_USER, body, Optional.empty())
                    .orElseThrow(() -> CognitoException.readOnlyReplica(region, "the leader")).path("Sub").asText());
        } catch (CognitoException refused) {
            if ("NotAuthorizedException".equals(refused.type())) {
                // The leader's legacy pool no longer took the password: nobody moved in, a wrong password here.
                return Optional.empty();
            }
            throw refused;
        }
    }
}
