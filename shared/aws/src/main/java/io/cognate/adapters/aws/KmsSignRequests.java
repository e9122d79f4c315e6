package io.cognate.adapters.aws;

import io.cognate.domain.json.StrictJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * KMS's {@code Sign} of a SHA-256 digest (RSASSA_PKCS1_V1_5_SHA_256), as one HTTP POST signed with
 * SigV4 here, without the SDK client's request pipeline: every password sign-in signs two tokens,
 * and through the SDK each {@code Sign} ran auth-scheme and identity resolution, endpoint rules,
 * interceptors, user-agent and metric stages and the JSON protocol marshaller on the function's
 * thread (docs/performance.md, "Sign-in overhead", 2026-12-02 evening). The request is the one the
 * SDK sends, signed as its SigV4 signer signs it ({@code KmsSignRequestsTest}).
 *
 * <p>The credentials are the SDK KMS client's own provider's, asked again at most once a second
 * ({@link ResolvedCredentials}; the provider caches and refreshes them: on Lambda with SnapStart
 * they come from the container endpoint, not the environment), and the endpoint its override or
 * KMS's regional endpoint in the partitions {@link KmsJsonRequests#endpointOf} knows; elsewhere
 * {@link #of} gives nothing and the SDK's client signs. The call is sent and retried by
 * {@link KmsJsonRequests}; a refusal is thrown as the SDK would throw it ({@link KmsException}
 * with KMS's error code, {@link SdkClientException} for a failed connection).
 * Not an X-Ray subsegment: the SDK's tracing interceptor does not see it.
 */
public final class KmsSignRequests {
    static final String TARGET = "TrentService.Sign";
    static final String CONTENT_TYPE = KmsJsonRequests.CONTENT_TYPE;
    static final int MAX_ATTEMPTS = KmsJsonRequests.MAX_ATTEMPTS;

    private final KmsJsonRequests requests;
    private final KmsJsonRequests publicKeyRequests;
    private final ResolvedCredentials credentials;
    private final List<DirectCallObserver> observers;

    KmsSignRequests(String region, URI endpoint, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                    Clock clock, KmsJsonRequests.Backoff backoff, List<DirectCallObserver> observers) {
        this.requests = new KmsJsonRequests(region, endpoint, TARGET, clock, backoff);
        this.publicKeyRequests = new KmsJsonRequests(region, endpoint, KmsPublicKeyClient.TARGET, clock, backoff);
        this.credentials = new ResolvedCredentials(credentials, clock);
        this.observers = List.copyOf(observers);
    }

    /**
     * Signing through {@code kms}'s region, endpoint and credentials, or empty when its region's KMS
     * endpoint is not known here and it has no override (the SDK's endpoint rules then decide).
     */
    public static Optional<KmsSignRequests> of(KmsClient kms, List<DirectCallObserver> observers, Clock clock) {
        var configuration = kms.serviceClientConfiguration();
        if (configuration.credentialsProvider() == null) {
            return Optional.empty();
        }
        return of(configuration.region().id(), configuration.endpointOverride(), configuration.credentialsProvider(),
                observers, clock);
    }

    /**
     * Signing in {@code region} through {@code endpointOverride} or KMS's regional endpoint, or
     * empty when neither is known here (the SDK's endpoint rules then decide).
     */
    public static Optional<KmsSignRequests> of(String region, Optional<URI> endpointOverride,
                                               IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                               List<DirectCallObserver> observers, Clock clock) {
        return endpointOverride.or(() -> KmsJsonRequests.endpointOf(region)).map(endpoint ->
                new KmsSignRequests(region, endpoint, credentials, clock, Thread::sleep, observers));
    }

    public URI endpoint() {
        return requests.endpoint();
    }

    /** KMS's RSASSA-PKCS1-v1_5 signature of {@code sha256Digest} with {@code keyId}. */
    public byte[] signDigest(String keyId, byte[] sha256Digest) {
        return signature(call(requests, "Sign", body(keyId, sha256Digest)).body());
    }

    /**
     * The public half of {@code keyId} ({@code GetPublicKey}, the request {@link KmsPublicKeyClient}
     * sends), through the same endpoint and credentials: the SDK client's first call would load its
     * whole pipeline during identity-api's first sign-in (docs/performance.md, "Cold starts: DynamoDB,
     * KMS and metrics without the SDK's pipeline").
     */
    public RSAPublicKey publicKey(String keyId) {
        return KmsPublicKeyClient.rsaKey(keyId, call(publicKeyRequests, "GetPublicKey",
                KmsPublicKeyClient.body(keyId)).body());
    }

    /** KMS's 200 answer to {@code body}; anything else thrown as the SDK would throw it. */
    private KmsJsonRequests.Answer call(KmsJsonRequests to, String operation, byte[] body) {
        observers.forEach(observer -> observer.directCall("Kms", operation));
        KmsJsonRequests.Answer answer;
        try {
            answer = to.call(body, credentials::get);
        } catch (IOException failed) {
            String why = failed instanceof InterruptedIOException ? "interrupted between attempts"
                    : "failed after " + MAX_ATTEMPTS + " attempts";
            throw SdkClientException.builder().message("KMS " + operation + " " + why + ": "
                    + failed.getClass().getSimpleName()).cause(failed).build();
        }
        if (answer.ok()) {
            return answer;
        }
        String type = answer.errorType();
        throw KmsException.builder().statusCode(answer.status())
                .message("KMS " + operation + " answered HTTP " + answer.status() + (type.isEmpty() ? "" : " " + type))
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Kms").errorCode(type)
                        .errorMessage(answer.errorMessage()).build())
                .build();
    }

    /** The request body the SDK's KMS client sends for the same {@code Sign}. */
    static byte[] body(String keyId, byte[] sha256Digest) {
        return ("{\"KeyId\":\"" + SigV4JsonRequests.jsonEscape(keyId) + "\",\"Message\":\""
                + Base64.getEncoder().encodeToString(sha256Digest)
                + "\",\"MessageType\":\"DIGEST\",\"SigningAlgorithm\":\"RSASSA_PKCS1_V1_5_SHA_256\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The request's headers, {@code authorization} included, for {@code body} at the clock's time. */
    Map<String, String> signedHeaders(byte[] body, AwsCredentialsIdentity identity) {
        return requests.signedHeaders(body, ResolvedCredentials.of(identity));
    }

    private static byte[] signature(String json) {
        try {
            String signature = StrictJson.parseObject(json).get("Signature") instanceof String text ? text : null;
            if (signature == null) {
                throw SdkClientException.create("KMS Sign answered without a Signature");
            }
            return Base64.getDecoder().decode(signature);
        } catch (ParseException | IllegalArgumentException e) {
            throw SdkClientException.builder().message("KMS Sign answered with an unreadable body").cause(e).build();
        }
    }
}
