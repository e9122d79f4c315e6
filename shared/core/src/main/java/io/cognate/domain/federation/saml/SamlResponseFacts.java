package io.cognate.domain.federation.saml;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a SAML Response says, read only after its signature checked out against the provider's
 * metadata certificates, and only from signed content: {@link #responseSigned()} says whether the
 * Response fields were covered too (when only the assertion was signed, they are read but the
 * rules rely on the signed assertion's own Recipient and InResponseTo).
 */
public record SamlResponseFacts(String responseId, String destination, String inResponseTo, String issuer,
        String statusCode, boolean responseSigned, Assertion assertion) {

    /** The one assertion of the response. */
    public record Assertion(String id, String issuer, boolean signed, String nameId, String nameIdFormat,
            List<SubjectConfirmation> subjectConfirmations, Instant notBefore, Instant notOnOrAfter,
            List<List<String>> audienceRestrictions, Map<String, List<String>> attributes, String sessionIndex) {
        public Assertion {
            subjectConfirmations = List.copyOf(subjectConfirmations);
            audienceRestrictions = audienceRestrictions.stream().map(List::copyOf).toList();
            attributes = Map.copyOf(attributes);
        }
    }

    /** One {@code SubjectConfirmation} with its {@code SubjectConfirmationData}. */
    public record SubjectConfirmation(String method, String recipient, Instant notBefore, Instant notOnOrAfter,
            String inResponseTo) {
    }
}
