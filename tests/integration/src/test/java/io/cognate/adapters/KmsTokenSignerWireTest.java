package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.cognate.adapters.aws.KmsTokenSigner;
import io.cognate.domain.AppClient;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.tokens.SigningKey;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.local.kms.TwoRegionKms;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The production KMS adapter, with the real SDK client, against the local KMS endpoints. */
class KmsTokenSignerWireTest {
    private static TwoRegionKms regions;
    private static KmsClient primary;
    private static KmsClient secondary;
    private static String keyId;

    @BeforeAll
    static void createReplicatedKey() {
        regions = new TwoRegionKms();
        primary = regions.primary;
        secondary = regions.other;
        keyId = primary.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY).multiRegion(true))
                .keyMetadata().keyId();
        primary.replicateKey(b -> b.keyId(keyId).replicaRegion(TwoRegionKms.OTHER_REGION));
    }

    @AfterAll
    static void stop() {
        regions.close();
    }

    @Test
    void bothRegionsDeriveTheSameKidFromTheReplicatedKey() {
        var east = SigningKey.of(new KmsTokenSigner(primary, keyId).publicKey());
        var west = SigningKey.of(new KmsTokenSigner(secondary, keyId).publicKey());
        assertThat(west.keyId()).isEqualTo(east.keyId());
        assertThat(west.jwksJson()).isEqualTo(east.jwksJson());
    }

    @Test
    void signatureMadeInOneRegionVerifiesWithTheOtherRegionsPublicKey() throws Exception {
        byte[] input = "header.payload".getBytes();
        byte[] signature = new KmsTokenSigner(primary, keyId).signRs256(input);
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(new KmsTokenSigner(secondary, keyId).publicKey());
        verify.update(input);
        assertThat(verify.verify(signature)).isTrue();
    }

    @Test
    void tokensLargerThanKmsRawLimitStillSign() throws Exception {
        var signer = new KmsTokenSigner(secondary, keyId);
        var issuer = new TokenIssuer("https://auth.example.com", signer, Clock.systemUTC());
        var client = new AppClient("c", "c", Set.of(), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1));
        var user = new User("sub", Username.of("big"), UserStatus.CONFIRMED, true,
                Map.of("custom:blob", "x".repeat(2000), "custom:blob2", "y".repeat(2000)), "h",
                Optional.empty(), Instant.now(), Instant.now());
        String idToken = issuer.issue(user, client, Instant.now(), "o").idToken();
        assertThat(idToken.length()).isGreaterThan(4096);
        assertThat(SignedJWT.parse(idToken).verify(new RSASSAVerifier(signer.publicKey()))).isTrue();
    }

    @Test
    void unknownKeyIsReportedAsKmsReportsIt() {
        assertThatThrownBy(() -> new KmsTokenSigner(primary, "mrk-00000000000000000000000000000000").publicKey())
                .isInstanceOf(NotFoundException.class);
    }
}
