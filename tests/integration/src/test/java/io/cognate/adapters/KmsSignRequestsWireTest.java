package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.KmsSignRequests;
import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.local.kms.TwoRegionKms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * KMS {@code Sign} and {@code GetPublicKey} through {@link KmsSignRequests} against the local KMS
 * endpoint: the signature is the SDK client's, byte for byte (RSASSA-PKCS1-v1_5 is deterministic),
 * and verifies with the key's public half, which is the one the SDK client reads; KMS's refusal
 * comes back as the SDK reports it.
 */
class KmsSignRequestsWireTest {
    private static TwoRegionKms regions;
    private static String keyId;

    @BeforeAll
    static void createKey() {
        regions = new TwoRegionKms();
        keyId = regions.primary.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)
                .multiRegion(true)).keyMetadata().keyId();
    }

    @AfterAll
    static void stop() {
        regions.close();
    }

    @Test
    void signsAsTheSdkClientSignsAndTheSignatureVerifies() throws Exception {
        List<String> observed = new ArrayList<>();
        KmsSignRequests direct = KmsSignRequests.of(regions.primary,
                List.of((service, operation) -> observed.add(service + "." + operation)), Clock.systemUTC()).orElseThrow();
        byte[] input = "header.payload".getBytes(StandardCharsets.UTF_8);

        byte[] ours = new KmsTokenSigner(regions.primary, keyId, Optional.of(direct)).signRs256(input);
        byte[] sdk = new KmsTokenSigner(regions.primary, keyId).signRs256(input);

        assertThat(ours).isEqualTo(sdk);
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(new KmsTokenSigner(regions.primary, keyId).publicKey());
        verify.update(input);
        assertThat(verify.verify(ours)).isTrue();
        assertThat(observed).containsExactly("Kms.Sign");
        assertThat(direct.signDigest(keyId, MessageDigest.getInstance("SHA-256").digest(input))).isEqualTo(sdk);
    }

    @Test
    void readsThePublicKeyTheSdkClientReads() {
        List<String> observed = new ArrayList<>();
        KmsSignRequests direct = KmsSignRequests.of(regions.primary,
                List.of((service, operation) -> observed.add(service + "." + operation)), Clock.systemUTC()).orElseThrow();

        assertThat(new KmsTokenSigner(regions.primary, keyId, Optional.of(direct)).publicKey())
                .isEqualTo(new KmsTokenSigner(regions.primary, keyId).publicKey());
        assertThat(observed).containsExactly("Kms.GetPublicKey");
        assertThatThrownBy(() -> direct.publicKey("mrk-00000000000000000000000000000000"))
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException"));
    }

    @Test
    void anUnknownKeyIsRefusedAsKmsRefusesIt() throws Exception {
        KmsSignRequests direct = KmsSignRequests.of(regions.primary, List.of(), Clock.systemUTC()).orElseThrow();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
        assertThatThrownBy(() -> direct.signDigest("mrk-00000000000000000000000000000000", digest))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
                });
    }
}
