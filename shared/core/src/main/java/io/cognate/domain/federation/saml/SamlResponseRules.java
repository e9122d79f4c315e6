package io.cognate.domain.federation.saml;

import java.time.Duration;
import java.time.Instant;

/**
 * What a signed SAML Response must say before anyone is signed in with it (SAML Profiles 4.1.4.2
 * and 4.1.4.3, Web Browser SSO): Status Success; Issuer the provider's entity ID; addressed to one
 * of the pool's consumer URLs; a bearer SubjectConfirmation for that URL, not expired, answering
 * the pending request (or, IdP-initiated, answering none); Conditions in time; an
 * AudienceRestriction naming the pool. Times allow {@link #CLOCK_SKEW} either way.
 */
public final class SamlResponseRules {
    /**
     * 60 s: clocks of IdPs synchronised by NTP are within a second of ours; a minute covers a badly
     * run one while keeping a stolen assertion's extra life short next to the 5 min most IdPs give.
     */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    private SamlResponseRules() {
    }

    /**
     * Checks {@code facts}; returns until when the assertion could still be accepted (the replay
     * cache keeps its ID that long).
     *
     * @param expectedInResponseTo the pending request's ID, or null for an IdP-initiated response
     * @throws SamlRejected naming the first check that failed
     */
    public static Instant check(SamlResponseFacts facts, SamlIdentityProvider provider, SamlServiceProvider serviceProvider,
            String expectedInResponseTo, Instant now) {
        String entityId = provider.metadata().entityId();
        if (!SUCCESS.equals(facts.statusCode())) {
            throw new SamlRejected("status is not Success");
        }
        if (facts.issuer() != null && !entityId.equals(facts.issuer())) {
            throw new SamlRejected("response issuer is not the provider");
        }
        if (facts.destination() != null ? !serviceProvider.isOwnConsumerUrl(facts.destination()) : facts.responseSigned()) {
            throw new SamlRejected("response destination is not this pool");
        }
        if (facts.inResponseTo() != null && !facts.inResponseTo().equals(expectedInResponseTo)) {
            throw new SamlRejected("response answers another request");
        }
        SamlResponseFacts.Assertion assertion = facts.assertion();
        if (!entityId.equals(assertion.issuer())) {
            throw new SamlRejected("assertion issuer is not the provider");
        }
        if (assertion.nameId() == null || assertion.nameId().isBlank()) {
            throw new SamlRejected("assertion without NameID");
        }
        if (assertion.notBefore() != null && now.plus(CLOCK_SKEW).isBefore(assertion.notBefore())) {
            throw new SamlRejected("assertion not yet valid");
        }
        if (assertion.notOnOrAfter() == null || !now.minus(CLOCK_SKEW).isBefore(assertion.notOnOrAfter())) {
            throw new SamlRejected("assertion expired or without NotOnOrAfter");
        }
        if (assertion.audienceRestrictions().isEmpty()
                || !assertion.audienceRestrictions().stream().allMatch(audiences -> audiences.contains(serviceProvider.entityId()))) {
            throw new SamlRejected("audience is not this pool");
        }
        SamlResponseFacts.SubjectConfirmation confirmation = assertion.subjectConfirmations().stream()
                .filter(candidate -> confirms(candidate, serviceProvider, expectedInResponseTo, now))
                .findFirst()
                .orElseThrow(() -> new SamlRejected("no bearer confirmation for this pool and request"));
        Instant until = confirmation.notOnOrAfter().isAfter(assertion.notOnOrAfter())
                ? confirmation.notOnOrAfter() : assertion.notOnOrAfter();
        return until.plus(CLOCK_SKEW);
    }

    private static boolean confirms(SamlResponseFacts.SubjectConfirmation confirmation, SamlServiceProvider serviceProvider,
            String expectedInResponseTo, Instant now) {
        return BEARER.equals(confirmation.method())
                && serviceProvider.isOwnConsumerUrl(confirmation.recipient())
                && confirmation.notOnOrAfter() != null && now.minus(CLOCK_SKEW).isBefore(confirmation.notOnOrAfter())
                && (confirmation.notBefore() == null || !now.plus(CLOCK_SKEW).isBefore(confirmation.notBefore()))
                && (expectedInResponseTo == null
                        ? confirmation.inResponseTo() == null
                        : expectedInResponseTo.equals(confirmation.inResponseTo()));
    }
}
