package io.cognate.domain.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.testing.SealedInMemory;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MfaSettingsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

    @Test
    void aTokenIsAskedForOnlyOnceVerifiedAndSwitchedOn() {
        MfaSettings none = MfaSettings.none();
        assertThat(none.active()).isFalse();
        MfaSettings associated = none.withPending("sealed-1", NOW);
        assertThat(associated.pendingSecret()).contains("sealed-1");
        assertThat(associated.secret()).isEmpty();
        assertThat(associated.withPreference(true, true, NOW).active()).as("not verified").isFalse();

        MfaSettings verified = associated.verified(false, NOW);
        assertThat(verified.secret()).contains("sealed-1");
        assertThat(verified.pendingSecret()).isEmpty();
        assertThat(verified.active()).as("verified, not switched on").isFalse();
        MfaSettings on = verified.withPreference(true, true, NOW);
        assertThat(on.active()).isTrue();
        assertThat(on.preferred()).isTrue();
        assertThat(on.withPreference(false, true, NOW).preferred()).as("preferred only while enabled").isFalse();
    }

    @Test
    void duringSetupVerifyingSwitchesTheTokenOnAsPreferred() {
        MfaSettings verified = MfaSettings.none().withPending("sealed-1", NOW).verified(true, NOW);
        assertThat(verified.active()).isTrue();
        assertThat(verified.preferred()).isTrue();
    }

    @Test
    void aNewAssociationLeavesTheVerifiedSecretInPlaceUntilItIsVerified() {
        MfaSettings on = MfaSettings.none().withPending("sealed-1", NOW).verified(true, NOW);
        MfaSettings reassociated = on.withPending("sealed-2", NOW);
        assertThat(reassociated.secret()).contains("sealed-1");
        assertThat(reassociated.active()).isTrue();
        assertThat(reassociated.verified(false, NOW).secret()).contains("sealed-2");
    }

    @Test
    void everyChangeRaisesTheVersion() {
        MfaSettings none = MfaSettings.none();
        assertThat(none.version()).isZero();
        MfaSettings a = none.withPending("s", NOW);
        MfaSettings b = a.verified(false, NOW);
        MfaSettings c = b.withPreference(true, false, NOW);
        assertThat(new long[] {a.version(), b.version(), c.version()}).containsExactly(1, 2, 3);
    }

    @Test
    void printingSettingsShowsNoSecret() {
        MfaSettings settings = new MfaSettings(Optional.of("pending-ciphertext"), Optional.of("ciphertext"), true, true, 4, NOW);
        assertThat(settings.toString()).doesNotContain("ciphertext");
    }

    @Test
    void secretsAre160RandomBitsSealedForOneUserOfOnePool() {
        TotpSecrets secrets = new TotpSecrets("us-east-1_pool", new SealedInMemory(), new SecureRandom());
        TotpSecrets.NewSecret secret = secrets.create("sub-1");
        assertThat(secret.base32()).matches("[A-Z2-7]{32}");
        byte[] opened = secrets.open("sub-1", secret.sealed());
        assertThat(opened).hasSize(20);
        assertThat(Base32.encode(opened)).isEqualTo(secret.base32());
        assertThat(secret.toString()).doesNotContain(secret.base32());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> secrets.open("sub-2", secret.sealed()))
                .isInstanceOf(io.cognate.ports.SecretEnvelopes.CannotOpen.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TotpSecrets("eu-west-1_other", new SealedInMemory(),
                new SecureRandom()).open("sub-1", secret.sealed()))
                .isInstanceOf(io.cognate.ports.SecretEnvelopes.CannotOpen.class);
        assertThat(secrets.create("sub-1").base32()).isNotEqualTo(secret.base32());
    }

    @Test
    void aUsedStepIsRememberedAsLongAsItsCodeCouldBeAccepted() {
        long step = Totp.step(NOW);
        Instant lastAcceptance = Instant.ofEpochSecond((step + 2) * Totp.STEP_SECONDS);
        assertThat(MfaSignIn.forgetAfter(step)).isAfter(lastAcceptance);
    }
}
