package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.mfa.MfaSettings;
import io.cognate.ports.MfaSettingsStore.Conflict;
import io.cognate.ports.MfaSettingsStore;
import io.cognate.ports.UserDirectory.FencedOut;
import io.cognate.ports.UserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MfaSettingsStore} does: settings written whole and read back, each write
 * conditional on the version read and on the user still existing, fenced like every Directory
 * write, kept apart from the user's profile but deleted with the user. A concrete subclass
 * supplies fresh, empty storage for each test: the store and the directory of its users, both
 * writing as {@link #REGION}, and the leader record they fence against.
 */
public abstract class MfaSettingsStoreContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");

    /**
     * One test's storage: {@code mfaSettings} and {@code directory} over the same data, writing
     * as {@link #REGION}; {@code leaders} is the leader record both fence on, which has no record
     * yet. Nothing else is stored.
     */
    public record Storage(MfaSettingsStore mfaSettings, UserDirectory directory, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private MfaSettingsStore store;
    private UserDirectory directory;
    private LeaderStore leaders;
    private LeaderRecord fence;
    private User alice;

    @BeforeEach
    void freshStorageWithOneUser() {
        Storage storage = newStorage();
        store = storage.mfaSettings();
        directory = storage.directory();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
        alice = user("sub-alice", "alice");
        directory.create(alice, fence);
    }

    @Test
    void nothingIsFoundForAUserWhoNeverEnrolled() {
        assertThat(store.find("sub-alice")).isEmpty();
        assertThat(store.find("sub-nobody")).isEmpty();
    }

    @Test
    void settingsAreWrittenWholeAndReadBackWhole() {
        MfaSettings pending = MfaSettings.none().withPending("sealed-pending", CREATED.plusSeconds(1));
        store.put("sub-alice", pending, 0, fence);
        assertThat(store.find("sub-alice")).contains(pending);

        MfaSettings verified = pending.verified(true, CREATED.plusSeconds(2));
        store.put("sub-alice", verified, pending.version(), fence);
        assertThat(store.find("sub-alice")).contains(verified);
        assertThat(store.find("sub-alice").orElseThrow().active()).isTrue();

        MfaSettings switchedOff = verified.withPreference(false, false, CREATED.plusSeconds(3));
        store.put("sub-alice", switchedOff, verified.version(), fence);
        assertThat(store.find("sub-alice")).contains(switchedOff);
    }

    @Test
    void theVersionStoredIsTheOneTheSettingsCarry() {
        MfaSettings carried = new MfaSettings(Optional.of("sealed"), Optional.empty(), false, false, 5, CREATED);

        store.put("sub-alice", carried, 0, fence);

        assertThat(store.find("sub-alice").orElseThrow().version()).isEqualTo(5);
        assertThatThrownBy(() -> store.put("sub-alice", carried.withPending("again", CREATED), 1, fence))
                .isInstanceOf(Conflict.class);
        store.put("sub-alice", carried.withPending("again", CREATED), 5, fence);
        assertThat(store.find("sub-alice").orElseThrow().version()).isEqualTo(6);
    }

    @Test
    void aWriteFromAVersionThatIsNoLongerStoredIsRefused() {
        MfaSettings first = MfaSettings.none().withPending("sealed-1", CREATED);
        store.put("sub-alice", first, 0, fence);
        MfaSettings second = first.withPending("sealed-2", CREATED.plusSeconds(1));
        store.put("sub-alice", second, first.version(), fence);

        assertThatThrownBy(() -> store.put("sub-alice", first.withPending("sealed-3", CREATED), first.version(), fence))
                .isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", MfaSettings.none().withPending("sealed-4", CREATED), 0, fence))
                .as("version 0 means none stored").isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).contains(second);
    }

    @Test
    void aWriteExpectingAVersionWhereNoneIsStoredIsRefused() {
        assertThatThrownBy(() -> store.put("sub-alice", MfaSettings.none().withPending("sealed", CREATED), 3, fence))
                .isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).isEmpty();
    }

    @Test
    void settingsForAUserWhoDoesNotExistAreRefused() {
        assertThatThrownBy(() -> store.put("sub-nobody", MfaSettings.none().withPending("sealed", CREATED), 0, fence))
                .isInstanceOf(Conflict.class);
        assertThat(store.find("sub-nobody")).isEmpty();
    }

    @Test
    void deletingTheUserDeletesItsSettingsAndRefusesLaterOnes() {
        MfaSettings pending = MfaSettings.none().withPending("sealed", CREATED);
        store.put("sub-alice", pending, 0, fence);

        directory.delete(alice, fence);

        assertThat(store.find("sub-alice")).isEmpty();
        assertThatThrownBy(() -> store.put("sub-alice", pending.verified(true, CREATED), pending.version(), fence))
                .isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", pending, 0, fence)).isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).isEmpty();
    }

    @Test
    void aProfileWriteAndASettingsWriteLeaveEachOtherAlone() {
        MfaSettings pending = MfaSettings.none().withPending("sealed", CREATED);
        store.put("sub-alice", pending, 0, fence);

        User read = directory.findBySub("sub-alice").orElseThrow();
        User newPassword = directory.update(read.withPassword("new-hash", "", CREATED.plusSeconds(5)), fence);
        assertThat(store.find("sub-alice")).contains(pending);

        MfaSettings verified = pending.verified(true, CREATED.plusSeconds(6));
        store.put("sub-alice", verified, pending.version(), fence);
        assertThat(directory.findBySub("sub-alice")).contains(newPassword);
    }

    @Test
    void eachUserHasSettingsOfTheirOwn() {
        directory.create(user("sub-bob", "bob"), fence);
        MfaSettings alices = MfaSettings.none().withPending("sealed-alice", CREATED);

        store.put("sub-alice", alices, 0, fence);

        assertThat(store.find("sub-bob")).isEmpty();
        MfaSettings bobs = MfaSettings.none().withPending("sealed-bob", CREATED);
        store.put("sub-bob", bobs, 0, fence);
        assertThat(store.find("sub-alice")).contains(alices);
        assertThat(store.find("sub-bob")).contains(bobs);
    }

    @Test
    void updatedAtIsKeptToTheMillisecond() {
        store.put("sub-alice", MfaSettings.none().withPending("sealed", CREATED.plusNanos(2_500_000)), 0, fence);

        assertThat(store.find("sub-alice").orElseThrow().updatedAt()).isEqualTo(CREATED.plusMillis(2));
    }

    @Test
    void writesRacingFromOneVersionLetExactlyOneThrough() {
        MfaSettings read = MfaSettings.none().withPending("sealed-0", CREATED);
        store.put("sub-alice", read, 0, fence);
        List<MfaSettings> attempts = IntStream.range(0, 8)
                .mapToObj(i -> read.withPending("sealed-racer-" + i, CREATED.plusSeconds(i)))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(attempts.size(), i -> () -> {
            store.put("sub-alice", attempts.get(i), read.version(), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(Conflict.class));
        int winner = IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i).succeeded()).findFirst().orElseThrow();
        assertThat(store.find("sub-alice")).contains(attempts.get(winner));
    }

    // ---- the write fence -----------------------------------------------------------------------

    @Test
    void aWriteIsRefusedWhileAnotherRegionLeads() {
        LeaderRecord otherLeads = promote(OTHER_REGION);

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> store.put("sub-alice", MfaSettings.none().withPending("sealed", CREATED), 0, tried))
                    .isInstanceOf(FencedOut.class);
        }
        assertThat(store.find("sub-alice")).isEmpty();
    }

    @Test
    void aWriteUnderAnOlderEpochIsRefusedEvenWhenThisRegionLeadsAgain() {
        promote(OTHER_REGION);
        LeaderRecord leadsAgain = promote(REGION);
        MfaSettings pending = MfaSettings.none().withPending("sealed", CREATED);

        assertThatThrownBy(() -> store.put("sub-alice", pending, 0, fence)).isInstanceOf(FencedOut.class);
        assertThat(store.find("sub-alice")).isEmpty();
        store.put("sub-alice", pending, 0, leadsAgain);
        assertThat(store.find("sub-alice")).contains(pending);
    }

    @Test
    void aFenceForASwitchoverStopsTheWrites() {
        LeaderState now = leaders.transitions().state().orElseThrow();
        LeaderRecord fenced = leaders.transitions().fence(now, OTHER_REGION, CREATED).orElseThrow().record();

        for (LeaderRecord tried : List.of(fence, fenced)) {
            assertThatThrownBy(() -> store.put("sub-alice", MfaSettings.none().withPending("sealed", CREATED), 0, tried))
                    .isInstanceOf(FencedOut.class);
        }
        assertThat(store.find("sub-alice")).isEmpty();
    }

    @Test
    void theFenceIsCheckedBeforeTheUserAndTheVersion() {
        store.put("sub-alice", MfaSettings.none().withPending("sealed", CREATED), 0, fence);
        promote(OTHER_REGION);

        assertThatThrownBy(() -> store.put("sub-nobody", MfaSettings.none().withPending("sealed", CREATED), 0, fence))
                .isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> store.put("sub-alice", MfaSettings.none().withPending("stale", CREATED), 0, fence))
                .isInstanceOf(FencedOut.class);
    }

    private LeaderRecord promote(String region) {
        LeaderState now = leaders.transitions().state().orElseThrow();
        return leaders.transitions().promote(now, region, "test", CREATED, Optional.empty()).orElseThrow().record();
    }

    private static User user(String sub, String username) {
        return new User(sub, Username.of(username), UserStatus.CONFIRMED, true, Map.of("email", username + "@example.com"),
                "hash-of-" + sub, Optional.empty(), CREATED, CREATED);
    }
}
