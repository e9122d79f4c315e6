package io.cognate.domain.federation.saml;

import java.time.Instant;

/**
 * An AuthnRequest the pool sent and has not yet had an answer to.
 *
 * @param relayState the opaque key the RelayState carries there and back (random, 128 bits)
 * @param requestId the AuthnRequest ID; the answer's {@code InResponseTo} must equal it
 * @param providerName the provider asked
 * @param continuation what to resume once signed in (the authorize request's parameters), opaque
 *     to SAML
 * @param expiresAt after this the answer is refused
 */
public record PendingSamlRequest(String relayState, String requestId, String providerName, String continuation,
        Instant expiresAt) {
}
