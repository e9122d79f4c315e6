package io.cognate.adapters.aws;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.admin.SignatureV4;
import io.cognate.domain.admin.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
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
import java.util.regex.Pattern;

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
 * <p>Like the SDK's standard retry mode, a call is tried up to three times when KMS throttles,
 * answers 5xx or the connection fails, and not again for any other answer.
 */
public final class KmsPublicKeyClient {
    static final String TARGET = "TrentService.GetPublicKey";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_ATTEMPTS = 3;
    /** The SDK's URL-connection client's defaults. */
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final Duration BASE_BACKOFF = Duration.ofMillis(100);
    /** The headers the SDK's SigV4 signer signs on this request (KmsPublicKeyClientTest holds them equal). */
    private static final List<String> SIGNED_HEADERS = List.of("content-type", "host", "x-amz-content-sha256",
            "x-amz-date", "x-amz-security-token", "x-amz-target");
    private static final List<String> SIGNED_HEADERS_WITHOUT_TOKEN = List.of("content-type", "host",
            "x-amz-content-sha256", "x-amz-date", "x-amz-target");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Commercial, China and GovCloud regions: the partitions whose KMS endpoints are written below. */
    private static final Pattern KNOWN_PARTITION_REGION = Pattern.compile("(cn-|us-gov-)?[a-z]{2}-[a-z]+-\\d+");

    /** The function's credentials; the secret never reaches a log line. */
    public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + "]";
        }
    }

    /** Sleeps between attempts; a test passes one that does not. */
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    private final String region;
    private final URI endpoint;
    private final Credentials credentials;
    private final Clock clock;
    private final Backoff backoff;

    KmsPublicKeyClient(String region, URI endpoint, Credentials credentials, Clock clock, Backoff backoff) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.clock = clock;
        this.backoff = backoff;
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
        Optional<URI> endpoint = endpointOverride.or(() -> endpointOf(region));
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        var credentials = new Credentials(accessKeyId, secret,
                Optional.ofNullable(env.get("AWS_SESSION_TOKEN")).filter(token -> !token.isBlank()));
        return Optional.of(new KmsPublicKeyClient(region, endpoint.get(), credentials, clock, Thread::sleep));
    }

    /** KMS's regional endpoint, as the SDK's endpoint rules give it for these partitions. */
    static Optional<URI> endpointOf(String region) {
        if (!KNOWN_PARTITION_REGION.matcher(region).matches()) {
            return Optional.empty();
        }
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return Optional.of(URI.create("https://kms." + region + "." + suffix));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The public half of {@code keyId}, which must be an RSA key. */
    public RSAPublicKey publicKey(String keyId) {
        byte[] body = ("{\"KeyId\":\"" + jsonEscape(keyId) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = send(body);
            } catch (IOException failed) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("KMS GetPublicKey of " + keyId + " failed after " + attempt
                            + " attempts: " + failed.getClass().getSimpleName(), failed);
                }
                pause(attempt);
                continue;
            }
            if (answer.status() == 200) {
                return rsaKey(keyId, answer.body());
            }
            String type = errorType(answer.body());
            boolean retryable = answer.status() >= 500 || answer.status() == 429 || type.contains("Throttling");
            if (!retryable || attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException("KMS GetPublicKey of " + keyId + " answered HTTP " + answer.status()
                        + (type.isEmpty() ? "" : " " + type));
            }
            pause(attempt);
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer send(byte[] body) throws IOException {
        Map<String, String> headers = signedHeaders(body);
        // Keep-alive is left to the JDK: this is one call per execution environment.
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
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
    Map<String, String> signedHeaders(byte[] body) {
        String amzDate = AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", CONTENT_TYPE);
        String payloadHash = SignatureV4.sha256Hex(body);
        headers.put("host", host());
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        credentials.sessionToken().ifPresent(token -> headers.put("x-amz-security-token", token));
        headers.put("x-amz-target", TARGET);
        List<String> signed = credentials.sessionToken().isPresent() ? SIGNED_HEADERS : SIGNED_HEADERS_WITHOUT_TOKEN;
        String canonical = SignatureV4.canonicalRequest(new SignedRequest("POST", "/", "", headers, body), signed,
                payloadHash);
        String scope = date + "/" + region + "/kms/" + SignatureV4.TERMINATOR;
        byte[] key = SignatureV4.signingKey(credentials.secretAccessKey(), date, region, "kms");
        String signature = HexFormat.of().formatHex(SignatureV4.signature(key,
                SignatureV4.stringToSign(amzDate, scope, canonical)));
        headers.put("authorization", SignatureV4.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature);
        return headers;
    }

    /** The Host header as the HTTP client sends it: the port only when it is not the scheme's default. */
    private String host() {
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
            throw new IllegalStateException("interrupted while waiting to call KMS again", e);
        }
    }

    private static RSAPublicKey rsaKey(String keyId, String json) {
        try {
            String publicKey = JSONObjectUtils.getString(JSONObjectUtils.parse(json), "PublicKey");
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

    /** KMS's {@code __type}, without its namespace, or empty. */
    private static String errorType(String json) {
        try {
            String type = JSONObjectUtils.getString(JSONObjectUtils.parse(json), "__type");
            return type == null ? "" : type.substring(type.lastIndexOf('#') + 1);
        } catch (ParseException | RuntimeException unreadable) {
            return "";
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
