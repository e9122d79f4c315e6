package io.cognate.verifier;

import io.cognate.adapters.aws.DynamoDbRevocations;
import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.config.Lazy;
import io.cognate.domain.tokens.RevocationCheck;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenRejected;
import io.cognate.domain.tokens.TokenUse;
import io.cognate.domain.tokens.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What the token-verifier function needs, and nothing more: a KMS client for one
 * {@code GetPublicKey} per execution environment, the verifier built from that key, and, only
 * when revocation checks are switched on, a DynamoDB client for the Sessions table.
 *
 * <p>It uses the SDK's URL-connection HTTP client rather than the CRT client the other
 * functions use: this function makes one KMS call per environment (before the SnapStart
 * snapshot), and the CRT's native libraries alone would take 4.6 MB of its 8 MB jar budget
 * (docs/performance.md has the measurements).
 */
public final class VerifierServices implements AutoCloseable {
    private final CognateConfig config;
    private final AuthorizerConfig authorizer;
    private final Clock clock;
    private final SdkHttpClient http;
    private final KmsClient kms;
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
        this.http = UrlConnectionHttpClient.create();
        var kmsBuilder = KmsClient.builder().region(Region.of(config.region())).httpClient(http)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors));
        config.kmsEndpoint().ifPresent(kmsBuilder::endpointOverride);
        this.kms = kmsBuilder.build();
        this.revocations = authorizer.checkRevocation() ? RevocationWiring.create(config, http, interceptors) : null;
        this.signingKey = Lazy.of(() -> SigningKey.of(new KmsTokenSigner(kms, config.signingKeyId()).publicKey()));
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
                .cacheCapacity(authorizer.cacheSize());
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
        kms.close();
        if (revocations != null) {
            revocations.close();
        }
        http.close();
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
