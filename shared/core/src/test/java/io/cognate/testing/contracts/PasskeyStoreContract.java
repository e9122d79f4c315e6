package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.passkeys.PasskeyCredential;
import io.cognate.domain.passkeys.PasskeyCredentials;
import io.cognate.domain.passkeys.RegistrationChallenge;
import io.cognate.ports.PasskeyStore;
import io.cognate.ports.PasskeyStore.Conflict;
import io.cognate.ports.UserDirectory;
import io.cognate.ports.UserDirectory.FencedOut;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PasskeyStore} does: a user's passkeys written whole and read back whole,
 * each write conditional on the version read, on the user still existing and, when it uses the
 * pending registration challenge, on that challenge still being pending (and then gone); fenced
 * like every Directory write; kept apart from the user's profile and MFA settings but deleted
 * with the user. A subclass supplies fresh, empty storage for each test.
 */
public abstract class PasskeyStoreContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");

    /** One test's storage: the store and the directory over the same data, writing as {@link #REGION}. */
    public record Storage(PasskeyStore passkeys, UserDirectory directory, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private PasskeyStore store;
    private UserDirectory directory;
    private LeaderStore leaders;
    private LeaderRecord fence;
    private User alice;

    @BeforeEach
    void freshStorageWithOneUser() {
        Storage storage = newStorage();
        store = storage.passkeys();
        directory = storage.directory();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
        alice = user("sub-alice", "alice");
        directory.create(alice, fence);
    }

    static PasskeyCredential credential(String id, long signCount, Instant createdAt) {
        return new PasskeyCredential(id, "pQECAyYgASFYIH-public-key-" + id, signCount, "none", List.of("internal", "hybrid"),
                Optional.of("platform"), "Device passkey " + id, "auth.example.com", createdAt);
    }

    private static RegistrationChallenge challenge(String value) {
        return new RegistrationChallenge(value, "client-1", CREATED.plusSeconds(300));
    }

    @Test
    void nothingIsFoundForAUserWithoutPasskeys() {
        assertThat(store.find("sub-alice")).isEmpty();
        assertThat(store.findChallenge("sub-alice")).isEmpty();
        assertThat(store.find("sub-nobody")).isEmpty();
    }

    @Test
    void passkeysAreWrittenWholeAndReadBackWhole() {
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        store.put("sub-alice", one, 0, Optional.empty(), fence);
        assertThat(store.find("sub-alice")).contains(one);

        PasskeyCredential second = new PasskeyCredential("cred-2", "key-2", 7, "packed", List.of(), Optional.empty(),
                "Passkey cred-2", "auth.example.com", CREATED.plusSeconds(1));
        PasskeyCredentials two = one.with(second, CREATED.plusSeconds(1));
        store.put("sub-alice", two, one.version(), Optional.empty(), fence);
        assertThat(store.find("sub-alice")).contains(two);
        assertThat(store.find("sub-alice").orElseThrow().credentials()).extracting(PasskeyCredential::credentialId)
                .as("in the order registered").containsExactly("cred-1", "cred-2");

        PasskeyCredentials afterDelete = two.without("cred-1", CREATED.plusSeconds(2));
        store.put("sub-alice", afterDelete, two.version(), Optional.empty(), fence);
        assertThat(store.find("sub-alice")).contains(afterDelete);

        PasskeyCredentials empty = afterDelete.without("cred-2", CREATED.plusSeconds(3));
        store.put("sub-alice", empty, afterDelete.version(), Optional.empty(), fence);
        assertThat(store.find("sub-alice").orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void twentyPasskeysFitInOneUsersItem() {
        PasskeyCredentials many = PasskeyCredentials.none();
        for (int i = 0; i < 20; i++) {
            // An RSA-2048 COSE key is about 270 bytes, 360 in base64url: the largest an accepted key gets.
            PasskeyCredential big = new PasskeyCredential("cred-" + i + "-" + "c".repeat(80), "k".repeat(400), i,
                    "packed", List.of("usb", "nfc", "ble"), Optional.of("cross-platform"), "Security key " + i,
                    "auth.example.com", CREATED.plusSeconds(i));
            many = many.with(big, CREATED.plusSeconds(i));
        }
        store.put("sub-alice", many, 0, Optional.empty(), fence);
        assertThat(store.find("sub-alice")).contains(many);
    }

    @Test
    void aWriteFromAVersionThatIsNoLongerStoredIsRefused() {
        PasskeyCredentials first = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        store.put("sub-alice", first, 0, Optional.empty(), fence);
        PasskeyCredentials second = first.with(credential("cred-2", 0, CREATED), CREATED);
        store.put("sub-alice", second, first.version(), Optional.empty(), fence);

        assertThatThrownBy(() -> store.put("sub-alice", first.without("cred-1", CREATED), first.version(),
                Optional.empty(), fence)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", PasskeyCredentials.none().with(credential("x", 0, CREATED), CREATED),
                0, Optional.empty(), fence)).as("version 0 means none stored").isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.put("sub-alice", second, 9, Optional.empty(), fence)).isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).contains(second);
    }

    @Test
    void passkeysForAUserWhoDoesNotExistAreRefused() {
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        assertThatThrownBy(() -> store.put("sub-nobody", one, 0, Optional.empty(), fence)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.putChallenge("sub-nobody", challenge("c1"), fence)).isInstanceOf(Conflict.class);
        assertThat(store.find("sub-nobody")).isEmpty();
        assertThat(store.findChallenge("sub-nobody")).isEmpty();
    }

    @Test
    void theLatestChallengeIsThePendingOne() {
        store.putChallenge("sub-alice", challenge("c1"), fence);
        assertThat(store.findChallenge("sub-alice")).contains(challenge("c1"));
        store.putChallenge("sub-alice", challenge("c2"), fence);
        assertThat(store.findChallenge("sub-alice")).contains(challenge("c2"));
    }

    @Test
    void aChallengeRegistersOnePasskeyAtMost() {
        store.putChallenge("sub-alice", challenge("c1"), fence);
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);

        store.put("sub-alice", one, 0, Optional.of(challenge("c1")), fence);

        assertThat(store.findChallenge("sub-alice")).as("used up with the write").isEmpty();
        assertThat(store.find("sub-alice")).contains(one);
        PasskeyCredentials two = one.with(credential("cred-2", 0, CREATED), CREATED);
        assertThatThrownBy(() -> store.put("sub-alice", two, one.version(), Optional.of(challenge("c1")), fence))
                .isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).contains(one);
    }

    @Test
    void aReplacedChallengeRegistersNothing() {
        store.putChallenge("sub-alice", challenge("c1"), fence);
        store.putChallenge("sub-alice", challenge("c2"), fence);
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);

        assertThatThrownBy(() -> store.put("sub-alice", one, 0, Optional.of(challenge("c1")), fence))
                .isInstanceOf(Conflict.class);
        assertThat(store.find("sub-alice")).isEmpty();
        assertThat(store.findChallenge("sub-alice")).as("the pending one stays").contains(challenge("c2"));
    }

    @Test
    void aWriteWithoutAChallengeLeavesThePendingOne() {
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        store.put("sub-alice", one, 0, Optional.empty(), fence);
        store.putChallenge("sub-alice", challenge("c1"), fence);

        store.put("sub-alice", one.without("cred-1", CREATED), one.version(), Optional.empty(), fence);

        assertThat(store.findChallenge("sub-alice")).contains(challenge("c1"));
    }

    @Test
    void registrationsRacingFromOneChallengeLetExactlyOneThrough() {
        store.putChallenge("sub-alice", challenge("c1"), fence);
        List<PasskeyCredentials> attempts = IntStream.range(0, 8)
                .mapToObj(i -> PasskeyCredentials.none().with(credential("cred-racer-" + i, 0, CREATED), CREATED))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(attempts.size(), i -> () -> {
            store.put("sub-alice", attempts.get(i), 0, Optional.of(challenge("c1")), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(Conflict.class));
        int winner = IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i).succeeded()).findFirst().orElseThrow();
        assertThat(store.find("sub-alice")).contains(attempts.get(winner));
    }

    @Test
    void deletingTheUserDeletesItsPasskeysAndChallengeAndRefusesLaterOnes() {
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        store.put("sub-alice", one, 0, Optional.empty(), fence);
        store.putChallenge("sub-alice", challenge("c1"), fence);

        directory.delete(alice, fence);

        assertThat(store.find("sub-alice")).isEmpty();
        assertThat(store.findChallenge("sub-alice")).isEmpty();
        assertThatThrownBy(() -> store.put("sub-alice", one, 0, Optional.empty(), fence)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.putChallenge("sub-alice", challenge("c2"), fence)).isInstanceOf(Conflict.class);
    }

    @Test
    void aProfileWriteAndAPasskeyWriteLeaveEachOtherAlone() {
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        store.put("sub-alice", one, 0, Optional.empty(), fence);

        User read = directory.findBySub("sub-alice").orElseThrow();
        User newPassword = directory.update(read.withPassword("new-hash", "", CREATED.plusSeconds(5)), fence);
        assertThat(store.find("sub-alice")).contains(one);

        PasskeyCredentials two = one.with(credential("cred-2", 0, CREATED), CREATED);
        store.put("sub-alice", two, one.version(), Optional.empty(), fence);
        assertThat(directory.findBySub("sub-alice")).contains(newPassword);
    }

    @Test
    void eachUserHasPasskeysOfTheirOwn() {
        directory.create(user("sub-bob", "bob"), fence);
        PasskeyCredentials alices = PasskeyCredentials.none().with(credential("cred-alice", 0, CREATED), CREATED);
        store.put("sub-alice", alices, 0, Optional.empty(), fence);
        store.putChallenge("sub-alice", challenge("c-alice"), fence);

        assertThat(store.find("sub-bob")).isEmpty();
        assertThat(store.findChallenge("sub-bob")).isEmpty();
        PasskeyCredentials bobs = PasskeyCredentials.none().with(credential("cred-bob", 0, CREATED), CREATED);
        store.put("sub-bob", bobs, 0, Optional.empty(), fence);
        assertThat(store.find("sub-alice")).contains(alices);
        assertThat(store.find("sub-bob")).contains(bobs);
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        Instant odd = CREATED.plusNanos(2_500_000);
        store.put("sub-alice", PasskeyCredentials.none().with(credential("cred-1", 0, odd), odd), 0, Optional.empty(), fence);
        store.putChallenge("sub-alice", new RegistrationChallenge("c1", "client-1", odd), fence);

        assertThat(store.find("sub-alice").orElseThrow().credentials().getFirst().createdAt()).isEqualTo(CREATED.plusMillis(2));
        assertThat(store.find("sub-alice").orElseThrow().updatedAt()).isEqualTo(CREATED.plusMillis(2));
        assertThat(store.findChallenge("sub-alice").orElseThrow().expiresAt()).isEqualTo(CREATED.plusMillis(2));
    }

    // ---- the write fence -----------------------------------------------------------------------

    @Test
    void writesAreRefusedWhileAnotherRegionLeads() {
        LeaderRecord otherLeads = promote(OTHER_REGION);
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> store.put("sub-alice", one, 0, Optional.empty(), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> store.putChallenge("sub-alice", challenge("c1"), tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(store.find("sub-alice")).isEmpty();
        assertThat(store.findChallenge("sub-alice")).isEmpty();
    }

    @Test
    void aWriteUnderAnOlderEpochIsRefusedEvenWhenThisRegionLeadsAgain() {
        promote(OTHER_REGION);
        LeaderRecord leadsAgain = promote(REGION);
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);

        assertThatThrownBy(() -> store.put("sub-alice", one, 0, Optional.empty(), fence)).isInstanceOf(FencedOut.class);
        store.put("sub-alice", one, 0, Optional.empty(), leadsAgain);
        assertThat(store.find("sub-alice")).contains(one);
    }

    @Test
    void theFenceIsCheckedBeforeTheUserTheVersionAndTheChallenge() {
        PasskeyCredentials one = PasskeyCredentials.none().with(credential("cred-1", 0, CREATED), CREATED);
        store.put("sub-alice", one, 0, Optional.empty(), fence);
        LeaderState now = leaders.transitions().state().orElseThrow();
        leaders.transitions().fence(now, OTHER_REGION, CREATED).orElseThrow();

        assertThatThrownBy(() -> store.put("sub-nobody", one, 0, Optional.empty(), fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> store.put("sub-alice", one, 0, Optional.of(challenge("never")), fence))
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
