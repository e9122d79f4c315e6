package io.cognate.testing;

import io.cognate.ports.TokenSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/**
 * RS256 over a key pair held in the process, standing in for KMS where no KMS endpoint is needed.
 * RSASSA-PKCS1-v1_5 is deterministic, as KMS's signatures are. Published in shared's test jar for
 * the other modules' tests.
 */
public record LocalRsaSigner(KeyPair keys) implements TokenSigner {

    /** A signer over a new RSA-2048 key pair. */
    public static LocalRsaSigner withNewKey() {
        return new LocalRsaSigner(newKeyPair());
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    @Override
    public byte[] signRs256(byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
