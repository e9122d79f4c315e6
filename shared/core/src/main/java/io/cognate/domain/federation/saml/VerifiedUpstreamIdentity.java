package io.cognate.domain.federation.saml;

import java.util.List;
import java.util.Map;

/**
 * Who an upstream identity provider says signed in, after every check passed: the seam between
 * a provider protocol (SAML here) and federated sign-in, which maps the attributes and creates or
 * finds the {@code EXTERNAL_PROVIDER} user. Nothing in it is unverified: for SAML, the subject
 * and the attributes come from the one assertion the signature covers.
 *
 * @param providerName the pool's name of the provider ({@code ProviderName})
 * @param providerType Cognito's {@code ProviderType}, {@code SAML} here
 * @param subject the provider's stable identifier of the user (the SAML {@code NameID})
 * @param subjectFormat the {@code NameID} Format, or empty when the provider sent none
 * @param attributes the provider's attributes by name (a SAML attribute may have several values)
 * @param sessionIndex the provider's session ({@code AuthnStatement SessionIndex}) for a later
 *     sign-out, or empty
 */
public record VerifiedUpstreamIdentity(String providerName, String providerType, String subject, String subjectFormat,
        Map<String, List<String>> attributes, String sessionIndex) {
    public VerifiedUpstreamIdentity {
        attributes = Map.copyOf(attributes);
    }

    /** The first value of an attribute, as a single-valued user attribute maps it, or null. */
    public String firstValue(String attributeName) {
        List<String> values = attributes.get(attributeName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
