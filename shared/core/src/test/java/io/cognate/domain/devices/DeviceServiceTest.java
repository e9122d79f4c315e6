package io.cognate.domain.devices;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.Username;
import io.cognate.domain.srp.SrpGroup;
import io.cognate.ports.DeviceStore;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.contracts.Race;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ConfirmDevice, GetDevice, ListDevices, ForgetDevice and UpdateDeviceStatus on in-memory stores:
 * what each answers, that none tells one user about another's devices, that concurrent changes
 * all take effect, and that a region that does not lead refuses the changes.
 */
class DeviceServiceTest {
    private static final String PASSWORD = "Correct-Horse-9";

    private InMemoryRegion region;
    private DeviceService devices;
    private String alice;
    private String bob;

    @BeforeEach
    void pool() {
        region = InMemoryRegion.builder().devices(new DeviceConfiguration(DeviceTracking.USER_OPT_IN, true)).build();
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        region.signUpConfirmed("bob", PASSWORD, "bob@example.com");
        alice = region.signIn("alice", PASSWORD).accessToken();
        bob = region.signIn("bob", PASSWORD).accessToken();
        devices = region.deviceService();
    }

    private DeviceApp newDevice(String username) {
        String key = region.deviceKeys().mint(Username.of(username));
        return new DeviceApp(new NewDeviceMetadata(key, region.deviceKeys().groupKey(key, Username.of(username))));
    }

    private DeviceApp confirmed(String accessToken, String username) {
        DeviceApp app = newDevice(username);
        devices.confirm(accessToken, app.deviceKey, "browser of " + username, app.saltBase64(), app.verifierBase64());
        region.clock().advance(Duration.ofSeconds(1));
        return app;
    }

    @Test
    void aConfirmedDeviceIsStoredWithItsVerifierAndNotRememberedUntilTheUserSaysSo() {
        DeviceApp app = newDevice("alice");

        boolean necessary = devices.confirm(alice, app.deviceKey, "Firefox", app.saltBase64(), app.verifierBase64());

        assertThat(necessary).isTrue();
        Device stored = devices.get(alice, app.deviceKey);
        assertThat(stored.verifier()).isEqualTo(app.verifier);
        assertThat(stored.salt()).isEqualTo(app.salt);
        assertThat(stored.groupKey()).isEqualTo(app.groupKey);
        assertThat(stored.name()).contains("Firefox");
        assertThat(stored.remembered()).isFalse();
        assertThat(devices.list(alice, null, null).devices()).as("ListDevices shows remembered devices").isEmpty();

        devices.updateStatus(alice, app.deviceKey, Device.REMEMBERED);

        assertThat(devices.get(alice, app.deviceKey).remembered()).isTrue();
        assertThat(devices.list(alice, null, null).devices()).extracting(Device::key).containsExactly(app.deviceKey);
    }

    @Test
    void withAlwaysAConfirmedDeviceIsRememberedAtOnce() {
        region = InMemoryRegion.builder().devices(new DeviceConfiguration(DeviceTracking.ALWAYS, true)).build();
        region.signUpConfirmed("alice", PASSWORD, "alice@example.com");
        devices = region.deviceService();
        alice = region.signIn("alice", PASSWORD).accessToken();
        DeviceApp app = newDevice("alice");

        assertThat(devices.confirm(alice, app.deviceKey, null, app.saltBase64(), app.verifierBase64())).isFalse();
        assertThat(devices.get(alice, app.deviceKey).remembered()).isTrue();
    }

    @Test
    void aRetriedConfirmationIsAnsweredAsTheFirstAndAnotherSecretUnderTheSameKeyIsRefused() {
        DeviceApp app = confirmed(alice, "alice");
        DeviceApp impostor = new DeviceApp(new NewDeviceMetadata(app.deviceKey, app.groupKey));

        assertThat(devices.confirm(alice, app.deviceKey, null, app.saltBase64(), app.verifierBase64())).isTrue();
        assertRefused(() -> devices.confirm(alice, app.deviceKey, null, impostor.saltBase64(),
                impostor.verifierBase64()), "DeviceKeyExistsException");
        assertThat(devices.get(alice, app.deviceKey).verifier()).isEqualTo(app.verifier);
    }

    @Test
    void onlyAKeyThisPoolHandedThisUserCanBeConfirmed() {
        DeviceApp bobs = newDevice("bob");
        DeviceApp madeUp = new DeviceApp(new NewDeviceMetadata("us-east-1_00000000-0000-0000-0000-000000000000", "g"));

        for (DeviceApp app : List.of(bobs, madeUp)) {
            assertRefused(() -> devices.confirm(alice, app.deviceKey, null, app.saltBase64(), app.verifierBase64()),
                    "InvalidParameterException").hasMessage(DeviceService.INVALID_KEY);
        }
        assertThat(region.devices().find(region.user("alice").sub()).devices()).isEmpty();
    }

    @Test
    void aKeyMintedInAnotherRegionIsConfirmedHere() {
        InMemoryRegion west = InMemoryRegion.builder().region("eu-west-1").build();
        DeviceKeys westKeys = new DeviceKeys("eu-west-1", new io.cognate.domain.DecoyDestinations(
                io.cognate.testing.FixedTestKey.signer()), new java.security.SecureRandom());
        String key = westKeys.mint(Username.of("alice"));

        assertThat(west.region()).isEqualTo("eu-west-1");
        assertThat(region.deviceKeys().mintedFor(key, Username.of("alice"))).isTrue();
        assertThat(region.deviceKeys().mintedFor(key, Username.of("bob"))).isFalse();
        assertThat(region.deviceKeys().mintedFor(key.replace("eu-west-1", "us-east-1"), Username.of("alice"))).isFalse();
    }

    @Test
    void verifiersThatProveNothingAreRefused() {
        DeviceApp app = newDevice("alice");
        for (BigInteger bad : List.of(BigInteger.ZERO, BigInteger.ONE, SrpGroup.N, SrpGroup.N.add(BigInteger.ONE))) {
            String verifier = Base64.getEncoder().encodeToString(bad.toByteArray());
            assertRefused(() -> devices.confirm(alice, app.deviceKey, null, app.saltBase64(), verifier),
                    "InvalidParameterException");
        }
        assertRefused(() -> devices.confirm(alice, app.deviceKey, null, "not base64!", app.verifierBase64()),
                "InvalidParameterException");
        assertRefused(() -> devices.confirm(alice, app.deviceKey, null, null, app.verifierBase64()),
                "InvalidParameterException");
        assertThat(region.devices().find(region.user("alice").sub()).devices()).isEmpty();
    }

    @Test
    void anotherUsersDeviceIsAnsweredAsADeviceThatDoesNotExist() {
        DeviceApp bobs = confirmed(bob, "bob");
        String unknown = region.deviceKeys().mint(Username.of("alice"));

        for (String key : List.of(bobs.deviceKey, unknown)) {
            assertRefused(() -> devices.get(alice, key), "ResourceNotFoundException").hasMessage(DeviceService.NOT_FOUND);
            assertRefused(() -> devices.forget(alice, key), "ResourceNotFoundException")
                    .hasMessage(DeviceService.NOT_FOUND);
            assertRefused(() -> devices.updateStatus(alice, key, Device.REMEMBERED), "ResourceNotFoundException")
                    .hasMessage(DeviceService.NOT_FOUND);
        }
        assertThat(devices.get(bob, bobs.deviceKey).remembered()).as("Bob's device is untouched").isFalse();
    }

    @Test
    void forgottenDevicesAreGone() {
        DeviceApp app = confirmed(alice, "alice");

        devices.forget(alice, app.deviceKey);

        assertRefused(() -> devices.get(alice, app.deviceKey), "ResourceNotFoundException");
        assertRefused(() -> devices.forget(alice, app.deviceKey), "ResourceNotFoundException");
    }

    @Test
    void listDevicesPagesThroughRememberedDevicesOldestFirst() {
        List<String> keys = IntStream.range(0, 5).mapToObj(i -> confirmed(alice, "alice").deviceKey).toList();
        keys.forEach(key -> devices.updateStatus(alice, key, Device.REMEMBERED));
        devices.updateStatus(alice, keys.get(2), Device.NOT_REMEMBERED);

        DeviceService.Page first = devices.list(alice, 2, null);
        DeviceService.Page second = devices.list(alice, 2, first.paginationToken().orElseThrow());

        assertThat(first.devices()).extracting(Device::key).containsExactly(keys.get(0), keys.get(1));
        assertThat(second.devices()).extracting(Device::key).containsExactly(keys.get(3), keys.get(4));
        assertThat(second.paginationToken()).isEmpty();
        assertThat(devices.list(alice, 0, null).devices()).hasSize(4);
        assertRefused(() -> devices.list(alice, 2, "!!"), "InvalidParameterException");
    }

    @Test
    void pastTheBoundTheDeviceLeastRecentlyAuthenticatedIsForgotten() {
        List<String> keys = IntStream.range(0, UserDevices.MAX_DEVICES).mapToObj(i -> confirmed(alice, "alice").deviceKey)
                .toList();

        DeviceApp newest = confirmed(alice, "alice");

        UserDevices stored = region.devices().find(region.user("alice").sub());
        assertThat(stored.devices()).hasSize(UserDevices.MAX_DEVICES);
        assertThat(stored.find(keys.getFirst())).isEmpty();
        assertThat(stored.find(newest.deviceKey)).isPresent();
    }

    @Test
    void deletingTheUserDeletesTheirDevices() {
        confirmed(alice, "alice");
        String sub = region.user("alice").sub();

        region.accountService().deleteUser(alice);

        assertThat(region.devices().find(sub)).isEqualTo(UserDevices.none());
    }

    @Test
    void aRegionThatDoesNotLeadRefusesEveryChangeAndStillAnswersReads() {
        DeviceApp app = confirmed(alice, "alice");
        DeviceApp another = newDevice("alice");
        region.handLeadershipTo("eu-west-1");

        assertRefused(() -> devices.confirm(alice, another.deviceKey, null, another.saltBase64(),
                another.verifierBase64()), "OperationNotEnabledException");
        assertRefused(() -> devices.updateStatus(alice, app.deviceKey, Device.REMEMBERED), "OperationNotEnabledException");
        assertRefused(() -> devices.forget(alice, app.deviceKey), "OperationNotEnabledException");
        assertThat(devices.get(alice, app.deviceKey).remembered()).isFalse();
        assertThat(devices.list(alice, null, null).devices()).isEmpty();
    }

    // ---- no lost update ---------------------------------------------------------------------

    @Test
    void aChangeThatLostARaceIsMadeAgainOnTheWinnersDevices() {
        DeviceApp first = confirmed(alice, "alice");
        DeviceApp second = newDevice("alice");
        String sub = region.user("alice").sub();
        // Alice remembers her first device while her second is being confirmed: the second's write
        // was made from the devices as they were before the first was remembered.
        DeviceStore racing = new DeviceStore() {
            private boolean raced;

            @Override
            public UserDevices find(String forSub) {
                return region.devices().find(forSub);
            }

            @Override
            public void put(String forSub, UserDevices updated, long expectedVersion, LeaderRecord fence) {
                if (!raced) {
                    raced = true;
                    devices.updateStatus(alice, first.deviceKey, Device.REMEMBERED);
                }
                region.devices().put(forSub, updated, expectedVersion, fence);
            }
        };
        DeviceService confirming = new DeviceService(devices.configuration(), region.identityService(),
                region.directory(), racing, region.deviceKeys(), region.fence(), region.clock());

        confirming.confirm(alice, second.deviceKey, null, second.saltBase64(), second.verifierBase64());

        UserDevices stored = region.devices().find(sub);
        assertThat(stored.find(first.deviceKey).orElseThrow().remembered()).as("the first change is kept").isTrue();
        assertThat(stored.find(second.deviceKey)).as("the second change is made").isPresent();
    }

    @Test
    void concurrentConfirmationsAndStatusChangesAllTakeEffect() {
        List<DeviceApp> existing = IntStream.range(0, 2).mapToObj(i -> confirmed(alice, "alice")).toList();
        List<DeviceApp> arriving = IntStream.range(0, 2).mapToObj(i -> newDevice("alice")).toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(4, i -> () -> {
            if (i < 2) {
                devices.updateStatus(alice, existing.get(i).deviceKey, Device.REMEMBERED);
            } else {
                DeviceApp app = arriving.get(i - 2);
                devices.confirm(alice, app.deviceKey, null, app.saltBase64(), app.verifierBase64());
            }
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(4);
        UserDevices stored = region.devices().find(region.user("alice").sub());
        existing.forEach(app -> assertThat(stored.find(app.deviceKey).orElseThrow().remembered()).isTrue());
        arriving.forEach(app -> assertThat(stored.find(app.deviceKey)).isPresent());
        assertThat(Optional.of(stored.devices().size())).contains(4);
    }
}
