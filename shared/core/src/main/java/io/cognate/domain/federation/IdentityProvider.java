package io.cognate.domain.federation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One identity provider of the pool, as CreateIdentityProvider stores it: its name and type, its
 * {@code ProviderDetails} without its secrets ({@code client_secret}, Apple's {@code private_key}),
 * those sealed under the multi-region data key ({@link IdentityProviders}), the attribute mapping (pool attribute ->
 * upstream claim) and the IdP identifiers. {@code version} counts the writes (0 when created).
 */
public record IdentityProvider(String name, ProviderType type, Map<String, String> details,
                               Map<String, String> sealedDetails, Map<String, String> attributeMapping,
                               List<String> identifiers, Instant createdAt, Instant lastModifiedAt, long version) {
    public IdentityProvider {
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
        sealedDetails = java.util.Collections.unmodifiableMap(new TreeMap<>(sealedDetails));
        attributeMapping = java.util.Collections.unmodifiableMap(new TreeMap<>(attributeMapping));
        identifiers = List.copyOf(identifiers);
    }

    public Optional<String> detail(String name) {
        return Optional.ofNullable(details.get(name)).filter(value -> !value.isEmpty());
    }

    @Override
    public String toString() {
        // The sealed secret is not a secret in itself, but it has no place in a log line either.
        return "IdentityProvider[" + name + ", " + type + ", v" + version + "]";
    }
}
