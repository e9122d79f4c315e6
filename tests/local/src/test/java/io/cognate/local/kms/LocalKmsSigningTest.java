package io.cognate.local.kms;

import static io.cognate.local.kms.TwoRegionKms.OTHER_REGION;
import static io.cognate.local.kms.TwoRegionKms.PRIMARY_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalKmsSigningTest {

    private static final SdkBytes MESSAGE = SdkBytes.fromString("header.payload", StandardCharsets.UTF_8);

    private TwoRegionKms kms;
    private String keyId;

    @BeforeAll
    void createReplicatedSigningKey() {
        kms = new TwoRegionKms();
        keyId = kms.primary.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)
                .multiRegion(true).description("token signing")).keyMetadata().keyId();
        kms.primary.replicateKey(r -> r.keyId(keyId).replicaRegion(OTHER_REGION));
    }

    @AfterAll
    void stop() {
        kms.close();
    }

    @Test
    void multiRegionKeyIdHasTheKmsShape() {
        assertThat(keyId).matches("mrk-[0-9a-f]{32}");
    }

    @Test
    void replicateKeyReportsTheReplicaInItsRegion() {
        String id = kms.primary.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)
                .multiRegion(true)).keyMetadata().keyId();

        ReplicateKeyResponse replica = kms.primary.replicateKey(r -> r.keyId(id).replicaRegion(OTHER_REGION));

        assertThat(replica.replicaKeyMetadata().keyId()).isEqualTo(id);
        assertThat(replica.replicaKeyMetadata().arn()).isEqualTo(arn(OTHER_REGION, id));
        assertThat(replica.replicaPolicy()).contains("kms:*");
    }

    @Test
    void bothRegionsServeTheSamePublicKey() {
        GetPublicKeyResponse primaryKey = kms.primary.getPublicKey(r -> r.keyId(keyId));
        GetPublicKeyResponse replicaKey = kms.other.getPublicKey(r -> r.keyId(keyId));

        assertThat(replicaKey.publicKey().asByteArray()).isEqualTo(primaryKey.publicKey().asByteArray());
        assertThat(primaryKey.keyId()).isEqualTo(arn(PRIMARY_REGION, keyId));
        assertThat(replicaKey.keyId()).isEqualTo(arn(OTHER_REGION, keyId));
        assertThat(replicaKey.keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(replicaKey.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(replicaKey.signingAlgorithms()).contains(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256);
    }

    @Test
    void signatureFromOneRegionVerifiesInTheOtherThroughKms() {
        SignResponse signed = kms.primary.sign(r -> r.keyId(keyId).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256));

        assertThat(signed.keyId()).isEqualTo(arn(PRIMARY_REGION, keyId));
        assertThat(kms.other.verify(r -> r.keyId(keyId).message(MESSAGE).signature(signed.signature())
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)).signatureValid()).isTrue();
    }

    @Test
    void signatureFromTheReplicaVerifiesWithPlainJca() throws Exception {
        SignResponse signed = kms.other.sign(r -> r.keyId(arn(OTHER_REGION, keyId)).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256));

        Signature jca = Signature.getInstance("SHA256withRSA");
        jca.initVerify(publicKey());
        jca.update(MESSAGE.asByteArray());
        assertThat(jca.verify(signed.signature().asByteArray())).isTrue();
    }

    @Test
    void digestSignatureEqualsRawSignature() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE.asByteArray());

        SignResponse fromDigest = kms.primary.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(digest))
                .messageType(MessageType.DIGEST).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256));
        SignResponse fromRaw = kms.primary.sign(r -> r.keyId(keyId).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256));

        // PKCS#1 v1.5 is deterministic, so pre-hashing must not change the signature.
        assertThat(fromDigest.signature()).isEqualTo(fromRaw.signature());
    }

    @Test
    void pssAndSha512SignaturesVerifyWithPlainJca() throws Exception {
        SignResponse pss = kms.primary.sign(r -> r.keyId(keyId).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256));
        Signature jcaPss = Signature.getInstance("RSASSA-PSS");
        jcaPss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        jcaPss.initVerify(publicKey());
        jcaPss.update(MESSAGE.asByteArray());
        assertThat(jcaPss.verify(pss.signature().asByteArray())).isTrue();

        SignResponse sha512 = kms.other.sign(r -> r.keyId(keyId).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512));
        Signature jca512 = Signature.getInstance("SHA512withRSA");
        jca512.initVerify(publicKey());
        jca512.update(MESSAGE.asByteArray());
        assertThat(jca512.verify(sha512.signature().asByteArray())).isTrue();
    }

    @Test
    void badSignatureIsKmsInvalidSignatureException() {
        byte[] signature = kms.primary.sign(r -> r.keyId(keyId).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)).signature().asByteArray();
        signature[10] ^= 1;

        assertThatThrownBy(() -> kms.other.verify(r -> r.keyId(keyId).message(MESSAGE)
                .signature(SdkBytes.fromByteArray(signature))
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)))
                .isInstanceOf(KmsInvalidSignatureException.class);
    }

    @Test
    void replicaRegionDescribesTheKeyAsReplicaOfThePrimary() {
        DescribeKeyResponse described = kms.other.describeKey(r -> r.keyId(keyId));
        KeyMetadata metadata = described.keyMetadata();

        assertThat(metadata.keyId()).isEqualTo(keyId);
        assertThat(metadata.arn()).isEqualTo(arn(OTHER_REGION, keyId));
        assertThat(metadata.multiRegion()).isTrue();
        assertThat(metadata.enabled()).isTrue();
        assertThat(metadata.keyStateAsString()).isEqualTo("Enabled");
        assertThat(metadata.keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(metadata.creationDate()).isNotNull();
        assertThat(metadata.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
        assertThat(metadata.multiRegionConfiguration().primaryKey().arn()).isEqualTo(arn(PRIMARY_REGION, keyId));
        assertThat(metadata.multiRegionConfiguration().primaryKey().region()).isEqualTo(PRIMARY_REGION);
        assertThat(metadata.multiRegionConfiguration().replicaKeys())
                .anySatisfy(replica -> assertThat(replica.arn()).isEqualTo(arn(OTHER_REGION, keyId)));
    }

    @Test
    void primaryRegionDescribesTheKeyAsPrimary() {
        KeyMetadata metadata = kms.primary.describeKey(r -> r.keyId(keyId)).keyMetadata();

        assertThat(metadata.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(metadata.description()).isEqualTo("token signing");
    }

    @Test
    void ellipticCurveKeysSignToo() throws Exception {
        String ecKey = kms.primary.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        SignResponse signed = kms.primary.sign(r -> r.keyId(ecKey).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));

        byte[] der = kms.primary.getPublicKey(r -> r.keyId(ecKey)).publicKey().asByteArray();
        Signature jca = Signature.getInstance("SHA256withECDSA");
        jca.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
        jca.update(MESSAGE.asByteArray());
        assertThat(jca.verify(signed.signature().asByteArray())).isTrue();
    }

    private PublicKey publicKey() throws Exception {
        byte[] der = kms.primary.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray();
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    }

    private static String arn(String region, String id) {
        return "arn:aws:kms:" + region + ":000000000000:key/" + id;
    }
}
