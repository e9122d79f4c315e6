package io.cognate.domain.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.BigIntegerUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;

/**
 * The public half of the signing key and its {@code kid}. The kid is the key's RFC 7638
 * thumbprint: every region holds the same multi-region key material, so every region derives
 * the same kid without any coordination.
 */
public record SigningKey(RSAPublicKey publicKey, String keyId) {

    public static SigningKey of(RSAPublicKey publicKey) {
        return new SigningKey(publicKey, thumbprint(publicKey));
    }

    /**
     * RFC 7638's SHA-256 thumbprint: the required members in lexical order, no white space. Written
     * here rather than through {@code RSAKey.computeThumbprint()}, whose JSON goes through Nimbus's
     * Gson (its first use about 160 classes of a cold start); {@code TokenJsonTest} holds the two
     * equal. Base64url digits and "RSA" need no escaping.
     */
    static String thumbprint(RSAPublicKey publicKey) {
        String required = "{\"e\":\"" + Base64URL.encode(BigIntegerUtils.toBytesUnsigned(publicKey.getPublicExponent()))
                + "\",\"kty\":\"RSA\",\"n\":\"" + Base64URL.encode(BigIntegerUtils.toBytesUnsigned(publicKey.getModulus()))
                + "\"}";
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(required.getBytes(StandardCharsets.UTF_8))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public RSAKey toJwk() {
        return new RSAKey.Builder(publicKey)
                .keyID(keyId)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .build();
    }

    /** The JWKS document served at {@code /.well-known/jwks.json}. */
    public String jwksJson() {
        return new JWKSet(toJwk()).toString(true);
    }
}
