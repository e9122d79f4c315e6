package io.cognate.testing;

import io.cognate.ports.UsedSamlAssertions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** The SAML assertion replay cache in memory: put-if-absent per issuer and assertion ID. */
public final class InMemoryUsedSamlAssertions implements UsedSamlAssertions {
    private final Set<String> claimed = new HashSet<>();

    @Override
    public synchronized boolean claim(String issuer, String assertionId, Instant forgetAfter) {
        return claimed.add(issuer.length() + ":" + issuer + assertionId);
    }
}
