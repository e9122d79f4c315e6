package io.cognate.domain.federation;

import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.SecretEnvelopes;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cognito's identity-provider operations: CreateIdentityProvider, DescribeIdentityProvider,
 * UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders and
 * GetIdentityProviderByIdentifier. Management operations: each names the pool, and each write is a
 * Directory write through the write fence (a follower forwards it to the leader before it gets here).
 *
 * <p><b>Upstream secrets are sealed, and not shown again.</b> Cognito's DescribeIdentityProvider
 * returns {@code client_secret} in clear. Cognate seals {@code client_secret} (and Apple's
 * {@code private_key}) under the multi-region data key, bound to the pool, the provider and the
 * detail's name, because the service itself must present the secret at the upstream token
 * endpoint (so a hash, as for app-client secrets, will not do); and it leaves them out of every
 * answer, as it leaves app-client secrets out of DescribeUserPoolClient: a read-only admin key, a
 * log of answers or a Terraform state file never holds them. The cost: a tool that diffs the
 * described secret against its own sees a difference; an update that names no secret keeps the
 * stored one.
 */
public final class IdentityProviders {
    /** Cognito's largest (and default) page of ListIdentityProviders. */
    public static final int MAX_RESULTS = 60;
    /** Details that are secrets: sealed at rest, never answered. */
    static final Set<String> SECRET_DETAILS = Set.of("client_secret", "private_key");
    /** Cognito's limit of IdpIdentifiers per provider. */
    static final int MAX_IDENTIFIERS = 50;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final List<String> URL_DETAILS = List.of("oidc_issuer", "authorize_url", "token_url",
            "attributes_url", "jwks_uri", "MetadataURL");

    private final String userPoolId;
    private final FederationDirectory directory;
    private final SecretEnvelopes envelopes;
    private final WriteFence fence;
    private final Clock clock;

    public IdentityProviders(String userPoolId, FederationDirectory directory, SecretEnvelopes envelopes,
                             WriteFence fence, Clock clock) {
        this.userPoolId = userPoolId;
        this.directory = directory;
        this.envelopes = envelopes;
        this.fence = fence;
        this.clock = clock;
    }

    /** A page of ListIdentityProviders. */
    public record Listed(List<IdentityProvider> providers, Optional<String> nextToken) {
    }

    public IdentityProvider create(String poolId, String name, String type, Map<String, String> details,
                                   Map<String, String> attributeMapping, List<String> identifiers) {
        checkPool(poolId);
        ProviderType providerType = ProviderType.of(type);
        if (providerType.social() && !providerType.name().equals(name)) {
            throw CognitoException.invalidParameter("The provider name of a " + providerType
                    + " provider must be " + providerType + ".");
        }
        if ("COGNITO".equals(name)) {
            throw CognitoException.invalidParameter("COGNITO is a reserved provider name.");
        }
        Map<String, String> checked = checkedDetails(providerType, details, Map.of());
        Instant now = clock.instant();
        IdentityProvider provider = new IdentityProvider(name, providerType, publicDetails(checked),
                seal(name, checked), mapping(providerType, attributeMapping), identifiers(identifiers), now, now, 0);
        try {
            fence.run(leader -> {
                directory.createProvider(provider, leader);
                return null;
            });
        } catch (FederationDirectory.ProviderExists exists) {
            throw new CognitoException("DuplicateProviderException",
                    "A provider with the name " + name + " already exists in this user pool.");
        } catch (FederationDirectory.IdentifierTaken taken) {
            throw new CognitoException("DuplicateProviderException",
                    "An identifier of the provider is already used by another provider in this user pool.");
        }
        return provider;
    }

    public IdentityProvider describe(String poolId, String name) {
        checkPool(poolId);
        return existing(name);
    }

    public IdentityProvider byIdentifier(String poolId, String identifier) {
        checkPool(poolId);
        return directory.findProviderByIdentifier(identifier)
                .orElseThrow(() -> CognitoException.resourceNotFound("Identity provider identifier " + identifier
                        + " does not exist."));
    }

    /** What the request names replaces what was stored; what it leaves out stays, as in Cognito. */
    public IdentityProvider update(String poolId, String name, Optional<Map<String, String>> details,
                                   Optional<Map<String, String>> attributeMapping, Optional<List<String>> identifiers) {
        checkPool(poolId);
        try {
            return fence.run(leader -> {
                IdentityProvider read = existing(name);
                Map<String, String> newDetails = details.isPresent()
                        ? checkedDetails(read.type(), details.get(), read.sealedDetails()) : null;
                Map<String, String> sealed = new LinkedHashMap<>(read.sealedDetails());
                if (newDetails != null) {
                    sealed.putAll(seal(name, newDetails));
                }
                IdentityProvider updated = new IdentityProvider(name, read.type(),
                        newDetails == null ? read.details() : publicDetails(newDetails), sealed,
                        attributeMapping.map(mapping -> mapping(read.type(), mapping)).orElse(read.attributeMapping()),
                        identifiers.map(IdentityProviders::identifiers).orElse(read.identifiers()),
                        read.createdAt(), clock.instant(), read.version() + 1);
                directory.updateProvider(read, updated, leader);
                return updated;
            });
        } catch (FederationDirectory.IdentifierTaken taken) {
            throw new CognitoException("DuplicateProviderException",
                    "An identifier of the provider is already used by another provider in this user pool.");
        }
    }

    public void delete(String poolId, String name) {
        checkPool(poolId);
        fence.run(leader -> {
            directory.deleteProvider(existing(name), leader);
            return null;
        });
    }

    public Listed list(String poolId, Integer maxResults, String nextToken) {
        checkPool(poolId);
        FederationDirectory.Page<IdentityProvider> page = directory.providers(limit(maxResults, MAX_RESULTS),
                after(nextToken));
        return new Listed(page.items(), page.after().map(IdentityProviders::token));
    }

    /** Whether the pool has a provider of this name (COGNITO is the pool's own users, always there). */
    public boolean exists(String name) {
        return "COGNITO".equals(name) || directory.findProvider(name).isPresent();
    }

    /** A sealed detail in clear, for the upstream exchange only; empty when the provider has none. */
    public Optional<String> secret(IdentityProvider provider, String detail) {
        return Optional.ofNullable(provider.sealedDetails().get(detail))
                .map(sealed -> new String(envelopes.open(sealed, context(provider.name(), detail)),
                        StandardCharsets.UTF_8));
    }

    IdentityProvider existing(String name) {
        return directory.findProvider(name).orElseThrow(() -> CognitoException.resourceNotFound(
                "Identity provider " + name + " does not exist."));
    }

    private void checkPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }

    /**
     * The details as given, checked for the type, with Cognito's endpoints of a social provider in
     * place of any the request names. {@code storedSecrets} are secrets an update may leave out.
     */
    static Map<String, String> checkedDetails(ProviderType type, Map<String, String> given,
                                              Map<String, String> storedSecrets) {
        Map<String, String> details = new LinkedHashMap<>(given);
        switch (type) {
            case SAML -> {
                boolean file = details.containsKey("MetadataFile");
                boolean url = details.containsKey("MetadataURL");
                if (file == url) {
                    throw CognitoException.invalidParameter("Exactly one of MetadataFile and MetadataURL is required.");
                }
                for (String flag : List.of("IDPSignout", "IDPInit", "EncryptedResponses")) {
                    String value = details.get(flag);
                    if (value != null && !value.equals("true") && !value.equals("false")) {
                        throw CognitoException.invalidParameter(flag + " must be true or false.");
                    }
                }
            }
            case OIDC -> {
                require(details, "client_id", "authorize_scopes", "oidc_issuer");
                String method = details.getOrDefault("attributes_request_method", "GET");
                if (!method.equals("GET") && !method.equals("POST")) {
                    throw CognitoException.invalidParameter("attributes_request_method must be GET or POST.");
                }
                details.put("attributes_request_method", method);
                details.putIfAbsent("attributes_url_add_attributes", "false");
            }
            case SignInWithApple -> {
                require(details, "client_id", "team_id", "key_id", "authorize_scopes");
                requireSecret(details, storedSecrets, "private_key");
                socialEndpoints(details, type, "");
            }
            case Google, LoginWithAmazon -> {
                require(details, "client_id", "authorize_scopes");
                requireSecret(details, storedSecrets, "client_secret");
                socialEndpoints(details, type, "");
            }
            case Facebook -> {
                require(details, "client_id", "authorize_scopes");
                requireSecret(details, storedSecrets, "client_secret");
                String version = details.getOrDefault("api_version", SocialProviderEndpoints.FACEBOOK_API_VERSION);
                if (!version.matches("v\\d{1,2}\\.\\d{1,2}")) {
                    throw CognitoException.invalidParameter("api_version must look like v17.0.");
                }
                details.put("api_version", version);
                socialEndpoints(details, type, version);
            }
        }
        for (String name : URL_DETAILS) {
            String value = details.get(name);
            if (value != null) {
                checkUrl(name, value);
            }
        }
        return details;
    }

    /**
     * A social provider's endpoints are Cognito's ({@link SocialProviderEndpoints}): any the
     * request names are dropped, not kept beside them, so no pool setting points {@code Google}
     * or {@code Facebook} at another server.
     */
    private static void socialEndpoints(Map<String, String> details, ProviderType type, String apiVersion) {
        details.keySet().removeAll(URL_DETAILS);
        details.putAll(SocialProviderEndpoints.cognitoDetails(type, apiVersion));
    }

    /**
     * Upstream endpoints are https, so that the code, the secret and the tokens travel encrypted;
     * plain http only to this machine (a provider run in a test, or beside the local runtime).
     */
    static void checkUrl(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw CognitoException.invalidParameter(name + " is not a URL.");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        boolean loopback = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && LOOPBACK_HOSTS.contains(uri.getHost());
        if (!https && !loopback) {
            throw CognitoException.invalidParameter(name + " must be an https URL.");
        }
    }

    private static void require(Map<String, String> details, String... names) {
        for (String name : names) {
            if (details.getOrDefault(name, "").isBlank()) {
                throw CognitoException.invalidParameter(name + " is required in ProviderDetails.");
            }
        }
    }

    private static void requireSecret(Map<String, String> details, Map<String, String> stored, String name) {
        if (details.getOrDefault(name, "").isBlank() && !stored.containsKey(name)) {
            throw CognitoException.invalidParameter(name + " is required in ProviderDetails.");
        }
    }

    private static Map<String, String> publicDetails(Map<String, String> details) {
        Map<String, String> visible = new LinkedHashMap<>(details);
        visible.keySet().removeAll(SECRET_DETAILS);
        return visible;
    }

    private Map<String, String> seal(String provider, Map<String, String> details) {
        Map<String, String> sealed = new LinkedHashMap<>();
        for (String name : SECRET_DETAILS) {
            String value = details.get(name);
            if (value != null && !value.isBlank()) {
                sealed.put(name, envelopes.seal(value.getBytes(StandardCharsets.UTF_8), context(provider, name)));
            }
        }
        return sealed;
    }

    private Map<String, String> context(String provider, String detail) {
        return Map.of("purpose", "identity-provider-secret", "userPoolId", userPoolId, "provider", provider,
                "detail", detail);
    }

    /** OIDC and social providers map {@code username} to the upstream subject unless told otherwise, as Cognito does. */
    private static Map<String, String> mapping(ProviderType type, Map<String, String> given) {
        Map<String, String> mapping = new LinkedHashMap<>(given);
        if (type != ProviderType.SAML) {
            mapping.putIfAbsent("username", type == ProviderType.Facebook || type == ProviderType.LoginWithAmazon
                    ? (type == ProviderType.LoginWithAmazon ? "user_id" : "id") : "sub");
        }
        return mapping;
    }

    private static List<String> identifiers(List<String> given) {
        List<String> identifiers = List.copyOf(new LinkedHashSet<>(given));
        if (identifiers.size() > MAX_IDENTIFIERS) {
            throw CognitoException.invalidParameter("A provider has at most " + MAX_IDENTIFIERS + " identifiers.");
        }
        if (identifiers.size() != given.size()) {
            throw CognitoException.invalidParameter("IdpIdentifiers contains a duplicate.");
        }
        return identifiers;
    }

    static int limit(Integer given, int max) {
        if (given == null || given == 0) {
            return max;
        }
        if (given < 1 || given > max) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'maxResults' failed to "
                    + "satisfy constraint: Member must have value between 1 and " + max);
        }
        return given;
    }

    static String token(String after) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> after(String nextToken) {
        if (nextToken == null) {
            return Optional.empty();
        }
        try {
            String key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(nextToken))).toString();
            if (key.isEmpty() || key.length() > 256 || key.chars().anyMatch(Character::isISOControl)) {
                throw CognitoException.invalidParameter("Invalid NextToken.");
            }
            return Optional.of(key);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw CognitoException.invalidParameter("Invalid NextToken.");
        }
    }
}
