package io.cognate.adapters.aws;

import io.cognate.domain.json.StrictJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * KMS's {@code GetPublicKey}, and nothing else, over one HTTPS request signed with SigV4: the
 * token-verifier's only KMS call, made without the SDK's KMS client. Building that client and
 * making the call through it loads about 1,800 classes, some 500 ms of a cold start without
 * SnapStart on these machines; this loads a few dozen (docs/performance.md, "Cold starts of the
 * three functions"). Used only where the function's environment holds its credentials, as Lambda's
 * always does ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN})
 * and the region is in one of the partitions whose KMS endpoint is known here; elsewhere the SDK's
 * client, with its whole credential chain, stays in use ({@link #fromEnvironment}).
 *
 * <p>The call is sent and retried as the SDK's standard retry mode does by {@link KmsJsonRequests}.
 */
public final class KmsPublicKeyClient {
    static final String TARGET = "TrentService.GetPublicKey";
    static final String CONTENT_TYPE = KmsJsonRequests.CONTENT_TYPE;
    static final int MAX_ATTEMPTS = KmsJsonRequests.MAX_ATTEMPTS;

    private final KmsJsonRequests requests;
    private final SigV4JsonRequests.Credentials credentials;

    KmsPublicKeyClient(String region, URI endpoint, SigV4JsonRequests.Credentials credentials, Clock clock,
                       KmsJsonRequests.Backoff backoff) {
        this.requests = new KmsJsonRequests(region, endpoint, TARGET, clock, backoff);
        this.credentials = credentials;
    }

    /**
     * The client for {@code region} with the credentials {@code env} holds, or empty when it holds
     * none or the region's KMS endpoint is not known here (the caller then uses the SDK's client).
     */
    public static Optional<KmsPublicKeyClient> fromEnvironment(String region, Optional<URI> endpointOverride,
                                                               Map<String, String> env, Clock clock) {
        String accessKeyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (accessKeyId == null || accessKeyId.isBlank() || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Optional<URI> endpoint = endpointOverride.or(() -> KmsJsonRequests.endpointOf(region));
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        var credentials = new SigV4JsonRequests.Credentials(accessKeyId, secret,
                Optional.ofNullable(env.get("AWS_SESSION_TOKEN")).filter(token -> !token.isBlank()));
        return Optional.of(new KmsPublicKeyClient(region, endpoint.get(), credentials, clock, Thread::sleep));
    }

    public URI endpoint() {
        return requests.endpoint();
    }

    /** The public half of {@code keyId}, which must be an RSA key. */
    public RSAPublicKey publicKey(String keyId) {
        byte[] body = body(keyId);
        KmsJsonRequests.Answer answer;
        try {
            answer = requests.call(body, () -> credentials);
        } catch (IOException failed) {
            throw new IllegalStateException("KMS GetPublicKey of " + keyId + " failed after " + MAX_ATTEMPTS
                    + " attempts: " + failed.getClass().getSimpleName(), failed);
        }
        if (answer.ok()) {
            return rsaKey(keyId, answer.body());
        }
        String type = answer.errorType();
        throw new IllegalStateException("KMS GetPublicKey of " + keyId + " answered HTTP " + answer.status()
                + (type.isEmpty() ? "" : " " + type));
    }

    /** The request's headers, {@code authorization} included, for {@code body} at the clock's time. */
    Map<String, String> signedHeaders(byte[] body) {
        return requests.signedHeaders(body, credentials);
    }

    /** The request body the SDK's KMS client sends for {@code GetPublicKey} of {@code keyId}. */
    static byte[] body(String keyId) {
        return ("{\"KeyId\":\"" + SigV4JsonRequests.jsonEscape(keyId) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The RSA key of a {@code GetPublicKey} answer. */
    static RSAPublicKey rsaKey(String keyId, String json) {
        try {
            String publicKey = StrictJson.parseObject(json).get("PublicKey") instanceof String text ? text : null;
            if (publicKey == null) {
                throw new IllegalStateException("KMS GetPublicKey of " + keyId + " answered without a PublicKey");
            }
            byte[] der = Base64.getDecoder().decode(publicKey);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (ParseException | IllegalArgumentException e) {
            throw new IllegalStateException("KMS GetPublicKey of " + keyId + " answered with an unreadable body", e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("KMS key " + keyId + " is not an RSA signing key", e);
        }
    }
}
