package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.devices.Device;
import io.cognate.domain.devices.UserDevices;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.DeviceStore;
import io.cognate.ports.DeviceStore.Conflict;
import io.cognate.ports.UserDirectory;
import io.cognate.ports.UserDirectory.FencedOut;
import io.cognate.domain.srp.SrpGroup;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeviceStore} does: a user's devices written whole and read back whole (keys,
 * names, salts and verifiers of every size, dates to the millisecond), each write conditional on
 * the version read and on the user still existing, fenced like every Directory write, kept apart
 * from the profile and the MFA settings, and deleted with the user. A concrete subclass supplies
 * fresh, empty storage for each test, writing as {@link #REGION}.
 */
public abstract class DeviceStoreContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");

    /** One test's storage: {@code devices} and {@code directory} over the same data; {@code leaders} holds no record yet. */
    public record Storage(DeviceStore devices, UserDirectory directory, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private DeviceStore store;
    private UserDirectory directory;
    private LeaderStore leaders;
    private LeaderRecord fence;
    private User alice;

    @BeforeEach
    void freshStorageWithOneUser() {
        Storage storage = newStorage();
        store = storage.devices();
        directory = storage.directory();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
        alice = user("sub-alice", "alice");
        directory.create(alice, fence);
    }

    @Test
    void aUserWhoNeverConfirmedADeviceHasNone() {
        assertThat(store.find("sub-alice")).isEqualTo(UserDevices.none());
        assertThat(store.find("sub-nobody")).isEqualTo(UserDevices.none());
    }

    @Test
    void devicesAreWrittenWholeAndReadBackWhole() {
        UserDevices one = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));
        store.put("sub-alice", one, 0, fence);
        assertThat(store.find("sub-alice")).isEqualTo(one);

        UserDevices two = one.with(device("us-east-1_0000bbbb", CREATED.plusSeconds(1), false));
        store.put("sub-alice", two, one.version(), fence);
        assertThat(store.find("sub-alice")).isEqualTo(two);
        assertThat(store.find("sub-alice").devices()).extracting(Device::key)
                .containsExactly("us-east-1_0000aaaa", "us-east-1_0000bbbb");

        UserDevices forgotten = two.without("us-east-1_0000aaaa").without("us-east-1_0000bbbb");
        store.put("sub-alice", forgotten, two.version(), fence);
        assertThat(store.find("sub-alice")).isEqualTo(forgotten);
        assertThat(store.find("sub-alice").devices()).isEmpty();
    }

    @Test
    void numbersOfEverySizeAndNamesOfEveryKindComeBackAsWritten() {
        BigInteger largest = SrpGroup.N.subtract(BigInteger.TWO);
        Device big = new Device("us-east-1_0000cccc", "group-key", Optional.of("Mozilla/5.0 ☃ " + "x".repeat(1000)),
                BigInteger.ONE.shiftLeft(127), largest, true, CREATED, CREATED, CREATED);
        Device small = new Device("us-east-1_0000dddd", "group-key-2", Optional.empty(), BigInteger.ONE,
                BigInteger.TWO, false, CREATED.plusSeconds(1), CREATED.plusSeconds(1), CREATED.plusSeconds(1));
        UserDevices devices = UserDevices.none().with(big).with(small);

        store.put("sub-alice", devices, 0, fence);

        assertThat(store.find("sub-alice")).isEqualTo(devices);
    }

    @Test
    void theMostDevicesAUserKeepsFitInTheStore() {
        UserDevices devices = UserDevices.none();
        for (int i = 0; i < UserDevices.MAX_DEVICES; i++) {
            devices = devices.with(new Device("us-east-1_%08x-0000-0000-0000-000000000000".formatted(i), "group-" + i,
                    Optional.of("n".repeat(1024)), BigInteger.ONE.shiftLeft(127), SrpGroup.N.subtract(BigInteger.TWO),
                    true, CREATED.plusSeconds(i), CREATED, CREATED));
        }

        store.put("sub-alice", devices, 0, fence);

        assertThat(store.find("sub-alice").devices()).hasSize(UserDevices.MAX_DEVICES);
    }

    @Test
    void datesAreKeptToTheMillisecond() {
        Instant precise = CREATED.plusNanos(2_500_000);
        store.put("sub-alice", UserDevices.none().with(new Device("us-east-1_0000eeee", "g", Optional.empty(),
                BigInteger.TEN, BigInteger.TEN, true, precise, precise, precise)), 0, fence);

        Device read = store.find("sub-alice").devices().getFirst();
        assertThat(List.of(read.createdAt(), read.lastModifiedAt(), read.lastAuthenticatedAt()))
                .containsOnly(CREATED.plusMillis(2));
    }

    @Test
    void aWriteFromAVersionThatIsNoLongerStoredIsRefused() {
        UserDevices first = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));
        store.put("sub-alice", first, 0, fence);
        UserDevices second = first.with(device("us-east-1_0000bbbb", CREATED, true));
        store.put("sub-alice", second, first.version(), fence);

        assertThatThrownBy(() -> store.put("sub-alice", first.without("us-east-1_0000aaaa"), first.version(), fence))
                .isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", UserDevices.none().with(device("us-east-1_0000cccc", CREATED,
                true)), 0, fence)).as("version 0 means none stored").isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", second.without("us-east-1_0000aaaa"), 7, fence))
                .isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).isEqualTo(second);
    }

    @Test
    void devicesForAUserWhoDoesNotExistAreRefused() {
        assertThatThrownBy(() -> store.put("sub-nobody", UserDevices.none().with(device("us-east-1_0000aaaa", CREATED,
                true)), 0, fence)).isInstanceOf(Conflict.class);
        assertThat(store.find("sub-nobody")).isEqualTo(UserDevices.none());
    }

    @Test
    void deletingTheUserDeletesItsDevicesAndRefusesLaterOnes() {
        UserDevices devices = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));
        store.put("sub-alice", devices, 0, fence);

        directory.delete(alice, fence);

        assertThat(store.find("sub-alice")).isEqualTo(UserDevices.none());
        assertThatThrownBy(() -> store.put("sub-alice", devices, 0, fence)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", devices.without("us-east-1_0000aaaa"), devices.version(),
                fence)).isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).isEqualTo(UserDevices.none());
    }

    @Test
    void aProfileWriteAndADevicesWriteLeaveEachOtherAlone() {
        UserDevices devices = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));
        store.put("sub-alice", devices, 0, fence);

        User read = directory.findBySub("sub-alice").orElseThrow();
        User newPassword = directory.update(read.withPassword("new-hash", "", CREATED.plusSeconds(5)), fence);
        assertThat(store.find("sub-alice")).isEqualTo(devices);

        store.put("sub-alice", devices.without("us-east-1_0000aaaa"), devices.version(), fence);
        assertThat(directory.findBySub("sub-alice")).contains(newPassword);
    }

    @Test
    void eachUserHasDevicesOfTheirOwn() {
        directory.create(user("sub-bob", "bob"), fence);
        UserDevices alices = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));

        store.put("sub-alice", alices, 0, fence);

        assertThat(store.find("sub-bob")).isEqualTo(UserDevices.none());
    }

    @Test
    void writesRacingFromOneVersionLetExactlyOneThrough() {
        UserDevices read = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));
        store.put("sub-alice", read, 0, fence);
        List<UserDevices> attempts = IntStream.range(0, 8)
                .mapToObj(i -> read.with(device("us-east-1_0000%04x".formatted(i + 16), CREATED.plusSeconds(i), true)))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(attempts.size(), i -> () -> {
            store.put("sub-alice", attempts.get(i), read.version(), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(Conflict.class));
        int winner = IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i).succeeded()).findFirst().orElseThrow();
        assertThat(store.find("sub-alice")).isEqualTo(attempts.get(winner));
    }

    // ---- the write fence -----------------------------------------------------------------------

    @Test
    void aWriteIsRefusedWhileAnotherRegionLeads() {
        LeaderRecord otherLeads = promote(OTHER_REGION);

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> store.put("sub-alice", UserDevices.none().with(device("us-east-1_0000aaaa",
                    CREATED, true)), 0, tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(store.find("sub-alice")).isEqualTo(UserDevices.none());
    }

    @Test
    void theFenceIsCheckedBeforeTheUserAndTheVersion() {
        UserDevices devices = UserDevices.none().with(device("us-east-1_0000aaaa", CREATED, true));
        store.put("sub-alice", devices, 0, fence);
        promote(OTHER_REGION);

        assertThatThrownBy(() -> store.put("sub-nobody", devices, 0, fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> store.put("sub-alice", devices, 0, fence)).isInstanceOf(FencedOut.class);
        LeaderRecord leadsAgain = promote(REGION);
        store.put("sub-alice", devices.without("us-east-1_0000aaaa"), devices.version(), leadsAgain);
        assertThat(store.find("sub-alice").devices()).isEmpty();
    }

    private LeaderRecord promote(String region) {
        LeaderState now = leaders.transitions().state().orElseThrow();
        return leaders.transitions().promote(now, region, "test", CREATED, Optional.empty()).orElseThrow().record();
    }

    private static Device device(String key, Instant createdAt, boolean remembered) {
        return new Device(key, "group-of-" + key, Optional.of("browser " + key), new BigInteger("1234567890abcdef", 16),
                SrpGroup.G.modPow(BigInteger.valueOf(key.hashCode() & 0xffff).add(BigInteger.TWO), SrpGroup.N),
                remembered, createdAt, createdAt, createdAt);
    }

    private static User user(String sub, String username) {
        return new User(sub, Username.of(username), UserStatus.CONFIRMED, true, Map.of("email", username + "@example.com"),
                "hash-of-" + sub, Optional.empty(), CREATED, CREATED);
    }
}
