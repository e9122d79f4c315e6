package io.cognate.ports;

import io.cognate.domain.federation.saml.SamlIdpMetadata;
import io.cognate.domain.federation.saml.SamlResponseFacts;
import io.cognate.domain.federation.saml.SamlRejected;
import java.util.List;

/**
 * SAML's XML: parsing metadata and checking a Response's XML signature. Behind a port because
 * the domain holds no XML parser; the rules about what the response says live in the domain.
 */
public interface SamlXml {
    /** The provider metadata in {@code entityDescriptorXml}. @throws SamlRejected if unusable */
    SamlIdpMetadata readMetadata(String entityDescriptorXml);

    /**
     * The facts of a base64 {@code SAMLResponse}, read only from content a valid signature by one of
     * {@code signingCertificates} (base64 DER) covers, and only if the Response or its one
     * Assertion carries such a signature (the Assertion's, if {@code assertionSignatureRequired}).
     *
     * @throws SamlRejected if the XML is unsafe or malformed, or no acceptable signature covers
     *     what is read
     */
    SamlResponseFacts readSignedResponse(String samlResponseBase64, List<String> signingCertificates,
            boolean assertionSignatureRequired);
}
