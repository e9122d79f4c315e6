package io.cognate.verifier;

import io.cognate.adapters.aws.DynamoDbRevocations;
import io.cognate.adapters.aws.KmsPublicKeyClient;
import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.adapters.crypto.PlatformRs256Checks;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.config.Lazy;
import io.cognate.domain.tokens.RevocationCheck;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What the token-verifier function needs, and nothing more: one KMS {@code GetPublicKey} per
 * execution environment, the verifier built from that key, and, only
 * when revocation checks are switched on, a DynamoDB client for the Sessions table.
 *
 * <p>Where it needs the SDK (the revocation check; KMS where the environment holds no
 * credentials) it uses the SDK's URL-connection HTTP client, not the CRT client: this function
 * makes one KMS call per environment (before the SnapStart snapshot), and the CRT's native
 * libraries alone would take 4.6 MB of its 8 MB jar budget (docs/performance.md has the
 * measurements).
 */
public final class VerifierServices implements AutoCloseable {
    private final CognateConfig config;
    private final AuthorizerConfig authorizer;
    private final Clock clock;
    private final Lazy<SdkHttpClient> http;
    private final PublicKeySource publicKeys;
    private final RevocationWiring revocations;
    private final Lazy<SigningKey> signingKey;
    private final Lazy<TokenVerifier> verifier;

    public VerifierServices(CognateConfig config, AuthorizerConfig authorizer, Clock clock) {
        this(config, authorizer, clock, List.of());
    }

    /**
     * With {@code interceptors} on the KMS and DynamoDB clients: the local runtime counts calls and
     * capacity units this way; Lambda's wiring passes none.
     */
    public VerifierServices(CognateConfig config, AuthorizerConfig authorizer, Clock clock,
                            List<ExecutionInterceptor> interceptors) {
        this.config = config;
        this.authorizer = authorizer;
        this.clock = clock;
        // Built only if something needs the SDK: the revocation check's DynamoDB client, or KMS
        // where the environment holds no credentials (the local stack).
        this.http = Lazy.of(UrlConnectionHttpClient::create);
        this.publicKeys = PublicKeySource.create(config, clock, http, interceptors);
        this.revocations = authorizer.checkRevocation()
                ? RevocationWiring.create(config, http.get(), interceptors) : null;
        this.signingKey = Lazy.of(() -> SigningKey.of(publicKeys.publicKey(config.signingKeyId())));
        this.verifier = Lazy.of(this::buildVerifier);
    }

    public static VerifierServices create(CognateConfig config, AuthorizerConfig authorizer) {
        return new VerifierServices(config, authorizer, Clock.systemUTC());
    }

    public CognateConfig config() {
        return config;
    }

    public AuthorizerConfig authorizer() {
        return authorizer;
    }

    /** The signing key's public half: one KMS GetPublicKey, then memory. */
    public SigningKey signingKey() {
        return signingKey.get();
    }

    public TokenVerifier verifier() {
        return verifier.get();
    }

    private TokenVerifier buildVerifier() {
        var builder = TokenVerifier.builder(config.issuer(), clock)
                .key(signingKey.get())
                .allowedClientIds(authorizer.allowedClientIds())
                .clockSkew(authorizer.clockSkew())
                .cacheCapacity(authorizer.cacheSize())
                // libcrypto's RSA where this JVM can call it (java25 runtime), else the JDK's.
                .signatureChecks(PlatformRs256Checks.choose(System.getenv(PlatformRs256Checks.SETTING)));
        if (revocations != null) {
            builder.revocationCheck(revocations.check());
        }
        return builder.build();
    }

    /**
     * Runs the verification path once on a token that cannot pass (right kid, empty signature),
     * so the JSON reader, base64 and RSA classes are loaded and initialised before a snapshot.
     * Creates nothing random.
     */
    public void prime() {
        TokenVerifier primed = verifier();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + signingKey().keyId()
                + "\",\"typ\":\"at+jwt\"}").getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString("{}".getBytes(StandardCharsets.UTF_8));
        String signature = base64.encodeToString(new byte[256]);
        try {
            primed.verify(header + "." + payload + "." + signature, TokenUse.ACCESS);
        } catch (TokenRejected expected) {
            // The point was the code path, not the answer.
        }
        if (revocations != null) {
            revocations.prime();
        }
    }

    @Override
    public void close() {
        publicKeys.close();
        if (revocations != null) {
            revocations.close();
        }
        if (http.isBuilt()) {
            http.get().close();
        }
    }

    /**
     * Where the public key comes from: one signed HTTPS request to KMS when the environment holds
     * the function's credentials, as on Lambda ({@link KmsPublicKeyClient}: a cold start without
     * SnapStart then loads no SDK client, about 500 ms less here); otherwise the SDK's KMS client
     * with its default credential chain, built only then, in a class of its own so that the KMS
     * client's classes are not even loaded on the first path.
     */
    private interface PublicKeySource extends AutoCloseable {
        RSAPublicKey publicKey(String keyId);

        @Override
        void close();

        static PublicKeySource create(CognateConfig config, Clock clock, Lazy<SdkHttpClient> http,
                                      List<ExecutionInterceptor> interceptors) {
            return KmsPublicKeyClient.fromEnvironment(config.region(), config.kmsEndpoint(), System.getenv(), clock)
                    .<PublicKeySource>map(client -> new PublicKeySource() {
                        @Override
                        public RSAPublicKey publicKey(String keyId) {
                            return client.publicKey(keyId);
                        }

                        @Override
                        public void close() {
                        }
                    })
                    .orElseGet(() -> SdkPublicKeys.create(config, http.get(), interceptors));
        }
    }

    private record SdkPublicKeys(KmsClient kms) implements PublicKeySource {
        static SdkPublicKeys create(CognateConfig config, SdkHttpClient http, List<ExecutionInterceptor> interceptors) {
            var builder = KmsClient.builder().region(Region.of(config.region())).httpClient(http)
                    .overrideConfiguration(c -> c.executionInterceptors(interceptors));
            config.kmsEndpoint().ifPresent(builder::endpointOverride);
            return new SdkPublicKeys(builder.build());
        }

        @Override
        public RSAPublicKey publicKey(String keyId) {
            return new KmsTokenSigner(kms, keyId).publicKey();
        }

        @Override
        public void close() {
            kms.close();
        }
    }

    /**
     * The opt-in revocation check. Its DynamoDB client lives in a Lambda layer added only when
     * the check is switched on, so this class is touched only then.
     */
    private interface RevocationWiring extends AutoCloseable {
        RevocationCheck check();

        void prime();

        @Override
        void close();

        static RevocationWiring create(CognateConfig config, SdkHttpClient http,
                                       List<ExecutionInterceptor> interceptors) {
            try {
                Class.forName("software.amazon.awssdk.services.dynamodb.DynamoDbClient", false,
                        VerifierServices.class.getClassLoader());
            } catch (ClassNotFoundException missing) {
                throw new IllegalStateException(AuthorizerConfig.CHECK_REVOCATION + " is true but the DynamoDB "
                        + "client is not on the classpath: deploy with the revocation-check layer "
                        + "(template parameter AuthorizerRevocationCheck=true)");
            }
            return DynamoDbRevocationWiring.create(config, http, interceptors);
        }
    }

    private record DynamoDbRevocationWiring(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo,
                                            DynamoDbRevocations revocations) implements RevocationWiring {
        static DynamoDbRevocationWiring create(CognateConfig config, SdkHttpClient http,
                                               List<ExecutionInterceptor> interceptors) {
            var builder = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                    .region(Region.of(config.region())).httpClient(http)
                    .overrideConfiguration(c -> c.executionInterceptors(interceptors));
            config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
            var dynamo = builder.build();
            return new DynamoDbRevocationWiring(dynamo,
                    new DynamoDbRevocations(dynamo, config.sessionsTable(), config.region()));
        }

        @Override
        public RevocationCheck check() {
            return new io.cognate.domain.sessions.SessionRevocations(revocations);
        }

        @Override
        public void prime() {
            revocations.lastSignOut("priming");
        }

        @Override
        public void close() {
            dynamo.close();
        }
    }
}
