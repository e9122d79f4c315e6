package io.cognate.attacks;

import io.cognate.ports.TokenSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/** A signer over a local key pair, standing in for KMS where no KMS endpoint is needed. */
public record JcaSigner(KeyPair keys) implements TokenSigner {
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
