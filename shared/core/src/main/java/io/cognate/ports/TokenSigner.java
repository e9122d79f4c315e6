package io.cognate.ports;

import java.security.interfaces.RSAPublicKey;

/** Signs token bytes with the pool's RS256 key, whose private half never leaves the signer. */
public interface TokenSigner {
    RSAPublicKey publicKey();

    /** RSASSA-PKCS1-v1_5 with SHA-256 over the JWS signing input. */
    byte[] signRs256(byte[] signingInput);
}
