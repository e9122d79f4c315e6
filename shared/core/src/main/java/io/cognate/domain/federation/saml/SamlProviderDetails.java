package io.cognate.domain.federation.saml;

import io.cognate.ports.SamlXml;
import java.util.Map;

/**
 * A SAML provider from Cognito's {@code ProviderDetails} (CreateIdentityProvider with
 * {@code ProviderType SAML}): {@code MetadataFile} (the EntityDescriptor; a {@code MetadataURL} is
 * fetched into it by whoever stores the provider), {@code IDPInit} ({@code "true"} allows
 * IdP-initiated sign-in). {@code RequireSignedAssertions} ({@code "true"}) is Cognate's own key:
 * Cognito accepts a signature on the Response or on the Assertion, and so does Cognate unless the
 * pool asks for the stricter one.
 */
public final class SamlProviderDetails {
    public static final String METADATA_FILE = "MetadataFile";
    public static final String IDP_INIT = "IDPInit";
    public static final String REQUIRE_SIGNED_ASSERTIONS = "RequireSignedAssertions";

    private SamlProviderDetails() {
    }

    /** @throws SamlRejected if the metadata is missing or unusable */
    public static SamlIdentityProvider provider(String providerName, Map<String, String> providerDetails, SamlXml xml) {
        String metadata = providerDetails.get(METADATA_FILE);
        if (metadata == null || metadata.isBlank()) {
            throw new SamlRejected("provider without MetadataFile");
        }
        return new SamlIdentityProvider(providerName, xml.readMetadata(metadata),
                "true".equalsIgnoreCase(providerDetails.get(IDP_INIT)),
                "true".equalsIgnoreCase(providerDetails.get(REQUIRE_SIGNED_ASSERTIONS)));
    }
}
