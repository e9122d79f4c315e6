package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.cognate.adapters.crypto.PlatformRs256Checks;
import io.cognate.bench.rsa.MontgomeryRs256Key;
import io.cognate.config.AuthorizerConfig;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.sessions.SessionIds;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.domain.tokens.Rs256Check;
import io.cognate.domain.tokens.Rs256Checks;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.testing.LocalRsaSigner;
import io.cognate.verifier.HttpApiAuthorizerHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The token-verifier's authorizer, one thread (one core): verifications per second for fresh
 * tokens (each one new to the verified-token cache) and for a repeated token (served from the
 * cache), beside the raw JCA RS256 verify the fresh path is built on, measured in the same run.
 *
 * <p>Both authorizer benchmarks go through {@link HttpApiAuthorizerHandler#handleRequest}: the
 * Bearer header parsed, route rules looked up, the token verified, the claims context built.
 * Each call gets a new header string made from bytes, as each Lambda invocation deserializes one.
 * Fresh tokens cycle through {@value #POOL} distinct tokens in front of a 256-entry LRU cache,
 * so every call misses and pays the cache's look-up, insert and eviction too.
 *
 * <p>Two modes: throughput (operations per microsecond; times 10⁶ for per second), and sampled
 * time per operation, whose median stays close to the undisturbed cost on a machine other
 * work shares (a preempted operation lands in the upper percentiles instead of dragging the
 * mean), so per-core rates are also read as 1 / p50.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 2)
public class TokenVerificationBench {
    static final int POOL = 1024;
    private static final String ISSUER = "https://auth.example.com";

    private RSAPublicKey publicKey;
    private byte[] signingInput;
    private byte[] signature;
    private Signature reusedSignature;
    private MontgomeryRs256Key montgomeryKey;
    private MessageDigest sha256;
    private HttpApiAuthorizerHandler freshAuthorizer;
    private HttpApiAuthorizerHandler freshAuthorizerJca;
    private Rs256Check platformCheck;
    private HttpApiAuthorizerHandler repeatedAuthorizer;
    private APIGatewayV2CustomAuthorizerEvent[] freshEvents;
    private byte[][] freshHeaders;
    private APIGatewayV2CustomAuthorizerEvent repeatedEvent;
    private String repeatedHeader;
    private byte[] repeatedHeaderBytes;
    private RSASSAVerifier nimbusVerifier;
    private int next;

    @Setup
    public void setUp() throws GeneralSecurityException {
        LocalRsaSigner signer = LocalRsaSigner.withNewKey();
        publicKey = signer.publicKey();
        Clock clock = Clock.systemUTC();
        TokenIssuer issuer = new TokenIssuer(ISSUER, signer, clock);
        AppClient client = new AppClient("1h2kq7f9sd0mqt3bq0b1g4vlqe", "web", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                Duration.ofHours(2), Duration.ofHours(2), Duration.ofDays(30));
        Instant now = clock.instant();
        AuthorizerConfig config = AuthorizerConfig.from(Map.of(
                AuthorizerConfig.CLIENT_IDS, client.clientId(),
                AuthorizerConfig.ROUTES, "{\"GET /orders\": {\"tokenUse\": \"access\"}}"));

        freshEvents = new APIGatewayV2CustomAuthorizerEvent[POOL];
        for (int i = 0; i < POOL; i++) {
            User user = new User(java.util.UUID.randomUUID().toString(), Username.of("user-" + i), UserStatus.CONFIRMED, true,
                    Map.of("email", "user-" + i + "@example.com"), "$argon2id$x", Optional.empty(), now, now);
            String token = issuer.issue(user, client, now, SessionIds.next(now)).accessToken();
            freshEvents[i] = event("Bearer " + token);
        }
        freshHeaders = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            freshHeaders[i] = freshEvents[i].getHeaders().get("authorization").getBytes(StandardCharsets.ISO_8859_1);
        }
        repeatedHeader = freshEvents[0].getHeaders().get("authorization");
        repeatedHeaderBytes = freshHeaders[0];
        repeatedEvent = event(repeatedHeader);

        String token = repeatedHeader.substring("Bearer ".length());
        int lastDot = token.lastIndexOf('.');
        signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        reusedSignature = Signature.getInstance("SHA256withRSA");
        reusedSignature.initVerify(publicKey);

        montgomeryKey = MontgomeryRs256Key.forKey(publicKey).orElseThrow();
        sha256 = MessageDigest.getInstance("SHA-256");
        nimbusVerifier = new RSASSAVerifier(publicKey);
        SigningKey key = SigningKey.of(publicKey);
        // As the function builds it: libcrypto's RSA where this JVM can call it, else the JDK's.
        Rs256Checks platform = PlatformRs256Checks.choose(null);
        platformCheck = platform.forKey(publicKey);
        freshAuthorizer = new HttpApiAuthorizerHandler(TokenVerifier.builder(ISSUER, clock).key(key)
                .allowedClientIds(config.allowedClientIds()).cacheCapacity(256).signatureChecks(platform).build(), config);
        freshAuthorizerJca = new HttpApiAuthorizerHandler(TokenVerifier.builder(ISSUER, clock).key(key)
                .allowedClientIds(config.allowedClientIds()).cacheCapacity(256).signatureChecks(Rs256Checks.JCA).build(), config);
        repeatedAuthorizer = new HttpApiAuthorizerHandler(TokenVerifier.builder(ISSUER, clock).key(key)
                .allowedClientIds(config.allowedClientIds()).cacheCapacity(4096).build(), config);
        try {
            if (!nimbusSignedJwtFreshToken()) {
                throw new IllegalStateException("Nimbus does not verify the benchmark's tokens");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!authorizerFreshToken() || !authorizerFreshTokenJca() || !authorizerRepeatedToken() || !jcaVerify()
                || !jcaVerifyNewSignatureObject() || !montgomeryVerify() || !platformVerify()) {
            throw new IllegalStateException("the benchmark's tokens do not verify");
        }
    }

    private static APIGatewayV2CustomAuthorizerEvent event(String authorization) {
        var headers = new HashMap<String, String>();
        headers.put("authorization", authorization);
        return APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0").withType("REQUEST")
                .withRouteKey("GET /orders").withHeaders(headers).build();
    }

    /** Raw JCA: SHA256withRSA verify of one token's signing input, on a Signature object kept per thread. */
    @Benchmark
    public boolean jcaVerify() throws GeneralSecurityException {
        reusedSignature.update(signingInput);
        return reusedSignature.verify(signature);
    }

    /**
     * The check the verifier runs for e = 65537 keys, raw: SHA-256 of the signing input and the
     * Montgomery RS256 check ({@link MontgomeryRs256Key}), as {@link #jcaVerify} does with JCA.
     */
    @Benchmark
    public boolean montgomeryVerify() {
        return montgomeryKey.verify(signature, sha256.digest(signingInput));
    }

    /**
     * The check the verifier's fresh path uses here, raw: libcrypto's {@code EVP_PKEY_verify} where
     * this JVM can call it (JDK 22+ with libcrypto 3), else JCA again ({@link #checksInUse}).
     */
    @Benchmark
    public boolean platformVerify() {
        return platformCheck.verify(signingInput, signingInput.length, signature);
    }

    /** "libcrypto" or "jca": which check {@link #platformVerify} and {@link #authorizerFreshToken} use. */
    public static String checksInUse() {
        return PlatformRs256Checks.choose(null).name();
    }

    /** Raw JCA as most code calls it: a new Signature object per verification. */
    @Benchmark
    public boolean jcaVerifyNewSignatureObject() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    /**
     * The same fresh tokens through Nimbus's own path (SignedJWT.parse, RSASSAVerifier, claims),
     * without any of the verifier's rules: what the verifier would cost had it kept that path.
     */
    @Benchmark
    public boolean nimbusSignedJwtFreshToken() throws Exception {
        String header = freshEvents[next++ & (POOL - 1)].getHeaders().get("authorization");
        SignedJWT jwt = SignedJWT.parse(header.substring("Bearer ".length()));
        return jwt.verify(nimbusVerifier) && jwt.getJWTClaimsSet().getExpirationTime() != null;
    }

    /** Fresh tokens through the authorizer as the function builds it (the platform's RSA check). */
    @Benchmark
    public boolean authorizerFreshToken() {
        return freshThrough(freshAuthorizer);
    }

    /** The same with the JDK's RSA ({@code COGNATE_RS256=jca}, or a Java 21 runtime). */
    @Benchmark
    public boolean authorizerFreshTokenJca() {
        return freshThrough(freshAuthorizerJca);
    }

    private boolean freshThrough(HttpApiAuthorizerHandler authorizer) {
        int index = next++ & (POOL - 1);
        APIGatewayV2CustomAuthorizerEvent event = freshEvents[index];
        event.getHeaders().put("authorization", new String(freshHeaders[index], StandardCharsets.ISO_8859_1));
        return authorizer.handleRequest(event, null).getIsAuthorized();
    }

    /**
     * One raw JCA verify and one fresh-token authorization, alternately, each timed: both see the
     * same interference from whatever else runs on the machine, so the ratio of their times holds
     * even where the separately measured scores above drift with the load.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class PairedTimes {
        public long jcaNanos;
        public long freshNanos;

        @Setup(Level.Iteration)
        public void reset() {
            jcaNanos = 0;
            freshNanos = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public boolean pairedJcaThenFreshToken(PairedTimes times) throws GeneralSecurityException {
        long start = System.nanoTime();
        boolean jca = jcaVerify();
        long between = System.nanoTime();
        boolean fresh = authorizerFreshToken();
        long end = System.nanoTime();
        times.jcaNanos += between - start;
        times.freshNanos += end - between;
        return jca & fresh;
    }

    /** {@link #jcaVerify} and {@link #montgomeryVerify} alternately, each timed, as {@link PairedTimes} does. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class PairedRawTimes {
        public long jcaNanos;
        public long montgomeryNanos;

        @Setup(Level.Iteration)
        public void reset() {
            jcaNanos = 0;
            montgomeryNanos = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public boolean pairedJcaThenMontgomery(PairedRawTimes times) throws GeneralSecurityException {
        long start = System.nanoTime();
        boolean jca = jcaVerify();
        long between = System.nanoTime();
        boolean montgomery = montgomeryVerify();
        long end = System.nanoTime();
        times.jcaNanos += between - start;
        times.montgomeryNanos += end - between;
        return jca & montgomery;
    }

    @Benchmark
    public boolean authorizerRepeatedToken() {
        repeatedEvent.getHeaders().put("authorization", new String(repeatedHeaderBytes, StandardCharsets.ISO_8859_1));
        return repeatedAuthorizer.handleRequest(repeatedEvent, null).getIsAuthorized();
    }
}
