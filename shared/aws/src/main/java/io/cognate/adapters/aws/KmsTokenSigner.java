package io.cognate.adapters.aws;

import io.cognate.ports.TokenSigner;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs with the RSA_2048 multi-region KMS key. The digest is computed here and sent as
 * {@code DIGEST}, which keeps every request small whatever the token's size (KMS caps RAW
 * messages at 4 KB). The public key is fetched once and cached for the life of the process.
 * Given {@link KmsSignRequests}, {@code Sign} and {@code GetPublicKey} go through them instead of
 * the SDK's client: the same requests, less of the function's CPU per token and no SDK pipeline
 * loaded in a cold start (docs/performance.md, "Sign-in overhead" and "Cold starts: DynamoDB, KMS
 * and metrics without the SDK's pipeline").
 */
public final class KmsTokenSigner implements TokenSigner {
    /** The SDK client, built at its first use: not at all where {@link KmsSignRequests} are given. */
    private final Supplier<KmsClient> kms;
    private final String keyId;
    private final Optional<KmsSignRequests> signRequests;
    private volatile RSAPublicKey publicKey;

    public KmsTokenSigner(KmsClient kms, String keyId) {
        this(() -> kms, keyId, Optional.empty());
    }

    public KmsTokenSigner(KmsClient kms, String keyId, Optional<KmsSignRequests> signRequests) {
        this(() -> kms, keyId, signRequests);
    }

    public KmsTokenSigner(Supplier<KmsClient> kms, String keyId, Optional<KmsSignRequests> signRequests) {
        this.kms = kms;
        this.keyId = keyId;
        this.signRequests = signRequests;
    }

    @Override
    public RSAPublicKey publicKey() {
        RSAPublicKey key = publicKey;
        if (key == null) {
            key = fetchPublicKey();
            publicKey = key;
        }
        return key;
    }

    private RSAPublicKey fetchPublicKey() {
        if (signRequests.isPresent()) {
            return signRequests.get().publicKey(keyId);
        }
        byte[] der = kms.get().getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray();
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("KMS key " + keyId + " is not an RSA signing key", e);
        }
    }

    @Override
    public byte[] signRs256(byte[] signingInput) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(signingInput);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        if (signRequests.isPresent()) {
            return signRequests.get().signDigest(keyId, digest);
        }
        return kms.get().sign(b -> b.keyId(keyId)
                        .message(SdkBytes.fromByteArray(digest))
                        .messageType(MessageType.DIGEST)
                        .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256))
                .signature().asByteArray();
    }
}
