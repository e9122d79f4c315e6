package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.domain.Username;
import io.cognate.bench.srp.CognitoSrpClient;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeviceRememberedStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeviceType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NewDeviceMetadataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * Remembered devices across the two local regions (the local stack tracks devices as
 * USER_OPT_IN), through the AWS SDK's Cognito client, with {@link CognitoSrpClient} (written from
 * the public algorithm, sharing no code with the server) as the app's SRP: a user with TOTP on
 * signs in with SRP and the code at the primary, confirms the device key the sign-in handed out
 * and remembers it; once that has replicated, a sign-in at the secondary from that device is
 * asked to prove the device (DEVICE_SRP_AUTH) instead of the code, and gets tokens without one.
 */
@ExtendWith(RememberedDevicesTwoRegionTest.Stack.class)
class RememberedDevicesTwoRegionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    /** What the app keeps of its device after ConfirmDevice. */
    private record RememberedDevice(String key, String groupKey, String password) {
    }

    /** USER_SRP_AUTH up to the answer to PASSWORD_VERIFIER, from the device {@code deviceKey} names (null: none). */
    private static RespondToAuthChallengeResponse srpSignIn(CognitoIdentityProviderClient cognito, String username,
                                                           String deviceKey) {
        var client = new CognitoSrpClient(stack.userPoolId(), RANDOM);
        Map<String, String> parameters = new HashMap<>(Map.of("USERNAME", username, "SRP_A", client.srpA()));
        if (deviceKey != null) {
            parameters.put("DEVICE_KEY", deviceKey);
        }
        InitiateAuthResponse challenge = cognito.initiateAuth(b -> b.clientId(stack.clientId())
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(parameters));
        Map<String, String> asked = challenge.challengeParameters();
        String userId = asked.get("USER_ID_FOR_SRP");
        String timestamp = CognitoSrpClient.timestamp(Instant.now());
        Map<String, String> responses = new HashMap<>(Map.of(
                "USERNAME", userId,
                "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"),
                "TIMESTAMP", timestamp,
                "PASSWORD_CLAIM_SIGNATURE", client.signature(userId, Accounts.PASSWORD, asked.get("SALT"),
                        asked.get("SRP_B"), asked.get("SECRET_BLOCK"), timestamp)));
        if (deviceKey != null) {
            // As amazon-cognito-identity-js and Amplify send it: with the password claim too.
            responses.put("DEVICE_KEY", deviceKey);
        }
        return cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(responses));
    }

    /** DEVICE_SRP_AUTH's answer, then DEVICE_PASSWORD_VERIFIER's, proving {@code devicePassword}. */
    private static RespondToAuthChallengeResponse proveDevice(CognitoIdentityProviderClient cognito, String username,
                                                             RespondToAuthChallengeResponse deviceChallenge,
                                                             RememberedDevice device, String devicePassword) {
        var client = new CognitoSrpClient(stack.userPoolId(), RANDOM);
        var verifier = cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.DEVICE_SRP_AUTH).session(deviceChallenge.session())
                .challengeResponses(Map.of("USERNAME", username, "DEVICE_KEY", device.key(), "SRP_A", client.srpA())));
        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.DEVICE_PASSWORD_VERIFIER);
        Map<String, String> asked = verifier.challengeParameters();
        assertThat(asked).containsKeys("SALT", "SRP_B", "SECRET_BLOCK").containsEntry("DEVICE_KEY", device.key());
        String timestamp = CognitoSrpClient.timestamp(Instant.now());
        String signature = client.deviceSignature(device.groupKey(), device.key(), devicePassword, asked.get("SALT"),
                asked.get("SRP_B"), asked.get("SECRET_BLOCK"), timestamp);
        return cognito.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                .challengeName(ChallengeNameType.DEVICE_PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(Map.of("USERNAME", asked.get("USERNAME"), "DEVICE_KEY", device.key(),
                        "PASSWORD_CLAIM_SECRET_BLOCK", asked.get("SECRET_BLOCK"), "TIMESTAMP", timestamp,
                        "PASSWORD_CLAIM_SIGNATURE", signature)));
    }

    private static Rfc6238Codes enrolAtPrimary(String username) {
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            String accessToken = Accounts.signIn(east, stack.clientId(), username).accessToken();
            var phone = new Rfc6238Codes(east.associateSoftwareToken(b -> b.accessToken(accessToken)).secretCode(),
                    Clock.systemUTC());
            assertThat(east.verifySoftwareToken(b -> b.accessToken(accessToken).userCode(phone.fresh().value())).status())
                    .isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
            east.setUserMFAPreference(b -> b.accessToken(accessToken)
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
            return phone;
        }
    }

    /**
     * At the primary: SRP and the code, then ConfirmDevice with a verifier the app made for the
     * key the sign-in handed out, then UpdateDeviceStatus remembered.
     */
    private static RememberedDevice rememberAtPrimary(String username, Rfc6238Codes phone) {
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            var totp = srpSignIn(east, username, null);
            assertThat(totp.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            AuthenticationResultType tokens = east.respondToAuthChallenge(b -> b.clientId(stack.clientId())
                    .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(totp.session())
                    .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", phone.fresh().value())))
                    .authenticationResult();
            NewDeviceMetadataType metadata = tokens.newDeviceMetadata();
            assertThat(metadata.deviceKey()).matches(stack.primary().name() + "_[0-9a-f-]{36}");
            assertThat(metadata.deviceGroupKey()).isNotBlank();

            var secret = CognitoSrpClient.newDeviceVerifier(metadata.deviceGroupKey(), metadata.deviceKey(), RANDOM);
            var confirmation = east.confirmDevice(b -> b.accessToken(tokens.accessToken())
                    .deviceKey(metadata.deviceKey()).deviceName("integration test browser")
                    .deviceSecretVerifierConfig(c -> c.salt(base64OfHex(secret.saltHex()))
                            .passwordVerifier(base64OfHex(secret.verifierHex()))));
            assertThat(confirmation.userConfirmationNecessary()).as("USER_OPT_IN: the user is asked").isTrue();
            assertThat(east.listDevices(b -> b.accessToken(tokens.accessToken())).devices())
                    .as("not remembered yet").isEmpty();

            east.updateDeviceStatus(b -> b.accessToken(tokens.accessToken()).deviceKey(metadata.deviceKey())
                    .deviceRememberedStatus(DeviceRememberedStatusType.REMEMBERED));

            DeviceType device = east.getDevice(b -> b.accessToken(tokens.accessToken())
                    .deviceKey(metadata.deviceKey())).device();
            assertThat(device.deviceAttributes()).contains(
                    AttributeType.builder().name("device_status").value("valid").build(),
                    AttributeType.builder().name("device_name").value("integration test browser").build(),
                    AttributeType.builder().name("dev:device_remembered_status").value("remembered").build());
            assertThat(device.deviceCreateDate()).isBefore(Instant.now().plusSeconds(1))
                    .isAfter(Instant.now().minusSeconds(120));
            assertThat(east.listDevices(b -> b.accessToken(tokens.accessToken()).limit(10)).devices())
                    .extracting(DeviceType::deviceKey).containsExactly(metadata.deviceKey());
            return new RememberedDevice(metadata.deviceKey(), metadata.deviceGroupKey(), secret.password());
        }
    }

    private static String base64OfHex(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    private static int failuresCountedAt(LocalRegion region, String username) {
        return new DynamoDbLockoutCounters(region.dynamo().client(), LocalRegion.TABLES.lockout())
                .read(Username.of(username).key()).map(c -> c.failures()).orElse(0);
    }

    @Test
    void aDeviceRememberedAtThePrimaryIsProvenAtTheSecondaryInsteadOfTheCode() {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = enrolAtPrimary(username);
        RememberedDevice device = rememberAtPrimary(username, phone);
        Accounts.awaitReplicated(stack);
        LocalRegion secondary = stack.regions().get(1);

        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            var challenge = srpSignIn(west, username, device.key());
            assertThat(challenge.challengeName()).as("the device instead of the code")
                    .isEqualTo(ChallengeNameType.DEVICE_SRP_AUTH);
            assertThat(challenge.authenticationResult()).isNull();
            assertThat(failuresCountedAt(secondary, username)).as("the password's attempt awaits the device").isEqualTo(1);

            AuthenticationResultType tokens = proveDevice(west, username, challenge, device, device.password())
                    .authenticationResult();

            assertThat(tokens.accessToken()).isNotBlank();
            assertThat(tokens.refreshToken()).isNotBlank();
            assertThat(tokens.newDeviceMetadata()).as("the sign-in came from a known device").isNull();
            assertThat(west.getUser(b -> b.accessToken(tokens.accessToken())).username()).isEqualTo(username);
            assertThat(failuresCountedAt(secondary, username)).isZero();
            // Reads are served at the secondary; changes are the leading region's, as every write.
            assertThat(west.getDevice(b -> b.accessToken(tokens.accessToken()).deviceKey(device.key())).device()
                    .deviceKey()).isEqualTo(device.key());
            assertThatThrownBy(() -> west.forgetDevice(b -> b.accessToken(tokens.accessToken()).deviceKey(device.key())))
                    .isInstanceOf(OperationNotEnabledException.class);
        }
    }

    @Test
    void aWrongDeviceProofAtTheSecondaryIsRefusedAndCounted() {
        String username = Accounts.confirmedUser(stack);
        Rfc6238Codes phone = enrolAtPrimary(username);
        RememberedDevice device = rememberAtPrimary(username, phone);
        Accounts.awaitReplicated(stack);
        LocalRegion secondary = stack.regions().get(1);

        try (var west = TwoRegionStoryTest.cognito(secondary)) {
            var challenge = srpSignIn(west, username, device.key());
            assertThatThrownBy(() -> proveDevice(west, username, challenge, device, "a guessed device password"))
                    .isInstanceOf(NotAuthorizedException.class);
            assertThat(failuresCountedAt(secondary, username)).as("the password and the wrong proof").isEqualTo(2);

            var again = srpSignIn(west, username, device.key());
            assertThat(proveDevice(west, username, again, device, device.password()).authenticationResult()
                    .accessToken()).isNotBlank();
            assertThat(failuresCountedAt(secondary, username)).isZero();
        }
    }

    @Test
    void anotherUsersDeviceKeyTakesTheCodeAndTellsNothingAboutTheDevice() {
        String alice = Accounts.confirmedUser(stack);
        RememberedDevice alices = rememberAtPrimary(alice, enrolAtPrimary(alice));
        String bob = Accounts.confirmedUser(stack);
        enrolAtPrimary(bob);
        Accounts.awaitReplicated(stack);

        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            var challenge = srpSignIn(east, bob, alices.key());
            assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        }
        try (var east = TwoRegionStoryTest.cognito(stack.primary())) {
            String unknown = stack.primary().name() + "_00000000-0000-0000-0000-000000000000";
            String someone = Accounts.confirmedUser(stack);
            String token = Accounts.signIn(east, stack.clientId(), someone).accessToken();
            for (String key : new String[] {alices.key(), unknown}) {
                assertThatThrownBy(() -> east.getDevice(b -> b.accessToken(token).deviceKey(key)))
                        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Device does not exist.");
                assertThatThrownBy(() -> east.updateDeviceStatus(b -> b.accessToken(token).deviceKey(key)
                        .deviceRememberedStatus(DeviceRememberedStatusType.NOT_REMEMBERED)))
                        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Device does not exist.");
            }
        }
    }
}
