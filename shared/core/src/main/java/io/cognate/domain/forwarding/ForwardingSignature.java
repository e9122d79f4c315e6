package io.cognate.domain.forwarding;

import io.cognate.domain.admin.SignatureV4;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature one region puts on a write it forwards to the leader: HMAC-SHA256, under the
 * forwarding secret ({@link ForwardingKeys}), of every part of the request the leader acts on —
 * the time, the sending and the receiving region, the pool, the operation, the caller's address,
 * the admin key the sender authenticated (if any) and the body's SHA-256 — so none of them can be
 * swapped under a signature, and a request signed for one leader is refused by any other region.
 */
public final class ForwardingSignature {
    public static final String FROM = "x-cognate-forwarded-from";
    public static final String TO = "x-cognate-forwarded-to";
    public static final String DATE = "x-cognate-forwarded-date";
    public static final String CALLER_ADDRESS = "x-cognate-forwarded-for";
    public static final String ADMIN_KEY = "x-cognate-forwarded-admin-key";
    public static final String KEY = "x-cognate-forwarding-key";
    public static final String SIGNATURE = "x-cognate-forwarded-signature";
    /** The leader's answer to a forwarded write: the items it wrote (read-your-writes). */
    public static final String WRITTEN = "x-cognate-written";
    /** "None" in a signed header: no caller address or admin key. */
    static final String NONE = "-";
    static final String ALGORITHM = "COGNATE-FORWARD-HMAC-SHA256";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ForwardingSignature() {
    }

    /** What is signed, one part per line. */
    static String canonical(String date, String from, String to, String poolId, String operation, String callerAddress,
                            String adminKey, byte[] body) {
        return String.join("\n", ALGORITHM, date, from, to, poolId, operation, callerAddress, adminKey,
                SignatureV4.sha256Hex(body));
    }

    static String format(Instant at) {
        return TIME.format(at);
    }

    static String sign(byte[] secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
