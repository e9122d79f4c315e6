package io.cognate.local.kms;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.List;

/** The KMS key specs this local endpoint can create, with the algorithms KMS allows for each. */
enum KmsKeySpec {
    SYMMETRIC_DEFAULT(null, null, List.of()),
    RSA_2048("RSA", rsa(2048), KmsSigningAlgorithm.RSA),
    RSA_3072("RSA", rsa(3072), KmsSigningAlgorithm.RSA),
    RSA_4096("RSA", rsa(4096), KmsSigningAlgorithm.RSA),
    ECC_NIST_P256("EC", new ECGenParameterSpec("secp256r1"), List.of(KmsSigningAlgorithm.ECDSA_SHA_256)),
    ECC_NIST_P384("EC", new ECGenParameterSpec("secp384r1"), List.of(KmsSigningAlgorithm.ECDSA_SHA_384)),
    ECC_NIST_P521("EC", new ECGenParameterSpec("secp521r1"), List.of(KmsSigningAlgorithm.ECDSA_SHA_512));

    static final String SYMMETRIC_ALGORITHM = "SYMMETRIC_DEFAULT";

    private final String keyAlgorithm;
    private final AlgorithmParameterSpec generatorSpec;
    private final List<KmsSigningAlgorithm> signingAlgorithms;

    KmsKeySpec(String keyAlgorithm, AlgorithmParameterSpec generatorSpec, List<KmsSigningAlgorithm> signingAlgorithms) {
        this.keyAlgorithm = keyAlgorithm;
        this.generatorSpec = generatorSpec;
        this.signingAlgorithms = signingAlgorithms;
    }

    private static AlgorithmParameterSpec rsa(int bits) {
        return new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4);
    }

    boolean symmetric() {
        return keyAlgorithm == null;
    }

    List<KmsSigningAlgorithm> signingAlgorithms() {
        return signingAlgorithms;
    }

    KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            generator.initialize(generatorSpec, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate " + name() + " keys", e);
        }
    }

    static KmsKeySpec parse(String value) {
        for (KmsKeySpec spec : values()) {
            if (spec.name().equals(value)) {
                return spec;
            }
        }
        throw KmsError.validation("KeySpec '" + value + "' is not supported by local KMS");
    }
}
