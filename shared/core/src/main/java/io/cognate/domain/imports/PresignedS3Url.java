package io.cognate.domain.imports;

import io.cognate.domain.admin.SignatureV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * S3's presigned URLs (SigV4 in the query string, {@code UNSIGNED-PAYLOAD}, only {@code host}
 * signed), made and checked with the repository's own SigV4 code: what Cognito's
 * CreateUserImportJob hands out as {@code PreSignedUrl}, a URL that {@code curl --upload-file}
 * can PUT to with no credentials of its own. S3 checks the URLs made for AWS; the local stack's
 * upload endpoint checks its own with {@link #verify}. Pure: no clock, no key look-up.
 */
public final class PresignedS3Url {
    /** S3's longest validity for a presigned URL (seven days). */
    public static final Duration MAX_VALIDITY = Duration.ofDays(7);
    private static final String SERVICE = "s3";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private PresignedS3Url() {
    }

    /** What signs a URL: an access key, its secret, and the session token of temporary credentials. */
    public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", secret redacted]";
        }
    }

    /** {@code objectUri} (scheme, host, port, path of the object) presigned for {@code method} from {@code now} for {@code validity}. */
    public static URI presign(String method, URI objectUri, String region, Credentials credentials, Instant now,
                              Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("a presigned URL is valid for 1 s to 7 days");
        }
        String amzDate = AMZ_DATE.format(now);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + SERVICE + "/" + SignatureV4.TERMINATOR;
        Map<String, String> query = new LinkedHashMap<>();
        query.put("X-Amz-Algorithm", SignatureV4.ALGORITHM);
        query.put("X-Amz-Credential", credentials.accessKeyId() + "/" + scope);
        query.put("X-Amz-Date", amzDate);
        query.put("X-Amz-Expires", Long.toString(validity.toSeconds()));
        credentials.sessionToken().ifPresent(token -> query.put("X-Amz-Security-Token", token));
        query.put("X-Amz-SignedHeaders", "host");
        String rawQuery = rawQuery(query);
        String signature = signature(method, hostOf(objectUri), objectUri.getRawPath(), rawQuery, amzDate, scope,
                credentials.secretAccessKey(), region);
        return URI.create(objectUri.getScheme() + "://" + objectUri.getRawAuthority() + objectUri.getRawPath() + "?"
                + rawQuery + "&X-Amz-Signature=" + signature);
    }

    /**
     * Whether a request is one a URL presigned for {@code region} allows at {@code now}: the
     * signature holds under the secret {@code secretOf} gives for its access key, and the URL has
     * not expired (nor was signed in the future).
     */
    public static boolean verify(String method, String host, String rawPath, String rawQuery, String region,
                                 Function<String, Optional<String>> secretOf, Instant now) {
        Map<String, String> query = parse(rawQuery);
        String signature = query.remove("X-Amz-Signature");
        String credential = query.get("X-Amz-Credential");
        String amzDate = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        if (signature == null || credential == null || amzDate == null || expires == null
                || !SignatureV4.ALGORITHM.equals(query.get("X-Amz-Algorithm"))
                || !"host".equals(query.get("X-Amz-SignedHeaders"))) {
            return false;
        }
        Instant signedAt;
        long validFor;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
            validFor = Long.parseLong(expires);
        } catch (DateTimeParseException | NumberFormatException malformed) {
            return false;
        }
        if (validFor < 1 || validFor > MAX_VALIDITY.toSeconds() || now.isBefore(signedAt.minusSeconds(60))
                || !now.isBefore(signedAt.plusSeconds(validFor))) {
            return false;
        }
        int slash = credential.indexOf('/');
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + SERVICE + "/" + SignatureV4.TERMINATOR;
        if (slash < 1 || !credential.substring(slash + 1).equals(scope)) {
            return false;
        }
        Optional<String> secret = secretOf.apply(credential.substring(0, slash));
        if (secret.isEmpty()) {
            return false;
        }
        // The query as signed: everything but the signature, in the order sent (canonicalised below).
        String signedQuery = rawQuery(query);
        String expected = signature(method, host, rawPath, signedQuery, amzDate, scope, secret.get(), region);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String signature(String method, String host, String rawPath, String rawQuery, String amzDate,
                                     String scope, String secret, String region) {
        String canonical = method + "\n" + canonicalPath(rawPath) + "\n" + canonicalQuery(rawQuery) + "\nhost:" + host
                + "\n\nhost\n" + UNSIGNED_PAYLOAD;
        byte[] key = SignatureV4.signingKey(secret, amzDate.substring(0, 8), region, SERVICE);
        return HexFormat.of().formatHex(SignatureV4.signature(key, SignatureV4.stringToSign(amzDate, scope, canonical)));
    }

    /** S3 signs the path encoded once, slashes kept (other services encode it twice). */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(SignatureV4.uriEncode(decode(segment)));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        var sorted = new TreeMap<String, String>();
        parse(rawQuery).forEach((name, value) -> sorted.put(SignatureV4.uriEncode(name), SignatureV4.uriEncode(value)));
        var parts = new ArrayList<String>();
        sorted.forEach((name, value) -> parts.add(name + "=" + value));
        return String.join("&", parts);
    }

    private static String rawQuery(Map<String, String> query) {
        var parts = new ArrayList<String>();
        query.forEach((name, value) -> parts.add(SignatureV4.uriEncode(name) + "=" + SignatureV4.uriEncode(value)));
        return String.join("&", parts);
    }

    /** Decoded names and values; of a name sent twice the last is kept (a signature over the other then fails). */
    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), decode(eq < 0 ? "" : pair.substring(eq + 1)));
        }
        return query;
    }

    private static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
