package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.KmsSecretEnvelopes;
import io.cognate.local.kms.TwoRegionKms;
import io.cognate.ports.SecretEnvelopes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** Envelope encryption with the real KMS client against the local multi-region KMS. */
class KmsSecretEnvelopesWireTest {
    private static final Map<String, String> ALICE = Map.of("purpose", "totp", "sub", "alice-sub", "pool", "p1");
    private static TwoRegionKms regions;
    private static KmsClient east;
    private static KmsClient west;
    private static String keyId;

    @BeforeAll
    static void replicatedDataKey() {
        regions = new TwoRegionKms();
        east = regions.primary;
        west = regions.other;
        keyId = east.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
        east.replicateKey(b -> b.keyId(keyId).replicaRegion(TwoRegionKms.OTHER_REGION));
    }

    @AfterAll
    static void stop() {
        regions.close();
    }

    private static SecretEnvelopes in(KmsClient kms) {
        return new KmsSecretEnvelopes(kms, keyId, new SecureRandom());
    }

    @Test
    void sealedInOneRegionOpensInTheOther() {
        byte[] secret = "twenty-byte-secret!!".getBytes(StandardCharsets.US_ASCII);
        String sealed = in(east).seal(secret, ALICE);
        assertThat(sealed).startsWith("v1.").doesNotContain(new String(secret, StandardCharsets.US_ASCII));
        assertThat(in(west).open(sealed, ALICE)).isEqualTo(secret);
    }

    @Test
    void anotherUsersContextDoesNotOpenIt() {
        String sealed = in(east).seal(new byte[] {1, 2, 3}, ALICE);
        var mallory = Map.of("purpose", "totp", "sub", "mallory-sub", "pool", "p1");
        assertThatThrownBy(() -> in(west).open(sealed, mallory)).isInstanceOf(SecretEnvelopes.CannotOpen.class);
    }

    @Test
    void tamperingIsDetected() {
        String sealed = in(east).seal(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, ALICE);
        String[] parts = sealed.split("\\.");
        char flipped = parts[3].charAt(0) == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + parts[1] + "." + parts[2] + "." + flipped + parts[3].substring(1);
        assertThatThrownBy(() -> in(east).open(tampered, ALICE)).isInstanceOf(SecretEnvelopes.CannotOpen.class);
        assertThatThrownBy(() -> in(east).open("garbage", ALICE)).isInstanceOf(SecretEnvelopes.CannotOpen.class);
        assertThatThrownBy(() -> in(east).open("v1.!!.??.**", ALICE)).isInstanceOf(SecretEnvelopes.CannotOpen.class);
    }

    @Test
    void clientSecretsSealedByADirectEncryptStillOpenWhereAsked() {
        Map<String, String> client = Map.of("cognate:clientId", "client-1");
        // How client secrets were sealed before envelopes: KMS Encrypt, standard base64.
        String direct = java.util.Base64.getEncoder().encodeToString(east.encrypt(b -> b.keyId(keyId)
                .plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("old-client-secret"))
                .encryptionContext(client)).ciphertextBlob().asByteArray());
        var clientSecrets = new KmsSecretEnvelopes(west, keyId, new SecureRandom()).alsoOpeningDirectCiphertexts();
        assertThat(new String(clientSecrets.open(direct, client), StandardCharsets.UTF_8)).isEqualTo("old-client-secret");
        assertThatThrownBy(() -> clientSecrets.open(direct, Map.of("cognate:clientId", "client-2")))
                .isInstanceOf(SecretEnvelopes.CannotOpen.class);
        assertThatThrownBy(() -> clientSecrets.open("not base64!", client)).isInstanceOf(SecretEnvelopes.CannotOpen.class);
        // New seals are envelopes, which it opens too.
        assertThat(clientSecrets.open(clientSecrets.seal(new byte[] {7}, client), client)).containsExactly(7);
        // Everything else (TOTP secrets, sessions) accepts envelopes only.
        assertThatThrownBy(() -> in(west).open(direct, client)).isInstanceOf(SecretEnvelopes.CannotOpen.class);
    }

    @Test
    void everySealUsesAFreshDataKeyAndIv() {
        byte[] secret = {9, 9, 9};
        assertThat(in(east).seal(secret, ALICE)).isNotEqualTo(in(east).seal(secret, ALICE));
    }
}
