package io.cognate.ports;

import java.time.Instant;

/**
 * The replay cache of SAML assertions: an assertion ID of one issuer signs a user in once,
 * whichever region it is presented at (Sessions global table, as {@link UsedTotpCodes}).
 */
public interface UsedSamlAssertions {
    /**
     * Records the assertion as used; false (recording nothing) if it was used already. The record
     * may be forgotten after {@code forgetAfter}, when the assertion has expired anyway.
     */
    boolean claim(String issuer, String assertionId, Instant forgetAfter);
}
