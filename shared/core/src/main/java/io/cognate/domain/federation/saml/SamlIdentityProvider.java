package io.cognate.domain.federation.saml;

/**
 * A SAML provider of the pool as sign-in uses it: its metadata and Cognito's per-provider
 * switches ({@code ProviderDetails}).
 *
 * @param providerName the pool's name for it
 * @param metadata its imported metadata
 * @param idpInitiated {@code IDPInit}: whether a response nobody asked for (no
 *     {@code InResponseTo}) may sign a user in; off unless the pool opted in
 * @param signedAssertionRequired whether the Assertion itself must carry the signature; when
 *     false, a signature on the Response (which covers the assertion inside it) is enough
 */
public record SamlIdentityProvider(String providerName, SamlIdpMetadata metadata, boolean idpInitiated,
        boolean signedAssertionRequired) {
}
