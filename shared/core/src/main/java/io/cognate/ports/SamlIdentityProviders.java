package io.cognate.ports;

import io.cognate.domain.federation.saml.SamlIdentityProvider;
import java.util.Optional;

/** The pool's SAML identity providers by {@code ProviderName}, as identity-provider management stores them. */
public interface SamlIdentityProviders {
    Optional<SamlIdentityProvider> find(String providerName);
}
