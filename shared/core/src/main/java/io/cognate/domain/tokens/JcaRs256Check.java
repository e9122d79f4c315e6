package io.cognate.domain.tokens;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;

/** One RSA public key checked with the JDK's {@code SHA256withRSA}, a verifier per thread (a {@code Signature} is not thread-safe). */
final class JcaRs256Check implements Rs256Check {
    private final RSAPublicKey key;
    private final int signatureLength;
    private final ThreadLocal<Signature> signatures;

    JcaRs256Check(RSAPublicKey key) {
        this.key = key;
        this.signatureLength = (key.getModulus().bitLength() + 7) / 8;
        this.signatures = ThreadLocal.withInitial(this::newSignature);
    }

    @Override
    public boolean verify(byte[] input, int length, byte[] signature) {
        if (signature.length != signatureLength) {
            return false;
        }
        Signature verifier = signatures.get();
        try {
            verifier.update(input, 0, length);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            // The object's state is unknown after a failure; start the next one afresh.
            signatures.remove();
            return false;
        }
    }

    private Signature newSignature() {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is part of every JDK", e);
        }
    }
}
