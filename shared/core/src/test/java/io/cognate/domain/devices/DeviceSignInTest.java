package io.cognate.domain.devices;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.AppClient;
import io.cognate.domain.PasswordSignIn;
import io.cognate.domain.SignInAttempts;
import io.cognate.domain.Username;
import io.cognate.domain.mfa.ChallengeSessions;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.mfa.MfaEnrolment;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.mfa.Totp;
import io.cognate.testing.AuthenticatorApp;
import io.cognate.testing.InMemoryRegion;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sign-in from a remembered device on in-memory stores: which sign-ins are asked to prove a
 * device instead of the second factor, that the proof goes through the password's lockout count,
 * and that nothing of it needs a region that leads.
 */
class DeviceSignInTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final Duration NEXT_STEP = Duration.ofSeconds(Totp.STEP_SECONDS);
    private static final DeviceConfiguration USER_OPT_IN = new DeviceConfiguration(DeviceTracking.USER_OPT_IN, true);

    private InMemoryRegion region;
    private AuthenticatorApp authenticator;

    /** A pool with software-token MFA on for Alice, who has enrolled. */
    private void pool(DeviceConfiguration devices, MfaConfiguration mfa) {
        region = InMemoryRegion.builder().mfa(mfa).devices(devices).build();
        region.signUpConfirmed(ALICE, PASSWORD, "alice@example.com");
        if (mfa != MfaConfiguration.ON) {
            MfaEnrolment enrolment = region.mfaEnrolment(MfaConfiguration.OPTIONAL);
            String token = region.signIn(ALICE, PASSWORD).accessToken();
            authenticator = AuthenticatorApp.withSecretCode(enrolment.associate(token, null).secretCode());
            enrolment.verify(token, null, authenticator.codeAt(region.clock().instant()));
            enrolment.setPreference(token, true, true, false);
        }
        region.clock().advance(NEXT_STEP);
    }

    private void pool(DeviceConfiguration devices) {
        pool(devices, MfaConfiguration.OPTIONAL);
    }

    private static MfaSignIn.Challenge challenge(MfaSignIn.Step step, String name) {
        assertThat(step).isInstanceOf(MfaSignIn.Challenge.class);
        MfaSignIn.Challenge challenge = (MfaSignIn.Challenge) step;
        assertThat(challenge.name()).isEqualTo(name);
        return challenge;
    }

    /** Password and TOTP code, from the device {@code deviceKey} names (null: none). */
    private MfaSignIn.Tokens signInWithCode(String deviceKey) {
        MfaSignIn.Challenge totp = challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, deviceKey),
                "SOFTWARE_TOKEN_MFA");
        Map<String, String> answer = new HashMap<>(Map.of("USERNAME", ALICE,
                "SOFTWARE_TOKEN_MFA_CODE", authenticator.codeAt(region.clock().instant())));
        if (deviceKey != null) {
            answer.put("DEVICE_KEY", deviceKey);
        }
        MfaSignIn.Tokens tokens = region.mfaSignIn().answer(CLIENT, "SOFTWARE_TOKEN_MFA", totp.session(), answer);
        region.clock().advance(NEXT_STEP);
        return tokens;
    }

    /** A sign-in with the code, then ConfirmDevice with the key it handed out, and (for USER_OPT_IN) remembered. */
    private DeviceApp rememberedDevice() {
        MfaSignIn.Tokens tokens = signInWithCode(null);
        DeviceApp app = new DeviceApp(tokens.newDevice().orElseThrow());
        String accessToken = tokens.tokens().accessToken();
        region.deviceService().confirm(accessToken, app.deviceKey, "Test browser", app.saltBase64(),
                app.verifierBase64());
        region.deviceService().updateStatus(accessToken, app.deviceKey, Device.REMEMBERED);
        return app;
    }

    /** The DEVICE_PASSWORD_VERIFIER challenge of a sign-in from {@code app}, the password proven. */
    private Map<String, String> deviceChallenge(DeviceApp app) {
        MfaSignIn.Challenge device = challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, app.deviceKey),
                DeviceSignIn.DEVICE_SRP_AUTH);
        MfaSignIn.Challenge verifier = region.deviceSignIn().start(CLIENT, device.session(), app.srpAuth(ALICE));
        assertThat(verifier.name()).isEqualTo(DeviceSignIn.DEVICE_PASSWORD_VERIFIER);
        return verifier.parameters();
    }

    private int failuresCounted() {
        return region.lockoutCounters().read(Username.of(ALICE).key()).map(c -> c.failures()).orElse(0);
    }

    @Test
    void aSignInFromNoKnownDeviceGetsANewDeviceKeyInTheRegionsFormat() {
        pool(USER_OPT_IN);

        NewDeviceMetadata metadata = signInWithCode(null).newDevice().orElseThrow();

        assertThat(metadata.deviceKey()).matches("us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .hasSizeLessThanOrEqualTo(55);
        assertThat(metadata.deviceGroupKey()).isEqualTo(region.deviceKeys().groupKey(metadata.deviceKey(),
                Username.of(ALICE)));
        assertThat(signInWithCode(null).newDevice().orElseThrow().deviceKey()).isNotEqualTo(metadata.deviceKey());
    }

    @Test
    void withoutDeviceTrackingNoDeviceKeyIsHandedOut() {
        pool(DeviceConfiguration.off());

        assertThat(signInWithCode(null).newDevice()).isEmpty();
    }

    @Test
    void preTokenGenerationIsToldTheTokensEndADeviceSignIn() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        String trigger = "http://pre-token-generation.test/";
        region.triggerInvoker().serve(trigger, event -> "{\"response\":{}}");
        io.cognate.domain.triggers.PreTokenGenerationTest.configure(region, Map.of("PreTokenGeneration", trigger));

        region.deviceSignIn().answer(CLIENT, app.claim(deviceChallenge(app), app.password, region.clock().instant()));

        assertThat(region.triggerInvoker().events().getLast()).contains("\"TokenGeneration_AuthenticateDevice\"");
    }

    @Test
    void aRememberedDeviceIsProvenInsteadOfTheCode() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();

        Map<String, String> challenge = deviceChallenge(app);
        MfaSignIn.Tokens tokens = region.deviceSignIn().answer(CLIENT,
                app.claim(challenge, app.password, region.clock().instant()));

        assertThat(challenge).containsKeys("SALT", "SRP_B", "SECRET_BLOCK").containsEntry("DEVICE_KEY", app.deviceKey)
                .containsEntry("USERNAME", ALICE);
        assertThat(region.identityService().getUser(tokens.tokens().accessToken()).sub())
                .isEqualTo(region.user(ALICE).sub());
        assertThat(tokens.newDevice()).as("the sign-in came from a known device").isEmpty();
        assertThat(failuresCounted()).isZero();
        assertThat(region.deviceService().get(tokens.tokens().accessToken(), app.deviceKey).lastAuthenticatedAt())
                .isEqualTo(region.clock().instant());
    }

    @Test
    void aSignInFromAKnownDeviceGetsNoNewKeyAfterTheCode() {
        pool(USER_OPT_IN);
        MfaSignIn.Tokens first = signInWithCode(null);
        DeviceApp app = new DeviceApp(first.newDevice().orElseThrow());
        region.deviceService().confirm(first.tokens().accessToken(), app.deviceKey, null, app.saltBase64(),
                app.verifierBase64());

        assertThat(signInWithCode(app.deviceKey).newDevice()).as("confirmed, not remembered: the code is asked, "
                + "and the device keeps its key").isEmpty();
    }

    @Test
    void userAuthsPasswordFactorAsksARememberedDeviceToo() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();

        MfaSignIn.Step step = region.choiceSignIn().start(CLIENT, Map.of("USERNAME", ALICE,
                "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", PASSWORD, "DEVICE_KEY", app.deviceKey));

        challenge(step, DeviceSignIn.DEVICE_SRP_AUTH);
    }

    @Test
    void withUserOptInAConfirmedDeviceThatIsNotRememberedTakesTheCode() {
        pool(USER_OPT_IN);
        MfaSignIn.Tokens first = signInWithCode(null);
        DeviceApp app = new DeviceApp(first.newDevice().orElseThrow());
        boolean necessary = region.deviceService().confirm(first.tokens().accessToken(), app.deviceKey, null,
                app.saltBase64(), app.verifierBase64());

        assertThat(necessary).isTrue();
        challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, app.deviceKey), "SOFTWARE_TOKEN_MFA");
    }

    @Test
    void withAlwaysEveryConfirmedDeviceIsProven() {
        pool(new DeviceConfiguration(DeviceTracking.ALWAYS, true));
        MfaSignIn.Tokens first = signInWithCode(null);
        DeviceApp app = new DeviceApp(first.newDevice().orElseThrow());
        boolean necessary = region.deviceService().confirm(first.tokens().accessToken(), app.deviceKey, null,
                app.saltBase64(), app.verifierBase64());

        assertThat(necessary).isFalse();
        Map<String, String> challenge = deviceChallenge(app);
        assertThat(region.deviceSignIn().answer(CLIENT, app.claim(challenge, app.password, region.clock().instant()))
                .tokens().accessToken()).isNotEmpty();
    }

    @Test
    void whenRememberedDevicesDoNotReplaceMfaTheCodeIsAsked() {
        pool(new DeviceConfiguration(DeviceTracking.ALWAYS, false));
        MfaSignIn.Tokens first = signInWithCode(null);
        DeviceApp app = new DeviceApp(first.newDevice().orElseThrow());
        region.deviceService().confirm(first.tokens().accessToken(), app.deviceKey, null, app.saltBase64(),
                app.verifierBase64());

        challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, app.deviceKey), "SOFTWARE_TOKEN_MFA");
    }

    @Test
    void aForgottenOrNoLongerRememberedDeviceTakesTheCode() {
        pool(USER_OPT_IN);
        DeviceApp forgotten = rememberedDevice();
        DeviceApp demoted = rememberedDevice();
        String accessToken = signInWithCode(null).tokens().accessToken();
        region.deviceService().forget(accessToken, forgotten.deviceKey);
        region.deviceService().updateStatus(accessToken, demoted.deviceKey, Device.NOT_REMEMBERED);

        challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, forgotten.deviceKey), "SOFTWARE_TOKEN_MFA");
        challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, demoted.deviceKey), "SOFTWARE_TOKEN_MFA");
    }

    @Test
    void anotherUsersRememberedDeviceTakesTheCodeAndGetsAKeyOfItsOwn() {
        pool(USER_OPT_IN);
        DeviceApp alices = rememberedDevice();
        region.signUpConfirmed("bob", "Bobs-Password-1", "bob@example.com");

        MfaSignIn.Step bob = region.mfaSignIn().passwordAuth(CLIENT, "bob", "Bobs-Password-1", alices.deviceKey);

        assertThat(bob).isInstanceOf(MfaSignIn.Tokens.class);
        assertThat(((MfaSignIn.Tokens) bob).newDevice().orElseThrow().deviceKey()).isNotEqualTo(alices.deviceKey);
    }

    @Test
    void aUserWhoMustSetUpMfaDoesSoWhateverDeviceTheyAreOn() {
        pool(new DeviceConfiguration(DeviceTracking.ALWAYS, true), MfaConfiguration.ON);

        MfaSignIn.Step step = region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD,
                region.deviceKeys().mint(Username.of(ALICE)));

        challenge(step, "MFA_SETUP");
    }

    // ---- attacks ----------------------------------------------------------------------------

    @Test
    void wrongDeviceProofsCountTowardsTheLockoutAndLockTheAccount() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        int limit = region.signInAttempts().policy().maxFailures();

        int wrongProofs = 0;
        while (true) {
            Map<String, String> challenge;
            try {
                challenge = deviceChallenge(app);
            } catch (io.cognate.domain.CognitoException locked) {
                assertThat(locked.getMessage()).isEqualTo(SignInAttempts.ATTEMPTS_EXCEEDED);
                break;
            }
            int before = failuresCounted();
            assertRefused(() -> region.deviceSignIn().answer(CLIENT,
                    app.claim(challenge, "guessed-device-password", region.clock().instant())), "NotAuthorizedException")
                    .hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
            wrongProofs++;
            // The password is right each time: the wrong device proof is counted on top of it.
            assertThat(failuresCounted()).isEqualTo(before + 1);
            assertThat(wrongProofs).as("no more guesses at the device than at the password").isLessThanOrEqualTo(limit);
        }
        assertThat(wrongProofs).isPositive();
    }

    @Test
    void aLockedAccountIsRefusedEvenTheRightDeviceProof() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        Map<String, String> waiting = deviceChallenge(app);
        for (int i = 0; i < region.signInAttempts().policy().maxFailures(); i++) {
            assertRefused(() -> region.mfaSignIn().passwordAuth(CLIENT, ALICE, "Wrong-Password-1", app.deviceKey),
                    "NotAuthorizedException");
        }

        assertRefused(() -> region.deviceSignIn().answer(CLIENT, app.claim(waiting, app.password,
                region.clock().instant())), "NotAuthorizedException").hasMessage(SignInAttempts.ATTEMPTS_EXCEEDED);
    }

    @Test
    void thePasswordsAttemptStaysCountedUntilTheDeviceIsProven() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        assertRefused(() -> region.mfaSignIn().passwordAuth(CLIENT, ALICE, "Wrong-Password-1", app.deviceKey),
                "NotAuthorizedException");
        assertThat(failuresCounted()).isEqualTo(1);

        Map<String, String> challenge = deviceChallenge(app);
        assertThat(failuresCounted()).as("the right password's attempt is still counted while the device is asked")
                .isEqualTo(2);
        region.deviceSignIn().answer(CLIENT, app.claim(challenge, app.password, region.clock().instant()));

        assertThat(failuresCounted()).isZero();
    }

    @Test
    void aProofSignsInOnce() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        Map<String, String> claim = app.claim(deviceChallenge(app), app.password, region.clock().instant());
        region.deviceSignIn().answer(CLIENT, claim);

        assertRefused(() -> region.deviceSignIn().answer(CLIENT, claim), "NotAuthorizedException")
                .hasMessage(MfaSignIn.USED_ONCE);
    }

    @Test
    void aProofIsBoundToItsClientItsUserAndItsDevice() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        DeviceApp other = rememberedDevice();
        region.putClient(new AppClient("other-client", "other", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)));
        Map<String, String> claim = app.claim(deviceChallenge(app), app.password, region.clock().instant());

        assertRefused(() -> region.deviceSignIn().answer("other-client", claim), "NotAuthorizedException");
        Map<String, String> asBob = new HashMap<>(claim);
        asBob.put("USERNAME", "bob");
        assertRefused(() -> region.deviceSignIn().answer(CLIENT, asBob), "NotAuthorizedException");
        Map<String, String> asOther = new HashMap<>(claim);
        asOther.put("DEVICE_KEY", other.deviceKey);
        assertRefused(() -> region.deviceSignIn().answer(CLIENT, asOther), "NotAuthorizedException");
        assertThat(region.deviceSignIn().answer(CLIENT, claim).tokens().accessToken()).isNotEmpty();
    }

    @Test
    void aDeviceSessionNamesItsDeviceAndExpires() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        DeviceApp other = rememberedDevice();
        MfaSignIn.Challenge device = challenge(region.mfaSignIn().passwordAuth(CLIENT, ALICE, PASSWORD, app.deviceKey),
                DeviceSignIn.DEVICE_SRP_AUTH);

        assertRefused(() -> region.deviceSignIn().start(CLIENT, device.session(), other.srpAuth(ALICE)),
                "NotAuthorizedException").hasMessage(ChallengeSessions.INVALID);
        region.clock().advance(ChallengeSessions.VALIDITY);
        assertRefused(() -> region.deviceSignIn().start(CLIENT, device.session(), app.srpAuth(ALICE)),
                "NotAuthorizedException");
    }

    @Test
    void aDeviceForgottenDuringTheSignInProvesNothing() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        Map<String, String> challenge = deviceChallenge(app);
        String accessToken = signInWithCode(null).tokens().accessToken();
        region.deviceService().forget(accessToken, app.deviceKey);

        assertRefused(() -> region.deviceSignIn().answer(CLIENT, app.claim(challenge, app.password,
                region.clock().instant())), "NotAuthorizedException").hasMessage(PasswordSignIn.INCORRECT_CREDENTIALS);
    }

    // ---- regions that do not lead -------------------------------------------------------------

    @Test
    void aRegionThatDoesNotLeadProvesRememberedDevicesButHandsOutNoNewKeys() {
        pool(USER_OPT_IN);
        DeviceApp app = rememberedDevice();
        region.handLeadershipTo("eu-west-1");

        Map<String, String> challenge = deviceChallenge(app);
        MfaSignIn.Tokens tokens = region.deviceSignIn().answer(CLIENT,
                app.claim(challenge, app.password, region.clock().instant()));

        assertThat(tokens.tokens().accessToken()).isNotEmpty();
        assertThat(signInWithCode(null).newDevice()).as("ConfirmDevice could not store it here").isEmpty();
    }
}
