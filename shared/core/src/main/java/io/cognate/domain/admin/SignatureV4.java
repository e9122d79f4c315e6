package io.cognate.domain.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, the server's half: the canonical request, the string to sign and the
 * signature of a request, computed from the published algorithm (docs.aws.amazon.com,
 * "Create a signed AWS API request"). Pure: no clock, no key lookup; {@link AdminRequestAuthentication}
 * decides what to check. Tests hold it against the AWS SDK's own signer.
 */
public final class SignatureV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    private static final HexFormat HEX = HexFormat.of();
    /**
     * One digest and one MAC per thread, reset by each use: a provider lookup per instance was
     * three of every signed call's JCA lookups (each DynamoDB or KMS call a sign-in makes is
     * signed). Neither holds a key or randomness between uses.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC_SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    private SignatureV4() {
    }

    /**
     * The canonical request: method, URI, query, the signed headers with their values, the list
     * of signed header names and the payload's SHA-256, one per line.
     */
    public static String canonicalRequest(SignedRequest request, List<String> signedHeaders, String payloadHash) {
        var text = new StringBuilder();
        text.append(request.method()).append('\n');
        text.append(canonicalUri(request.path())).append('\n');
        text.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            text.append(name).append(':').append(canonicalHeaderValue(request.header(name).orElse(""))).append('\n');
        }
        text.append('\n');
        text.append(String.join(";", signedHeaders)).append('\n');
        text.append(payloadHash);
        return text.toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The signing key of {@code secret} for one day, region and service. */
    public static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, TERMINATOR);
    }

    /** The signature: hex of HMAC-SHA256 of the string to sign under the signing key. */
    public static byte[] signature(byte[] signingKey, String stringToSign) {
        return hmac(signingKey, stringToSign);
    }

    public static String sha256Hex(byte[] bytes) {
        // digest() resets the instance for its next use.
        return HEX.formatHex(SHA_256.get().digest(bytes));
    }

    /**
     * The path with each segment URI-encoded twice, as every service but S3 signs it: the SDK
     * encodes the path once to send it, and once more in the canonical request. The segment is
     * decoded first so that a gateway that hands over the path decoded or encoded gives the same
     * result. (Cognito's only path is "/".)
     */
    static String canonicalUri(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        var segments = path.split("/", -1);
        var out = new ArrayList<String>(segments.length);
        for (String segment : segments) {
            out.add(uriEncode(uriEncode(decode(segment.replace("+", "%2B")))));
        }
        return String.join("/", out);
    }

    /** Parameters sorted by encoded name then value, each name and value URI-encoded. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        var sorted = new TreeMap<String, List<String>>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            sorted.computeIfAbsent(uriEncode(decode(name.replace("+", "%20"))), k -> new ArrayList<>())
                    .add(uriEncode(decode(value.replace("+", "%20"))));
        }
        var parts = new ArrayList<String>();
        for (Map.Entry<String, List<String>> entry : sorted.entrySet()) {
            entry.getValue().stream().sorted().forEach(v -> parts.add(entry.getKey() + "=" + v));
        }
        return String.join("&", parts);
    }

    /** Leading and trailing spaces removed, runs of spaces made one. */
    static String canonicalHeaderValue(String value) {
        String stripped = value.strip();
        // Most values have no run of spaces: no pattern compiled for them (six headers a DynamoDB call).
        return stripped.indexOf("  ") < 0 ? stripped : stripped.replaceAll(" +", " ");
    }

    /** RFC 3986 unreserved characters kept, every other byte as %XX in upper case. */
    public static String uriEncode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC_SHA_256.get();
        try {
            // init() with the new key resets the instance; doFinal() resets it again.
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
