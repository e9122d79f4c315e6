package io.cognate.adapters.aws;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.admin.SignatureV4;
import io.cognate.domain.admin.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
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
 * <p>The credentials are the SDK KMS client's own provider's, asked at each call (it caches and
 * refreshes them: on Lambda with SnapStart they come from the container endpoint, not the
 * environment), and the endpoint its override or KMS's regional endpoint in the partitions
 * {@link KmsPublicKeyClient#endpointOf} knows; elsewhere {@link #of} gives nothing and the SDK's
 * client signs. As the SDK's standard retry mode does, a call is tried up to three times when KMS
 * throttles, answers 5xx or the connection fails; a refusal is thrown as the SDK would throw it
 * ({@link KmsException} with KMS's error code, {@link SdkClientException} for a failed connection).
 * Not an X-Ray subsegment: the SDK's tracing interceptor does not see it.
 */
public final class KmsSignRequests {
    static final String TARGET = "TrentService.Sign";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_ATTEMPTS = 3;
    /** The SDK's URL-connection client's defaults. */
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final Duration BASE_BACKOFF = Duration.ofMillis(100);
    /** The headers the SDK's SigV4 signer signs on this request (KmsSignRequestsTest holds them equal). */
    private static final List<String> SIGNED_HEADERS = List.of("content-type", "host", "x-amz-content-sha256",
            "x-amz-date", "x-amz-security-token", "x-amz-target");
    private static final List<String> SIGNED_HEADERS_WITHOUT_TOKEN = List.of("content-type", "host",
            "x-amz-content-sha256", "x-amz-date", "x-amz-target");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Sleeps between attempts; a test passes one that does not. */
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    /** The day's signing key of one secret: four HMACs saved on every call but the day's first. */
    private record DayKey(String date, String secret, byte[] key) {
    }

    private final String region;
    private final URI endpoint;
    private final URL url;
    private final String host;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Clock clock;
    private final Backoff backoff;
    private final List<DirectCallObserver> observers;
    private volatile DayKey dayKey;

    KmsSignRequests(String region, URI endpoint, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                    Clock clock, Backoff backoff, List<DirectCallObserver> observers) {
        this.region = region;
        this.endpoint = endpoint;
        try {
            this.url = endpoint.resolve("/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("not a KMS endpoint: " + endpoint, e);
        }
        this.host = host(endpoint);
        this.credentials = credentials;
        this.clock = clock;
        this.backoff = backoff;
        this.observers = List.copyOf(observers);
    }

    /**
     * Signing through {@code kms}'s region, endpoint and credentials, or empty when its region's KMS
     * endpoint is not known here and it has no override (the SDK's endpoint rules then decide).
     */
    public static Optional<KmsSignRequests> of(KmsClient kms, List<DirectCallObserver> observers, Clock clock) {
        var configuration = kms.serviceClientConfiguration();
        String region = configuration.region().id();
        Optional<URI> endpoint = configuration.endpointOverride().or(() -> KmsPublicKeyClient.endpointOf(region));
        if (endpoint.isEmpty() || configuration.credentialsProvider() == null) {
            return Optional.empty();
        }
        return Optional.of(new KmsSignRequests(region, endpoint.get(), configuration.credentialsProvider(), clock,
                Thread::sleep, observers));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** KMS's RSASSA-PKCS1-v1_5 signature of {@code sha256Digest} with {@code keyId}. */
    public byte[] signDigest(String keyId, byte[] sha256Digest) {
        byte[] body = body(keyId, sha256Digest);
        observers.forEach(observer -> observer.directCall("Kms", "Sign"));
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = send(body);
            } catch (IOException failed) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw SdkClientException.builder().message("KMS Sign failed after " + attempt + " attempts: "
                            + failed.getClass().getSimpleName()).cause(failed).build();
                }
                pause(attempt);
                continue;
            }
            if (answer.status() == 200) {
                return signature(answer.body());
            }
            String type = errorType(answer.body());
            boolean retryable = answer.status() >= 500 || answer.status() == 429 || type.contains("Throttling");
            if (!retryable || attempt >= MAX_ATTEMPTS) {
                throw KmsException.builder().statusCode(answer.status())
                        .message("KMS Sign answered HTTP " + answer.status() + (type.isEmpty() ? "" : " " + type))
                        .awsErrorDetails(AwsErrorDetails.builder().serviceName("Kms").errorCode(type)
                                .errorMessage(errorMessage(answer.body())).build())
                        .build();
            }
            pause(attempt);
        }
    }

    /** The request body the SDK's KMS client sends for the same {@code Sign}. */
    static byte[] body(String keyId, byte[] sha256Digest) {
        return ("{\"KeyId\":\"" + jsonEscape(keyId) + "\",\"Message\":\"" + Base64.getEncoder().encodeToString(sha256Digest)
                + "\",\"MessageType\":\"DIGEST\",\"SigningAlgorithm\":\"RSASSA_PKCS1_V1_5_SHA_256\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private record Answer(int status, String body) {
    }

    private Answer send(byte[] body) throws IOException {
        Map<String, String> headers = signedHeaders(body, credentials.resolveIdentity().join());
        // The JDK keeps the connection alive between calls, as the SDK's URL-connection client does.
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        headers.forEach((name, value) -> {
            if (!"host".equals(name)) {
                connection.setRequestProperty(name, value);
            }
        });
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return new Answer(status, "");
        }
        try (in) {
            return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The request's headers, {@code authorization} included, for {@code body} at the clock's time. */
    Map<String, String> signedHeaders(byte[] body, AwsCredentialsIdentity identity) {
        String amzDate = AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        Optional<String> sessionToken = identity instanceof AwsSessionCredentialsIdentity session
                ? Optional.of(session.sessionToken()) : Optional.empty();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", CONTENT_TYPE);
        String payloadHash = SignatureV4.sha256Hex(body);
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        sessionToken.ifPresent(token -> headers.put("x-amz-security-token", token));
        headers.put("x-amz-target", TARGET);
        List<String> signed = sessionToken.isPresent() ? SIGNED_HEADERS : SIGNED_HEADERS_WITHOUT_TOKEN;
        String canonical = SignatureV4.canonicalRequest(new SignedRequest("POST", "/", "", headers, body), signed,
                payloadHash);
        String scope = date + "/" + region + "/kms/" + SignatureV4.TERMINATOR;
        String signature = HexFormat.of().formatHex(SignatureV4.signature(signingKey(date, identity.secretAccessKey()),
                SignatureV4.stringToSign(amzDate, scope, canonical)));
        headers.put("authorization", SignatureV4.ALGORITHM + " Credential=" + identity.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature);
        return headers;
    }

    private byte[] signingKey(String date, String secret) {
        DayKey known = dayKey;
        if (known != null && known.date().equals(date) && known.secret().equals(secret)) {
            return known.key();
        }
        byte[] key = SignatureV4.signingKey(secret, date, region, "kms");
        dayKey = new DayKey(date, secret, key);
        return key;
    }

    /** The Host header as the HTTP client sends it: the port only when it is not the scheme's default. */
    private static String host(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("https".equals(endpoint.getScheme()) && port == 443)
                || ("http".equals(endpoint.getScheme()) && port == 80);
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    private void pause(int attempt) {
        try {
            backoff.pause(BASE_BACKOFF.multipliedBy(1L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted while waiting to call KMS again").cause(e).build();
        }
    }

    private static byte[] signature(String json) {
        try {
            String signature = JSONObjectUtils.getString(JSONObjectUtils.parse(json), "Signature");
            if (signature == null) {
                throw SdkClientException.create("KMS Sign answered without a Signature");
            }
            return Base64.getDecoder().decode(signature);
        } catch (ParseException | IllegalArgumentException e) {
            throw SdkClientException.builder().message("KMS Sign answered with an unreadable body").cause(e).build();
        }
    }

    /** KMS's {@code __type}, without its namespace, or empty. */
    private static String errorType(String json) {
        try {
            String type = JSONObjectUtils.getString(JSONObjectUtils.parse(json), "__type");
            return type == null ? "" : type.substring(type.lastIndexOf('#') + 1);
        } catch (ParseException | RuntimeException unreadable) {
            return "";
        }
    }

    private static String errorMessage(String json) {
        try {
            var object = JSONObjectUtils.parse(json);
            String message = JSONObjectUtils.getString(object, "message");
            return message != null ? message : JSONObjectUtils.getString(object, "Message");
        } catch (ParseException | RuntimeException unreadable) {
            return null;
        }
    }

    private static String jsonEscape(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
