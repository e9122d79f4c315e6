package io.cognate.local.kms;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import java.util.List;

/** KMS signing algorithms mapped onto JCA signatures. */
enum KmsSigningAlgorithm {
    RSASSA_PSS_SHA_256(Scheme.PSS, "SHA-256", 32),
    RSASSA_PSS_SHA_384(Scheme.PSS, "SHA-384", 48),
    RSASSA_PSS_SHA_512(Scheme.PSS, "SHA-512", 64),
    RSASSA_PKCS1_V1_5_SHA_256(Scheme.PKCS1, "SHA-256", 32),
    RSASSA_PKCS1_V1_5_SHA_384(Scheme.PKCS1, "SHA-384", 48),
    RSASSA_PKCS1_V1_5_SHA_512(Scheme.PKCS1, "SHA-512", 64),
    ECDSA_SHA_256(Scheme.ECDSA, "SHA-256", 32),
    ECDSA_SHA_384(Scheme.ECDSA, "SHA-384", 48),
    ECDSA_SHA_512(Scheme.ECDSA, "SHA-512", 64);

    static final List<KmsSigningAlgorithm> RSA = List.of(
            RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512,
            RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512);

    private enum Scheme { PSS, PKCS1, ECDSA }

    private final Scheme scheme;
    private final String digest;
    private final int digestLength;

    KmsSigningAlgorithm(Scheme scheme, String digest, int digestLength) {
        this.scheme = scheme;
        this.digest = digest;
        this.digestLength = digestLength;
    }

    static KmsSigningAlgorithm parse(String value) {
        for (KmsSigningAlgorithm algorithm : values()) {
            if (algorithm.name().equals(value)) {
                return algorithm;
            }
        }
        throw KmsError.validation("SigningAlgorithm '" + value + "' is not a valid KMS signing algorithm");
    }

    byte[] sign(PrivateKey key, byte[] message, boolean isDigest) {
        try {
            Signature signature = signature(isDigest);
            signature.initSign(key);
            signature.update(input(message, isDigest));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw KmsError.internal("Signing failed: " + e.getMessage());
        }
    }

    boolean verify(PublicKey key, byte[] message, boolean isDigest, byte[] signatureBytes) {
        try {
            Signature signature = signature(isDigest);
            signature.initVerify(key);
            signature.update(input(message, isDigest));
            return signature.verify(signatureBytes);
        } catch (SignatureException e) {
            return false; // a malformed signature is just an invalid one
        } catch (GeneralSecurityException e) {
            throw KmsError.internal("Verification failed: " + e.getMessage());
        }
    }

    private Signature signature(boolean isDigest) throws GeneralSecurityException {
        String hashName = digest.replace("-", "");
        return switch (scheme) {
            case PKCS1 -> Signature.getInstance(isDigest ? "NONEwithRSA" : hashName + "withRSA");
            case ECDSA -> Signature.getInstance(isDigest ? "NONEwithECDSA" : hashName + "withECDSA");
            case PSS -> {
                if (isDigest) {
                    // The JDK has no pre-hashed PSS signature, and this endpoint does not hand-roll EMSA-PSS.
                    throw KmsError.unsupported("Local KMS supports " + name() + " only with MessageType RAW");
                }
                Signature pss = Signature.getInstance("RSASSA-PSS");
                // KMS uses MGF1 with the message digest and a salt as long as the digest.
                pss.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), digestLength, 1));
                yield pss;
            }
        };
    }

    private byte[] input(byte[] message, boolean isDigest) {
        if (!isDigest) {
            return message;
        }
        if (message.length != digestLength) {
            throw KmsError.validation("Digest is " + message.length + " bytes but " + name() + " needs " + digestLength);
        }
        if (scheme != Scheme.PKCS1) {
            return message;
        }
        // NONEwithRSA pads whatever it is given, so the DigestInfo wrapper must be added here.
        byte[] prefix = digestInfoPrefix();
        byte[] digestInfo = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, digestInfo, 0, prefix.length);
        System.arraycopy(message, 0, digestInfo, prefix.length, message.length);
        return digestInfo;
    }

    /** DER of DigestInfo up to the digest octets (RFC 8017, section 9.2, note 1). */
    private byte[] digestInfoPrefix() {
        HexFormat hex = HexFormat.of();
        return switch (digest) {
            case "SHA-256" -> hex.parseHex("3031300d060960864801650304020105000420");
            case "SHA-384" -> hex.parseHex("3041300d060960864801650304020205000430");
            default -> hex.parseHex("3051300d060960864801650304020305000440");
        };
    }
}
