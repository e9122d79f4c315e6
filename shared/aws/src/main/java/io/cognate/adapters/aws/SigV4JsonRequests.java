package io.cognate.adapters.aws;

import io.cognate.domain.admin.SignatureV4;
import io.cognate.domain.admin.SignedRequest;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One service's AWS JSON-protocol POSTs, signed with SigV4 here as the SDK's SigV4 signer signs
 * them, and sent through {@link HttpPostClient}: what the calls made without the SDK's client
 * pipeline share ({@link KmsJsonRequests} for KMS, {@link DynamoDbJsonClient} for DynamoDB's item
 * operations). Each caller decides what to retry.
 */
final class SigV4JsonRequests {
    /** The headers the SDK's SigV4 signer signs on these requests. */
    private static final List<String> SIGNED_HEADERS = List.of("content-type", "host", "x-amz-content-sha256",
            "x-amz-date", "x-amz-security-token", "x-amz-target");
    private static final List<String> SIGNED_HEADERS_WITHOUT_TOKEN = List.of("content-type", "host",
            "x-amz-content-sha256", "x-amz-date", "x-amz-target");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Commercial, China and GovCloud regions: the partitions whose endpoints {@link #regionalEndpoint} writes. */
    private static final Pattern KNOWN_PARTITION_REGION = Pattern.compile("(cn-|us-gov-)?[a-z]{2}-[a-z]+-\\d+");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The caller's credentials; the secret never reaches a log line. */
    record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + "]";
        }
    }

    /** The response headers {@link #post} keeps: the error type, the request id and DynamoDB's body checksum. */
    static final List<String> REPLY_HEADERS = List.of("x-amzn-errortype", "x-amzn-requestid", "x-amz-crc32");

    /** The day's signing key of one secret: four HMACs saved on every call but the day's first. */
    private record DayKey(String date, String secret, byte[] key) {
    }

    private final String region;
    private final String signingName;
    private final String contentType;
    private final Clock clock;
    private volatile DayKey dayKey;

    SigV4JsonRequests(String region, String signingName, String contentType, Clock clock) {
        this.region = region;
        this.signingName = signingName;
        this.contentType = contentType;
        this.clock = clock;
    }

    /** The request's headers, {@code authorization} included, for {@code body} at the clock's time. */
    Map<String, String> signedHeaders(String host, String target, byte[] body, Credentials credentials) {
        String amzDate = AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        Optional<String> sessionToken = credentials.sessionToken();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        String payloadHash = SignatureV4.sha256Hex(body);
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        sessionToken.ifPresent(token -> headers.put("x-amz-security-token", token));
        headers.put("x-amz-target", target);
        List<String> signed = sessionToken.isPresent() ? SIGNED_HEADERS : SIGNED_HEADERS_WITHOUT_TOKEN;
        String canonical = SignatureV4.canonicalRequest(new SignedRequest("POST", "/", "", headers, body), signed,
                payloadHash);
        String scope = date + "/" + region + "/" + signingName + "/" + SignatureV4.TERMINATOR;
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
        byte[] key = SignatureV4.signingKey(secret, date, region, signingName);
        dayKey = new DayKey(date, secret, key);
        return key;
    }

    /** Sends one signed POST; throws when it could not connect, send or read a whole answer. */
    static HttpPostClient.Reply post(URL url, Map<String, String> headers, byte[] body) throws IOException {
        return HttpPostClient.SHARED.post(url, headers, body, REPLY_HEADERS);
    }

    /**
     * The service's regional endpoint ({@code https://kms.eu-west-1.amazonaws.com}), as the SDK's
     * endpoint rules give it in the commercial, China and GovCloud partitions; elsewhere empty.
     */
    static Optional<URI> regionalEndpoint(String endpointPrefix, String region) {
        if (!KNOWN_PARTITION_REGION.matcher(region).matches()) {
            return Optional.empty();
        }
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return Optional.of(URI.create("https://" + endpointPrefix + "." + region + "." + suffix));
    }

    /** The URL the requests to {@code endpoint} are posted to (its root). */
    static URL rootUrl(URI endpoint, String service) {
        try {
            return endpoint.resolve("/").toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a " + service + " endpoint: " + endpoint, e);
        }
    }

    /** The Host header as the HTTP client sends it: the port only when it is not the scheme's default. */
    static String host(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("https".equals(endpoint.getScheme()) && port == 443)
                || ("http".equals(endpoint.getScheme()) && port == 80);
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    /** {@code text} as the inside of a JSON string. */
    static String jsonEscape(String text) {
        var out = new StringBuilder(text.length() + 8);
        appendEscaped(out, text);
        return out.toString();
    }

    /**
     * Appends {@code text} to {@code out} as the inside of a JSON string, escaped as the SDK's JSON
     * writer (Jackson) escapes it, so a body is the SDK's byte for byte.
     */
    static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
