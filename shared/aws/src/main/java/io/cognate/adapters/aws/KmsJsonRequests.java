package io.cognate.adapters.aws;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.cognate.domain.admin.SignatureV4;
import io.cognate.domain.admin.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One KMS operation over KMS's JSON protocol, as a single HTTP POST signed with SigV4 here: what
 * {@link KmsPublicKeyClient} (the token-verifier's only KMS call, which must load no SDK class)
 * and {@link KmsSignRequests} (identity-api's token signing, without the SDK's request pipeline)
 * both send. The request is the one the SDK sends, signed as its SigV4 signer signs it (both
 * classes' tests hold that), and tried as the SDK's standard retry mode tries it: up to three times
 * when KMS throttles, answers 5xx or the connection fails, and not again for any other answer.
 * The callers turn a final answer into their own result or exception.
 */
final class KmsJsonRequests {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_ATTEMPTS = 3;
    /** The SDK's URL-connection client's defaults. */
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final Duration BASE_BACKOFF = Duration.ofMillis(100);
    /** The headers the SDK's SigV4 signer signs on these requests. */
    private static final List<String> SIGNED_HEADERS = List.of("content-type", "host", "x-amz-content-sha256",
            "x-amz-date", "x-amz-security-token", "x-amz-target");
    private static final List<String> SIGNED_HEADERS_WITHOUT_TOKEN = List.of("content-type", "host",
            "x-amz-content-sha256", "x-amz-date", "x-amz-target");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Commercial, China and GovCloud regions: the partitions whose KMS endpoints {@link #endpointOf} writes. */
    private static final Pattern KNOWN_PARTITION_REGION = Pattern.compile("(cn-|us-gov-)?[a-z]{2}-[a-z]+-\\d+");

    /** The caller's credentials; the secret never reaches a log line. */
    record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + "]";
        }
    }

    /** Sleeps between attempts; a test passes one that does not. */
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    /** KMS's last answer: a 200, a refusal not worth retrying, or the last of {@link #MAX_ATTEMPTS}. */
    record Answer(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        /** KMS's {@code __type}, without its namespace, or empty. */
        String errorType() {
            try {
                String type = JSONObjectUtils.getString(JSONObjectUtils.parse(body), "__type");
                return type == null ? "" : type.substring(type.lastIndexOf('#') + 1);
            } catch (ParseException | RuntimeException unreadable) {
                return "";
            }
        }

        /** KMS's message (JSON {@code message} or {@code Message}), or null. */
        String errorMessage() {
            try {
                var object = JSONObjectUtils.parse(body);
                String message = JSONObjectUtils.getString(object, "message");
                return message != null ? message : JSONObjectUtils.getString(object, "Message");
            } catch (ParseException | RuntimeException unreadable) {
                return null;
            }
        }

        private boolean retryable() {
            return status >= 500 || status == 429 || errorType().contains("Throttling");
        }
    }

    /** The day's signing key of one secret: four HMACs saved on every call but the day's first. */
    private record DayKey(String date, String secret, byte[] key) {
    }

    private final String region;
    private final URI endpoint;
    private final URL url;
    private final String host;
    private final String target;
    private final Clock clock;
    private final Backoff backoff;
    private volatile DayKey dayKey;

    KmsJsonRequests(String region, URI endpoint, String target, Clock clock, Backoff backoff) {
        this.region = region;
        this.endpoint = endpoint;
        try {
            this.url = endpoint.resolve("/").toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a KMS endpoint: " + endpoint, e);
        }
        this.host = host(endpoint);
        this.target = target;
        this.clock = clock;
        this.backoff = backoff;
    }

    /** KMS's regional endpoint, as the SDK's endpoint rules give it for these partitions. */
    static Optional<URI> endpointOf(String region) {
        if (!KNOWN_PARTITION_REGION.matcher(region).matches()) {
            return Optional.empty();
        }
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return Optional.of(URI.create("https://kms." + region + "." + suffix));
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code body}, with credentials asked at each attempt (a provider may refresh them), and
     * returns KMS's last answer; throws when the last attempt could not connect or read, or when
     * interrupted between attempts ({@link InterruptedIOException}, the thread's flag set again).
     */
    Answer call(byte[] body, Supplier<Credentials> credentials) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = send(body, credentials.get());
            } catch (IOException failed) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw failed;
                }
                pause(attempt);
                continue;
            }
            if (answer.ok() || !answer.retryable() || attempt >= MAX_ATTEMPTS) {
                return answer;
            }
            pause(attempt);
        }
    }

    private Answer send(byte[] body, Credentials credentials) throws IOException {
        Map<String, String> headers = signedHeaders(body, credentials);
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
    Map<String, String> signedHeaders(byte[] body, Credentials credentials) {
        String amzDate = AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        Optional<String> sessionToken = credentials.sessionToken();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", CONTENT_TYPE);
        String payloadHash = SignatureV4.sha256Hex(body);
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        sessionToken.ifPresent(token -> headers.put("x-amz-security-token", token));
        headers.put("x-amz-target", target);
        List<String> signed = sessionToken.isPresent() ? SIGNED_HEADERS : SIGNED_HEADERS_WITHOUT_TOKEN;
        String canonical = SignatureV4.canonicalRequest(new SignedRequest("POST", "/", "", headers, body), signed,
                payloadHash);
        String scope = date + "/" + region + "/kms/" + SignatureV4.TERMINATOR;
        String signature = HexFormat.of().formatHex(SignatureV4.signature(
                signingKey(date, credentials.secretAccessKey()), SignatureV4.stringToSign(amzDate, scope, canonical)));
        headers.put("authorization", SignatureV4.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
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

    private void pause(int attempt) throws InterruptedIOException {
        try {
            backoff.pause(BASE_BACKOFF.multipliedBy(1L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            var interrupted = new InterruptedIOException("interrupted while waiting to call KMS again");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** {@code text} as the inside of a JSON string. */
    static String jsonEscape(String text) {
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
