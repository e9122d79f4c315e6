package io.cognate.domain.federation.saml;

import java.util.List;

/**
 * What a SAML identity provider's metadata ({@code EntityDescriptor}) says and sign-in uses.
 *
 * @param entityId the provider's entity ID: the only Issuer accepted from it
 * @param ssoRedirectUrl its SingleSignOnService for the HTTP-Redirect binding, or empty
 * @param ssoPostUrl its SingleSignOnService for the HTTP-POST binding, or empty
 * @param sloUrl its SingleLogoutService (HTTP-Redirect preferred), or empty
 * @param signingCertificates the X.509 certificates (base64 DER) whose keys may sign its
 *     responses: the only keys a signature is checked with
 * @param nameIdFormats the NameID formats it declares
 */
public record SamlIdpMetadata(String entityId, String ssoRedirectUrl, String ssoPostUrl, String sloUrl,
        List<String> signingCertificates, List<String> nameIdFormats) {
    public SamlIdpMetadata {
        signingCertificates = List.copyOf(signingCertificates);
        nameIdFormats = List.copyOf(nameIdFormats);
        if (entityId == null || entityId.isEmpty()) {
            throw new SamlRejected("metadata without entityID");
        }
        if (signingCertificates.isEmpty()) {
            throw new SamlRejected("metadata without a signing certificate");
        }
    }
}
