package io.cognate.domain.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The public half of the signing key and its {@code kid}. The kid is the key's RFC 7638
 * thumbprint: every region holds the same multi-region key material, so every region derives
 * the same kid without any coordination.
 */
public record SigningKey(RSAPublicKey publicKey, String keyId) {

    public static SigningKey of(RSAPublicKey publicKey) {
        try {
            String kid = new RSAKey.Builder(publicKey).build().computeThumbprint().toString();
            return new SigningKey(publicKey, kid);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key thumbprint", e);
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
