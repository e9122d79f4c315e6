package io.cognate.domain.clients;

import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.StoredClientSecret;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.WriteFence;
import io.cognate.ports.UserDirectory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pool's app clients as its administrators change them: CreateUserPoolClient,
 * DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient and ListUserPoolClients,
 * with Cognito's defaults, bounds and errors.
 *
 * <p>Every write goes through the write fence and is conditional: a create never overwrites a
 * stored id (a new id is drawn if one is taken), an update or delete commits only while the
 * client is still at the version it read (else it is run again from a new read, by
 * {@link WriteFence}), so an update never brings a deleted client back and two updates never
 * mix.
 *
 * <p><b>Secrets are shown once.</b> A generated (or given) secret is in CreateUserPoolClient's
 * answer and nowhere else: it is stored only as {@link StoredClientSecret} (a SHA-256 and a
 * ciphertext under the multi-region data key). Cognito's DescribeUserPoolClient returns the
 * secret; Cognate's answers without {@code ClientSecret}, as no read of the Directory can give
 * it back in plain text.
 *
 * <p><b>Update resets what it does not name.</b> As in Cognito, UpdateUserPoolClient sets every
 * member the request leaves out to its default (flows, validities, attributes, OAuth and hosted
 * UI settings). What is not a setting stays: the id, the secret, the creation time and, when the
 * request names none, the client's name (there is no default name).
 *
 * <p><b>Deletion.</b> A deleted client is gone from every region once the deletion replicates:
 * {@code findClient} answers empty, so sign-in, refresh, token revocation and every operation
 * that presents an access token of that client are refused. Access and ID tokens already issued
 * stay valid signatures until they expire (at most one day, the largest validity): an API
 * checking them only with the JWKS accepts them until then, as with Cognito.
 */
public final class AppClientRegistry {
    /** Cognito's defaults when ExplicitAuthFlows is not given. */
    static final Set<String> DEFAULT_FLOWS = Set.of(AppClient.ALLOW_REFRESH_TOKEN_AUTH, AppClient.ALLOW_USER_SRP_AUTH,
            "ALLOW_CUSTOM_AUTH");
    private static final Set<String> LEGACY_FLOWS = Set.of("ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH");
    static final Duration DEFAULT_ACCESS = Duration.ofHours(1);
    static final Duration DEFAULT_ID = Duration.ofHours(1);
    static final Duration DEFAULT_REFRESH = Duration.ofDays(30);
    private static final Duration MIN_TOKEN = Duration.ofMinutes(5);
    private static final Duration MAX_TOKEN = Duration.ofDays(1);
    private static final Duration MIN_REFRESH = Duration.ofMinutes(60);
    private static final Duration MAX_REFRESH = Duration.ofDays(3650);
    private static final Set<String> STANDARD_SCOPES = Set.of("openid", "email", "phone", "profile",
            "aws.cognito.signin.user.admin");
    /** The only identity provider of this pool: its own users. */
    static final String COGNITO_PROVIDER = "COGNITO";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Cognito's client ids: 26 lower-case letters and digits. */
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    static final int ID_LENGTH = 26;
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    /** Cognito's largest (and default) {@code MaxResults} of ListUserPoolClients. */
    public static final int MAX_RESULTS = 60;
    private static final int ID_DRAWS = 3;

    private final String userPoolId;
    private final UserDirectory directory;
    private final WriteFence fence;
    private final ClientSecrets secrets;
    private final SecureRandom random;
    private final Clock clock;

    /** What a client may name beyond the pool itself: its identity providers and its resource servers' scopes. */
    public interface PoolReferences {
        boolean providerExists(String name);

        boolean customScopeExists(String scope);

        /** A pool without providers or resource servers: only COGNITO, and any well-formed custom scope. */
        PoolReferences NONE = new PoolReferences() {
            @Override
            public boolean providerExists(String name) {
                return COGNITO_PROVIDER.equals(name);
            }

            @Override
            public boolean customScopeExists(String scope) {
                return true;
            }
        };
    }

    private final PoolReferences references;

    public AppClientRegistry(String userPoolId, UserDirectory directory, WriteFence fence, ClientSecrets secrets,
                             SecureRandom random, Clock clock) {
        this(userPoolId, directory, fence, secrets, random, clock, PoolReferences.NONE);
    }

    public AppClientRegistry(String userPoolId, UserDirectory directory, WriteFence fence, ClientSecrets secrets,
                             SecureRandom random, Clock clock, PoolReferences references) {
        this.references = references;
        this.userPoolId = userPoolId;
        this.directory = directory;
        this.fence = fence;
        this.secrets = secrets;
        this.random = random;
        this.clock = clock;
    }

    /** A created client, and its secret in plain text when it has one: the only time it is shown. */
    public record Created(AppClient client, Optional<String> secret) {
        @Override
        public String toString() {
            return "Created[" + client.clientId() + ", secret redacted]";
        }
    }

    /** A page of ListUserPoolClients. */
    public record Listing(List<UserDirectory.ClientSummary> clients, Optional<String> nextToken) {
    }

    public Created create(String requestedUserPoolId, ClientConfiguration configuration, boolean generateSecret,
                          String givenSecret) {
        requirePool(requestedUserPoolId);
        if (generateSecret && givenSecret != null) {
            throw CognitoException.invalidParameter("You cannot specify both GenerateSecret and ClientSecret.");
        }
        boolean hasSecret = generateSecret || givenSecret != null;
        for (int draw = 1; ; draw++) {
            String clientId = newClientId();
            Optional<String> plaintext = Optional.empty();
            Optional<StoredClientSecret> stored = Optional.empty();
            if (hasSecret) {
                ClientSecrets.NewSecret secret = givenSecret != null ? secrets.sealGiven(clientId, givenSecret)
                        : secrets.newSecret(clientId);
                plaintext = Optional.of(secret.plaintext());
                stored = Optional.of(secret.stored());
            }
            Instant now = clock.instant();
            AppClient client = configure(clientId, configuration.clientName(), stored, now, now, 0, configuration);
            try {
                return new Created(fence.run(leader -> directory.createClient(client, leader)), plaintext);
            } catch (UserDirectory.ClientIdTaken taken) {
                // 26 characters of 36 make a collision all but impossible; never overwrite one.
                if (draw == ID_DRAWS) {
                    throw CognitoException.internal();
                }
            }
        }
    }

    /** DescribeUserPoolClient: the client as stored (its secret never in plain text). */
    public AppClient describe(String requestedUserPoolId, String clientId) {
        requirePool(requestedUserPoolId);
        return find(clientId);
    }

    public AppClient update(String requestedUserPoolId, String clientId, ClientConfiguration configuration) {
        requirePool(requestedUserPoolId);
        return fence.run(leader -> {
            AppClient read = find(clientId);
            String name = configuration.clientName() != null ? configuration.clientName() : read.clientName();
            AppClient updated = configure(clientId, name, read.secret(), read.settings().createdAt(), clock.instant(),
                    read.version(), configuration);
            return directory.updateClient(updated, leader);
        });
    }

    public void delete(String requestedUserPoolId, String clientId) {
        requirePool(requestedUserPoolId);
        fence.run(leader -> {
            directory.deleteClient(find(clientId), leader);
            return null;
        });
    }

    public Listing list(String requestedUserPoolId, Integer maxResults, String nextToken) {
        requirePool(requestedUserPoolId);
        int limit = maxResults == null ? MAX_RESULTS : maxResults;
        if (limit < 1 || limit > MAX_RESULTS) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'maxResults' failed to "
                    + "satisfy constraint: Member must have value less than or equal to " + MAX_RESULTS);
        }
        UserDirectory.ClientPage page = directory.listClients(limit,
                nextToken == null ? Optional.empty() : Optional.of(lastClientId(nextToken)));
        return new Listing(page.clients(), page.lastClientId().map(AppClientRegistry::token));
    }

    private AppClient configure(String clientId, String name, Optional<StoredClientSecret> secret, Instant createdAt,
                                Instant now, long version, ClientConfiguration c) {
        if (name == null) {
            throw CognitoException.invalidParameter("1 validation error detected: Value null at 'clientName' failed "
                    + "to satisfy constraint: Member must not be null");
        }
        Set<String> flows = flows(c.explicitAuthFlows());
        TokenValidityUnits units = new TokenValidityUnits(unit(c.accessTokenUnit(), TokenValidityUnits.DEFAULT.accessToken()),
                unit(c.idTokenUnit(), TokenValidityUnits.DEFAULT.idToken()),
                unit(c.refreshTokenUnit(), TokenValidityUnits.DEFAULT.refreshToken()));
        Duration access = validity("AccessTokenValidity", c.accessTokenValidity(), units.accessToken(), DEFAULT_ACCESS,
                MIN_TOKEN, MAX_TOKEN);
        Duration id = validity("IdTokenValidity", c.idTokenValidity(), units.idToken(), DEFAULT_ID, MIN_TOKEN, MAX_TOKEN);
        // Cognito's own rule: a refresh validity of 0 means the default.
        Integer refreshGiven = c.refreshTokenValidity() != null && c.refreshTokenValidity() == 0 ? null
                : c.refreshTokenValidity();
        Duration refresh = validity("RefreshTokenValidity", refreshGiven, units.refreshToken(), DEFAULT_REFRESH,
                MIN_REFRESH, MAX_REFRESH);
        Set<String> read = attributes(c.readAttributes(), true);
        Set<String> write = attributes(c.writeAttributes(), false);

        boolean oauth = Boolean.TRUE.equals(c.allowedOAuthFlowsUserPoolClient());
        Set<String> oauthFlows = Set.copyOf(orEmpty(c.allowedOAuthFlows()));
        Set<String> scopes = new LinkedHashSet<>(orEmpty(c.allowedOAuthScopes()));
        List<String> callbacks = urls("CallbackURLs", c.callbackUrls());
        List<String> logouts = urls("LogoutURLs", c.logoutUrls());
        if (oauth && (oauthFlows.isEmpty() || scopes.isEmpty())) {
            throw CognitoException.invalidParameter(
                    "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.");
        }
        if (!oauth && (!oauthFlows.isEmpty() || !scopes.isEmpty())) {
            throw CognitoException.invalidParameter(
                    "AllowedOAuthFlowsUserPoolClient must be true to configure AllowedOAuthFlows or AllowedOAuthScopes.");
        }
        if (oauthFlows.contains(AppClient.CLIENT_CREDENTIALS)) {
            if (oauthFlows.size() > 1) {
                throw CognitoException.invalidParameter(
                        "client_credentials flow can not be selected along with code flow or implicit flow.");
            }
            if (secret.isEmpty()) {
                throw CognitoException.invalidParameter(
                        "client_credentials flow can not be selected if client does not have a client secret.");
            }
        }
        if ((oauthFlows.contains("code") || oauthFlows.contains("implicit")) && callbacks.isEmpty()) {
            throw CognitoException.invalidParameter("CallbackURLs are required for the code and implicit flows.");
        }
        for (String scope : scopes) {
            if (!STANDARD_SCOPES.contains(scope) && !scope.matches(".+/[^/]+")) {
                throw CognitoException.invalidParameter("Invalid scope requested: " + scope);
            }
            if (!STANDARD_SCOPES.contains(scope) && !references.customScopeExists(scope)) {
                // Cognito's answer when no resource server of the pool defines the scope.
                throw new CognitoException("ScopeDoesNotExistException", "Invalid scope requested: " + scope);
            }
        }
        Optional<String> defaultRedirect = Optional.ofNullable(c.defaultRedirectUri());
        if (defaultRedirect.isPresent() && !callbacks.contains(defaultRedirect.get())) {
            throw CognitoException.invalidParameter("DefaultRedirectURI must be one of the CallbackURLs.");
        }
        List<String> providers = List.copyOf(new LinkedHashSet<>(orEmpty(c.supportedIdentityProviders())));
        for (String provider : providers) {
            if (!COGNITO_PROVIDER.equals(provider) && !references.providerExists(provider)) {
                throw CognitoException.invalidParameter("The provider " + provider + " does not exist for User Pool "
                        + userPoolId);
            }
        }
        ClientSettings settings = new ClientSettings(units, oauth, callbacks, logouts, defaultRedirect, providers,
                c.enableTokenRevocation() == null || c.enableTokenRevocation(),
                c.preventUserExistenceErrors() == null ? ClientSettings.LEGACY : c.preventUserExistenceErrors(),
                c.authSessionValidity() == null ? ClientSettings.DEFAULT_AUTH_SESSION_MINUTES : c.authSessionValidity(),
                Boolean.TRUE.equals(c.enablePropagateAdditionalUserContextData()), createdAt, now);
        return new AppClient(clientId, name, flows, access, id, refresh, oauthFlows, scopes, secret, read, write,
                settings, version);
    }

    private static Set<String> flows(List<String> given) {
        if (given == null) {
            return DEFAULT_FLOWS;
        }
        Set<String> flows = Set.copyOf(given);
        boolean legacy = flows.stream().anyMatch(LEGACY_FLOWS::contains);
        if (legacy && flows.stream().anyMatch(flow -> !LEGACY_FLOWS.contains(flow))) {
            throw CognitoException.invalidParameter(
                    "ExplicitAuthFlows can not have both legacy and new values (values beginning with ALLOW_).");
        }
        return flows;
    }

    private static TokenValidityUnits.Unit unit(String given, TokenValidityUnits.Unit fallback) {
        return given == null ? fallback : TokenValidityUnits.Unit.fromWire(given);
    }

    private static Duration validity(String member, Integer given, TokenValidityUnits.Unit unit, Duration fallback,
                                     Duration min, Duration max) {
        if (given == null) {
            return fallback;
        }
        Duration duration = unit.times(given);
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw CognitoException.invalidParameter("Invalid range for token validity: " + member + " must be between "
                    + describe(min) + " and " + describe(max) + ".");
        }
        return duration;
    }

    private static String describe(Duration duration) {
        return duration.toDays() > 0 && duration.toHours() % 24 == 0 ? duration.toDays() + " days"
                : duration.toMinutes() + " minutes";
    }

    /**
     * Standard attributes and {@code custom:*} ones ({@code sub} is neither). A listed verified
     * flag is stored as listed; users still never write one ({@link AppClient#mayWrite}).
     */
    private static Set<String> attributes(List<String> given, boolean read) {
        Set<String> names = Set.copyOf(orEmpty(given));
        for (String name : names) {
            if (!UserAttributes.STANDARD.contains(name) && !UserAttributes.isCustom(name)) {
                throw CognitoException.invalidParameter("Invalid " + (read ? "read" : "write")
                        + " attributes specified while creating a client");
            }
        }
        return names;
    }

    /**
     * Absolute, no fragment; HTTPS, an app's own scheme, or plain HTTP to the loopback host only
     * (Cognito's rule for redirect URLs).
     */
    private static List<String> urls(String member, List<String> given) {
        List<String> urls = new ArrayList<>(new LinkedHashSet<>(orEmpty(given)));
        for (String url : urls) {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean plainHttpElsewhere = scheme.equals("http")
                        && (uri.getHost() == null || !LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT)));
                if (!uri.isAbsolute() || uri.getFragment() != null || plainHttpElsewhere) {
                    throw invalidUrl(member);
                }
            } catch (URISyntaxException notAUri) {
                throw invalidUrl(member);
            }
        }
        return urls;
    }

    private static CognitoException invalidUrl(String member) {
        return CognitoException.invalidParameter(member + " must be absolute URLs without a fragment, using HTTPS "
                + "except to localhost.");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private AppClient find(String clientId) {
        return directory.findClient(clientId)
                .orElseThrow(() -> CognitoException.resourceNotFound("User pool client " + clientId + " does not exist."));
    }

    private void requirePool(String requestedUserPoolId) {
        if (!userPoolId.equals(requestedUserPoolId)) {
            throw CognitoException.resourceNotFound("User pool " + requestedUserPoolId + " does not exist.");
        }
    }

    private String newClientId() {
        var id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String token(String lastClientId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("1\n" + lastClientId).getBytes(StandardCharsets.UTF_8));
    }

    /** The client id a NextToken continues after; anything else is InvalidParameterException. */
    private static String lastClientId(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("1\n") && CLIENT_ID.matcher(decoded.substring(2)).matches()) {
                return decoded.substring(2);
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw CognitoException.invalidParameter("The pagination token is not valid.");
    }
}
