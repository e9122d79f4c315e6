package io.cognate.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.CognitoException;
import io.cognate.domain.federation.FederatedSignIn;
import io.cognate.domain.forwarding.WriteForwarding;
import io.cognate.domain.forwarding.WriteOperations;
import io.cognate.ports.UpstreamOidc;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A federated sign-in that must write, at a region that does not lead: the verified upstream
 * identity goes to the leader as Cognate's forwarded operation {@link WriteOperations#FEDERATED_SIGN_IN}
 * (signed region to region, never the upstream code or tokens), the leader makes or updates the
 * user, and the answer comes back once this region's replica holds it (write forwarding's
 * read-your-writes wait). With forwarding off or no leader to reach, the sign-in is refused as
 * the write fence refuses any write here, retryable.
 */
final class ForwardedFederatedSignIn implements FederatedSignIn.LeaderWrites {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<WriteForwarding> forwarding;
    private final String region;

    ForwardedFederatedSignIn(Supplier<WriteForwarding> forwarding, String region) {
        this.forwarding = forwarding;
        this.region = region;
    }

    @Override
    public String signInAtLeader(String providerName, UpstreamOidc.Identity identity) {
        ObjectNode body = NODES.objectNode();
        body.put("ProviderName", providerName);
        body.put("Subject", identity.subject());
        if (identity.issuer() != null) {
            body.put("Issuer", identity.issuer());
        }
        ObjectNode claims = body.putObject("Claims");
        identity.claims().forEach(claims::put);
        return LeaderCalls.call(forwarding.get(), WriteOperations.FEDERATED_SIGN_IN, body, Optional.empty())
                .orElseThrow(() -> CognitoException.readOnlyReplica(region, "the leader")).path("Sub").asText();
    }
}
