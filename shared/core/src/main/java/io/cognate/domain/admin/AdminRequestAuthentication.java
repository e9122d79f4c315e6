package io.cognate.domain.admin;

import io.cognate.domain.CognitoException;
import io.cognate.ports.AdminKeys;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks that an Admin or management request is signed, with SigV4 exactly as the AWS SDKs sign
 * {@code cognito-idp} calls, by an active admin key whose policy allows the operation.
 *
 * <p>What is checked, as AWS checks it: the {@code Authorization} header's form (no presigned
 * query forms), the credential scope ({@code <key>/<date>/<region>/cognito-idp/aws4_request}, its
 * date that of {@code X-Amz-Date}), the time within {@link #MAX_SKEW} of this clock either way
 * (AWS's window, which bounds how long a captured request can be replayed; TLS is what keeps
 * requests from being captured), the signed headers ({@code host}, {@code x-amz-date},
 * {@code x-amz-target}, and {@code x-amz-security-token} when sent, so neither the operation nor
 * the time can be swapped under a signature), an {@code x-amz-content-sha256} header equal to the
 * body's hash when sent, and the signature over all of it. The scope's region is not required to
 * be this one: a client signs for the region it names, and after a failover its requests are
 * answered by another region.
 *
 * <p>Every failure answers the same {@code UnrecognizedClientException}, so a caller learns
 * nothing about which part failed; the part goes to metrics only ({@link AuthEvents#adminRequestRefused}).
 * An unknown or revoked key costs the same HMAC work as a known one (a throwaway secret is used).
 */
public final class AdminRequestAuthentication {
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    public static final String SERVICE = "cognito-idp";
    static final String SEAL_PURPOSE = "admin-key";
    private static final String INVALID = "The security token included in the request is invalid.";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");
    private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9-]+");
    private static final List<String> REQUIRED_SIGNED = List.of("host", "x-amz-date", "x-amz-target");
    private static final int CACHED_SECRETS = 64;

    private final String userPoolArn;
    private final AdminKeys keys;
    private final SecretEnvelopes envelopes;
    private final AuthEvents events;
    private final Clock clock;
    private final Supplier<String> throwawaySecret;
    /** Opened secrets by sealed text: opening costs a KMS call; a revocation is still seen at once, as the key is read every time. */
    private final Map<String, String> opened = new ConcurrentHashMap<>();

    public AdminRequestAuthentication(String userPoolArn, AdminKeys keys, SecretEnvelopes envelopes,
                                      AuthEvents events, Clock clock, SecureRandom random) {
        this.userPoolArn = userPoolArn;
        this.keys = keys;
        this.envelopes = envelopes;
        this.events = events;
        this.clock = clock;
        byte[] throwaway = new byte[30];
        random.nextBytes(throwaway);
        String secret = Base64.getEncoder().encodeToString(throwaway);
        this.throwawaySecret = () -> secret;
    }

    /** The key that signed {@code request}, allowed to call {@code operation}; else Cognito's refusal. */
    public AdminCaller authenticate(SignedRequest request, String operation) {
        AdminCaller caller = verify(request);
        if (!caller.policy().allows(operation)) {
            events.adminRequestRefused("policy");
            throw new CognitoException("AccessDeniedException", "User: " + caller.keyId()
                    + " is not authorized to perform: cognito-idp:" + operation + " on resource: " + userPoolArn
                    + " because no identity-based policy allows the cognito-idp:" + operation + " action");
        }
        return caller;
    }

    /**
     * A write another region forwarded after checking this key's signature itself (the signature
     * names that region's host, so it cannot be checked here): the key must still be active here
     * and allowed the operation. The forwarding signature, checked first, is what vouches that
     * the other region checked the key.
     */
    public AdminCaller authorizeForwarded(String keyId, String operation) {
        AdminKey key = keys.find(keyId).filter(AdminKey::active).orElseThrow(() -> refused("forwarded-key"));
        if (!key.policy().allows(operation)) {
            events.adminRequestRefused("policy");
            throw new CognitoException("AccessDeniedException", "User: " + key.keyId()
                    + " is not authorized to perform: cognito-idp:" + operation + " on resource: " + userPoolArn
                    + " because no identity-based policy allows the cognito-idp:" + operation + " action");
        }
        return new AdminCaller(key.keyId(), key.policy());
    }

    private AdminCaller verify(SignedRequest request) {
        String rawQuery = request.rawQuery();
        if (rawQuery.contains("X-Amz-Signature") || rawQuery.contains("X-Amz-Credential")) {
            throw refused("presigned");
        }
        var authorization = AUTHORIZATION.matcher(request.header("authorization").orElse(""));
        if (!authorization.matches()) {
            throw refused(request.header("authorization").isEmpty() ? "missing" : "malformed");
        }
        String[] credential = authorization.group(1).split("/", -1);
        if (credential.length != 5 || !KEY_ID.matcher(credential[0]).matches() || !DATE.matcher(credential[1]).matches()
                || !REGION.matcher(credential[2]).matches() || !SERVICE.equals(credential[3])
                || !SignatureV4.TERMINATOR.equals(credential[4])) {
            throw refused("scope");
        }
        String amzDate = request.header("x-amz-date").orElse("");
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw refused("date");
        }
        if (!amzDate.startsWith(credential[1])) {
            throw refused("scope");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW)) || signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw refused("skew");
        }
        List<String> signedHeaders = List.of(authorization.group(2).split(";", -1));
        if (!wellFormed(signedHeaders, request)) {
            throw refused("headers");
        }
        String payloadHash = SignatureV4.sha256Hex(request.body());
        Optional<String> declaredHash = request.header("x-amz-content-sha256");
        if (declaredHash.isPresent() && !declaredHash.get().equals(payloadHash)) {
            throw refused("payload");
        }
        Optional<AdminKey> key = keys.find(credential[0]);
        String secret = key.filter(AdminKey::active).map(this::secretOf).orElseGet(throwawaySecret);
        String scope = credential[1] + "/" + credential[2] + "/" + SERVICE + "/" + SignatureV4.TERMINATOR;
        byte[] expected = SignatureV4.signature(SignatureV4.signingKey(secret, credential[1], credential[2], SERVICE),
                SignatureV4.stringToSign(amzDate, scope, SignatureV4.canonicalRequest(request, signedHeaders, payloadHash)));
        boolean matches = MessageDigest.isEqual(expected, HexFormat.of().parseHex(authorization.group(3)));
        if (key.isEmpty()) {
            throw refused("unknown-key");
        }
        if (!key.get().active()) {
            throw refused("revoked");
        }
        if (!matches) {
            throw refused("signature");
        }
        return new AdminCaller(key.get().keyId(), key.get().policy());
    }

    /** Lower case, sorted, no repeats, the required ones in, every one present, a sent session token signed. */
    private static boolean wellFormed(List<String> signed, SignedRequest request) {
        for (int i = 0; i < signed.size(); i++) {
            String name = signed.get(i);
            if (!HEADER_NAME.matcher(name).matches() || (i > 0 && signed.get(i - 1).compareTo(name) >= 0)
                    || request.header(name).isEmpty()) {
                return false;
            }
        }
        return signed.containsAll(REQUIRED_SIGNED)
                && (request.header("x-amz-security-token").isEmpty() || signed.contains("x-amz-security-token"));
    }

    private String secretOf(AdminKey key) {
        String cached = opened.get(key.sealedSecret());
        if (cached != null) {
            return cached;
        }
        byte[] secret = envelopes.open(key.sealedSecret(), sealContext(key.keyId()));
        String text = new String(secret, StandardCharsets.UTF_8);
        Arrays.fill(secret, (byte) 0);
        if (opened.size() >= CACHED_SECRETS) {
            opened.clear();
        }
        opened.put(key.sealedSecret(), text);
        return text;
    }

    static Map<String, String> sealContext(String keyId) {
        return Map.of("purpose", SEAL_PURPOSE, "keyId", keyId);
    }

    private CognitoException refused(String reason) {
        events.adminRequestRefused(reason);
        return new CognitoException("UnrecognizedClientException", INVALID);
    }

    /** Who signed an admin request. */
    public record AdminCaller(String keyId, AdminKeyPolicy policy) {
    }
}
