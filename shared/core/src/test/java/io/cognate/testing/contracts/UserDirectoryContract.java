package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.PendingCode;
import io.cognate.domain.StoredClientSecret;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.clients.ClientSettings;
import io.cognate.domain.clients.TokenValidityUnits;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.users.UserFilter;
import io.cognate.ports.UserDirectory.ClientIdTaken;
import io.cognate.ports.UserDirectory.ClientSummary;
import io.cognate.ports.UserDirectory.InvalidPosition;
import io.cognate.ports.UserDirectory.ConcurrentUpdate;
import io.cognate.ports.UserDirectory.FencedOut;
import io.cognate.ports.UserDirectory.UsernameTaken;
import io.cognate.ports.UserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserDirectory} does: users found by sub and by case-folded username, one
 * user per username, updates and deletes, app clients, and the write fence. A concrete subclass
 * supplies fresh, empty storage for each test: a directory writing as {@link #REGION} and the
 * leader record it fences against, which the tests move through its transitions.
 *
 * <p>Updates carry no version today: the last one wins, whatever its writer read. The tests
 * below hold that as the current behaviour of every implementation.
 */
public abstract class UserDirectoryContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant LATER = CREATED.plus(Duration.ofMinutes(5));

    /**
     * One test's storage: {@code directory} writes as {@link #REGION}; {@code leaders} is the
     * leader record it fences on, which has no record yet. Nothing else is stored.
     */
    public record Storage(UserDirectory directory, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private UserDirectory directory;
    private LeaderStore leaders;
    /** The record in force at the start of each test: {@link #REGION} leads at epoch 1. */
    private LeaderRecord fence;

    @BeforeEach
    void freshStorage() {
        Storage storage = newStorage();
        directory = storage.directory();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
    }

    // ---- creating and finding users ------------------------------------------------------------

    @Test
    void aCreatedUserIsFoundWholeBySubAndByUsername() {
        User alice = user("sub-alice", "Alice");
        User bob = new User("sub-bob", Username.of("bob"), UserStatus.CONFIRMED, false, Map.of(), "hash-of-bob",
                Optional.empty(), CREATED, LATER);

        directory.create(alice, fence);
        directory.create(bob, fence);

        assertThat(directory.findBySub("sub-alice")).contains(created(alice));
        assertThat(directory.findByUsername(Username.of("Alice"))).contains(created(alice));
        assertThat(directory.findBySub("sub-alice").orElseThrow().attributes().keySet())
                .as("attributes keep their order").containsExactly("email", "name", "custom:tier");
        assertThat(directory.findBySub("sub-bob")).contains(created(bob));
        assertThat(directory.findByUsername(Username.of("bob"))).contains(created(bob));
    }

    @Test
    void usernamesAreFoundWhateverTheirCase() {
        User alice = user("sub-alice", "Alice");
        directory.create(alice, fence);

        assertThat(directory.findByUsername(Username.of("alice"))).contains(created(alice));
        assertThat(directory.findByUsername(Username.of("ALICE"))).contains(created(alice));
    }

    @Test
    void nothingIsFoundForAnUnknownSubUsernameOrClient() {
        directory.create(user("sub-alice", "alice"), fence);

        assertThat(directory.findBySub("sub-nobody")).isEmpty();
        assertThat(directory.findByUsername(Username.of("nobody"))).isEmpty();
        assertThat(directory.findClient("no-such-client")).isEmpty();
    }

    @Test
    void aSecondCreateOfTheSameUsernameIsRefused() {
        User alice = user("sub-alice", "Alice");
        directory.create(alice, fence);

        assertThatThrownBy(() -> directory.create(user("sub-impostor", "ALICE"), fence)).isInstanceOf(UsernameTaken.class);
        assertThatThrownBy(() -> directory.create(alice, fence)).isInstanceOf(UsernameTaken.class);
        assertThat(directory.findBySub("sub-impostor")).isEmpty();
        assertThat(directory.findByUsername(Username.of("alice"))).contains(created(alice));
    }

    @Test
    void anExistingSubCannotBeCreatedAgainUnderAnotherUsernameWhichStaysFree() {
        User alice = user("sub-alice", "alice");
        directory.create(alice, fence);

        assertThatThrownBy(() -> directory.create(user("sub-alice", "alicia"), fence))
                .isInstanceOf(IllegalStateException.class);
        assertThat(directory.findBySub("sub-alice")).contains(created(alice));
        assertThat(directory.findByUsername(Username.of("alicia"))).as("the claim went with the failed create").isEmpty();
        User alicia = user("sub-alicia", "alicia");
        directory.create(alicia, fence);
        assertThat(directory.findByUsername(Username.of("alicia"))).contains(created(alicia));
    }

    @Test
    void createsOfOneUsernameRacingEachOtherLetExactlyOneThrough() {
        List<User> contenders = IntStream.range(0, 8)
                .mapToObj(i -> user("sub-" + i, i % 2 == 0 ? "carol" : "CAROL"))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(contenders.size(), i -> () -> {
            directory.create(contenders.get(i), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(UsernameTaken.class));
        User winner = contenders.get(IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).succeeded()).findFirst().orElseThrow());
        assertThat(directory.findByUsername(Username.of("Carol"))).contains(created(winner));
        assertThat(contenders).filteredOn(contender -> !contender.equals(winner))
                .allSatisfy(loser -> assertThat(directory.findBySub(loser.sub())).isEmpty());
    }

    // ---- updating ------------------------------------------------------------------------------

    @Test
    void anUpdateReplacesTheWholeUserAndStoresTheNextVersion() {
        directory.create(user("sub-alice", "Alice"), fence);
        User alice = directory.findBySub("sub-alice").orElseThrow();
        assertThat(alice.version()).isEqualTo(1);
        User confirmed = alice.withAttributes(Map.of("email", "alice@example.org"), LATER)
                .withStatus(UserStatus.CONFIRMED, LATER)
                .withPassword("new-hash", "", LATER);

        User stored = directory.update(confirmed, fence);

        assertThat(stored).isEqualTo(confirmed.stored(2));
        assertThat(directory.findBySub("sub-alice")).contains(stored);
        assertThat(directory.findByUsername(Username.of("alice"))).contains(stored);
        assertThat(stored.attributes()).doesNotContainKey("name");
        assertThat(stored.confirmationCode()).isEmpty();
    }

    @Test
    void aPendingEmailChangeIsKeptWithItsCodeAndGoesWithIt() {
        directory.create(user("sub-alice", "alice"), fence);
        User alice = directory.findBySub("sub-alice").orElseThrow();
        PendingCode sent = PendingCode.first("verify-hash", LATER.plus(Duration.ofDays(1)), LATER)
                .withNewEmail("alice@example.org");

        User pending = directory.update(alice.withConfirmationCode(sent, LATER), fence);
        assertThat(directory.findBySub("sub-alice")).contains(pending);
        assertThat(pending.confirmationCode().orElseThrow().newEmail()).contains("alice@example.org");
        assertThat(pending.attribute("email")).as("the address in force").contains("alice@example.com");

        User guessed = directory.update(pending.withPendingCode(pending.confirmationCode().map(PendingCode::withFailedAttempt),
                LATER), fence);
        assertThat(directory.findBySub("sub-alice").orElseThrow().confirmationCode().orElseThrow().newEmail())
                .as("a counted guess keeps the change").contains("alice@example.org");

        User done = directory.update(guessed.withPendingCode(Optional.empty(), LATER), fence);
        assertThat(directory.findBySub("sub-alice")).contains(done);
        assertThat(done.confirmationCode()).isEmpty();
        User another = directory.update(done.withConfirmationCode(
                PendingCode.first("reset-hash", LATER.plus(Duration.ofHours(1)), LATER), LATER), fence);
        assertThat(directory.findBySub("sub-alice").orElseThrow().confirmationCode().orElseThrow().newEmail()).isEmpty();
        assertThat(directory.findBySub("sub-alice")).contains(another);
    }

    @Test
    void aTemporaryPasswordKeepsItsExpiryAndEveryStatusIsKept() {
        Instant expiry = LATER.plus(Duration.ofDays(7)).plusMillis(123);
        directory.create(user("sub-alice", "alice"), fence);
        User alice = directory.findBySub("sub-alice").orElseThrow();
        assertThat(alice.temporaryPasswordExpiresAt()).as("no temporary password").isEmpty();

        User invited = directory.update(alice.withTemporaryPassword("temp-hash", "temp-verifier", expiry, LATER), fence);
        User found = directory.findBySub("sub-alice").orElseThrow();
        assertThat(found).isEqualTo(invited);
        assertThat(found.status()).isEqualTo(UserStatus.FORCE_CHANGE_PASSWORD);
        assertThat(found.temporaryPasswordExpiresAt()).contains(expiry);

        User changed = directory.update(found.withPassword("new-hash", "new-verifier", LATER)
                .withStatus(UserStatus.CONFIRMED, LATER), fence);
        assertThat(directory.findBySub("sub-alice")).contains(changed);
        assertThat(changed.temporaryPasswordExpiresAt()).as("a permanent password has no expiry").isEmpty();

        User reset = directory.update(changed.withStatus(UserStatus.RESET_REQUIRED, LATER), fence);
        assertThat(directory.findBySub("sub-alice")).contains(reset);
        assertThat(reset.status()).isEqualTo(UserStatus.RESET_REQUIRED);
    }

    @Test
    void updatingAUserThatDoesNotExistFailsAndCreatesNothing() {
        User ghost = user("sub-ghost", "ghost");

        assertThatThrownBy(() -> directory.update(ghost, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThat(directory.findBySub("sub-ghost")).isEmpty();
        assertThat(directory.findByUsername(Username.of("ghost"))).isEmpty();
    }

    @Test
    void anUpdateBuiltOnAStaleReadIsRefusedAndChangesNothing() {
        directory.create(user("sub-alice", "alice"), fence);
        User read = directory.findBySub("sub-alice").orElseThrow();
        User guessCounted = read.withPendingCode(read.confirmationCode().map(PendingCode::withFailedAttempt), LATER);
        User renamed = read.withAttributes(Map.of("email", "alice@example.org"), LATER.plusSeconds(1));

        User counted = directory.update(guessCounted, fence);
        assertThatThrownBy(() -> directory.update(renamed, fence)).isInstanceOf(ConcurrentUpdate.class);

        assertThat(directory.findBySub("sub-alice")).contains(counted);
        assertThat(counted.confirmationCode().orElseThrow().failedAttempts())
                .as("the counted guess is kept").isEqualTo(read.confirmationCode().orElseThrow().failedAttempts() + 1);
    }

    @Test
    void ofUpdatesRacingFromOneReadExactlyOneCommits() {
        directory.create(user("sub-alice", "alice"), fence);
        User alice = directory.findBySub("sub-alice").orElseThrow();
        List<User> versions = IntStream.range(0, 8)
                .mapToObj(i -> alice.withAttributes(Map.of("email", i + "@example.com", "name", "writer " + i),
                        LATER.plusSeconds(i)))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(versions.size(), i -> () -> {
            directory.update(versions.get(i), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> outcome.thrown() != null)
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(ConcurrentUpdate.class));
        User stored = directory.findBySub("sub-alice").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(versions.stream().map(v -> v.stored(2))).contains(stored);
    }

    // ---- deleting ------------------------------------------------------------------------------

    @Test
    void aDeletedUserIsGoneAndItsUsernameCanBeTakenAgain() {
        User alice = user("sub-alice", "Alice");
        directory.create(alice, fence);

        directory.delete(alice, fence);

        assertThat(directory.findBySub("sub-alice")).isEmpty();
        assertThat(directory.findByUsername(Username.of("alice"))).isEmpty();
        User newAlice = user("sub-new-alice", "alice");
        directory.create(newAlice, fence);
        assertThat(directory.findByUsername(Username.of("Alice"))).contains(created(newAlice));
    }

    @Test
    void deletingAUserThatIsGoneFails() {
        User alice = user("sub-alice", "alice");
        directory.create(alice, fence);
        directory.delete(alice, fence);

        assertThatThrownBy(() -> directory.delete(alice, fence)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> directory.delete(user("sub-never", "never"), fence)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeleteNamingAUsernameClaimedByAnotherUserChangesNothing() {
        User alice = user("sub-alice", "alice");
        User bob = user("sub-bob", "bob");
        directory.create(alice, fence);
        directory.create(bob, fence);

        assertThatThrownBy(() -> directory.delete(user("sub-alice", "bob"), fence)).isInstanceOf(IllegalStateException.class);

        assertThat(directory.findBySub("sub-alice")).contains(created(alice));
        assertThat(directory.findByUsername(Username.of("alice"))).contains(created(alice));
        assertThat(directory.findByUsername(Username.of("bob"))).contains(created(bob));
    }

    // ---- app clients ---------------------------------------------------------------------------

    @Test
    void aClientIsStoredWholeAndReplacedWhole() {
        AppClient web = new AppClient("client-1", "Web", Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH,
                AppClient.ALLOW_REFRESH_TOKEN_AUTH), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(30));
        directory.putClient(web, fence);
        assertThat(directory.findClient("client-1")).contains(web);

        AppClient confidential = web.withOAuth(Set.of(AppClient.CLIENT_CREDENTIALS), Set.of("orders/read", "orders/write"))
                .withSecret(new StoredClientSecret("sha256-of-secret", "sealed-secret"));
        directory.putClient(confidential, fence);
        assertThat(directory.findClient("client-1")).contains(confidential);

        AppClient listed = confidential.withAttributes(Set.of("email", "email_verified", "name", "custom:plan"),
                Set.of("email", "name", "custom:plan"));
        directory.putClient(listed, fence);
        assertThat(directory.findClient("client-1")).contains(listed);

        AppClient bare = new AppClient("client-1", "Renamed", Set.of(), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofDays(1));
        directory.putClient(bare, fence);
        assertThat(directory.findClient("client-1")).contains(bare);
        assertThat(bare.readAttributes()).as("no lists: the default permissions").isEmpty();
        assertThat(directory.findClient("client-2")).isEmpty();
    }

    // ---- managing app clients ------------------------------------------------------------------

    @Test
    void aCreatedClientIsStoredWholeAtVersionOneWithItsSettings() {
        AppClient hosted = hostedUiClient("client-hosted");

        AppClient stored = directory.createClient(hosted, fence);

        assertThat(stored).isEqualTo(hosted.stored(1));
        assertThat(directory.findClient("client-hosted")).contains(stored);
        assertThat(stored.settings().callbackUrls()).as("in the order given")
                .containsExactly("https://app.example.com/callback", "myapp://signed-in", "http://localhost:3000/cb");
    }

    @Test
    void aCreateNeverOverwritesAStoredClient() {
        AppClient first = directory.createClient(client("client-1"), fence);
        directory.putClient(client("client-seeded"), fence);

        assertThatThrownBy(() -> directory.createClient(hostedUiClient("client-1"), fence)).isInstanceOf(ClientIdTaken.class);
        assertThatThrownBy(() -> directory.createClient(client("client-seeded"), fence)).isInstanceOf(ClientIdTaken.class);

        assertThat(directory.findClient("client-1")).contains(first);
        assertThat(directory.listClients(10, Optional.empty()).clients()).extracting(ClientSummary::clientId)
                .containsExactly("client-1", "client-seeded");
    }

    @Test
    void aClientUpdateCommitsOnlyAtTheVersionItRead() {
        AppClient read = directory.createClient(client("client-1"), fence);
        AppClient renamed = new AppClient("client-1", "renamed", Set.of(), Duration.ofHours(2), Duration.ofHours(2),
                Duration.ofDays(2)).stored(read.version());

        AppClient stored = directory.updateClient(renamed, fence);

        assertThat(stored.version()).isEqualTo(2);
        assertThat(directory.findClient("client-1")).contains(stored);
        assertThatThrownBy(() -> directory.updateClient(read.withAttributes(Set.of("email"), Set.of()), fence))
                .as("built on the first read").isInstanceOf(ConcurrentUpdate.class);
        assertThat(directory.findClient("client-1")).contains(stored);
        assertThat(directory.listClients(10, Optional.empty()).clients())
                .containsExactly(new ClientSummary("client-1", "renamed"));
    }

    @Test
    void aClientStoredBeforeVersionsIsUpdatedAtVersionZeroOnce() {
        directory.putClient(client("client-old"), fence);
        AppClient read = directory.findClient("client-old").orElseThrow();
        assertThat(read.version()).isZero();

        AppClient stored = directory.updateClient(read.withAttributes(Set.of("email"), Set.of()), fence);

        assertThat(stored.version()).isEqualTo(1);
        assertThatThrownBy(() -> directory.updateClient(read, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThat(directory.findClient("client-old")).contains(stored);
    }

    @Test
    void ofClientUpdatesRacingFromOneReadExactlyOneCommits() {
        AppClient read = directory.createClient(client("client-1"), fence);
        List<AppClient> versions = IntStream.range(0, 8)
                .mapToObj(i -> read.withAttributes(Set.of("email", "name"), Set.of("name")).withOAuth(Set.of(),
                        Set.of("scope/" + i)))
                .toList();

        List<Race.Outcome<Boolean>> outcomes = Race.run(versions.size(), i -> () -> {
            directory.updateClient(versions.get(i), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> outcome.thrown() != null)
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(ConcurrentUpdate.class));
        AppClient stored = directory.findClient("client-1").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(versions.stream().map(v -> v.stored(2))).contains(stored);
    }

    @Test
    void aDeletedClientIsGoneAndUnlistedAndNeitherAStaleDeleteNorAnUpdateBringsItBack() {
        AppClient read = directory.createClient(client("client-1"), fence);
        AppClient updated = directory.updateClient(read.withAttributes(Set.of("email"), Set.of()), fence);

        assertThatThrownBy(() -> directory.deleteClient(read, fence)).as("stale").isInstanceOf(ConcurrentUpdate.class);
        assertThat(directory.findClient("client-1")).contains(updated);

        directory.deleteClient(updated, fence);

        assertThat(directory.findClient("client-1")).isEmpty();
        assertThat(directory.listClients(10, Optional.empty()).clients()).isEmpty();
        assertThatThrownBy(() -> directory.updateClient(updated, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThatThrownBy(() -> directory.deleteClient(updated, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThat(directory.findClient("client-1")).isEmpty();
    }

    @Test
    void clientsAreListedInIdOrderPageByPage() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "client-" + (char) ('e' - i)).toList();
        ids.forEach(id -> directory.createClient(client(id), fence));

        var seen = new ArrayList<String>();
        Optional<String> after = Optional.empty();
        do {
            UserDirectory.ClientPage page = directory.listClients(2, after);
            assertThat(page.clients().size()).isLessThanOrEqualTo(2);
            page.clients().forEach(c -> seen.add(c.clientId()));
            after = page.lastClientId();
        } while (after.isPresent());

        assertThat(seen).containsExactly("client-a", "client-b", "client-c", "client-d", "client-e");
        assertThat(directory.listClients(60, Optional.of("client-c")).clients()).extracting(ClientSummary::clientId)
                .containsExactly("client-d", "client-e");
    }

    @Test
    void everyClientWriteIsRefusedWhileAnotherRegionLeads() {
        AppClient read = directory.createClient(client("client-1"), fence);
        promote(OTHER_REGION);

        assertThatThrownBy(() -> directory.createClient(client("client-2"), fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.updateClient(read, fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.deleteClient(read, fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.updateClient(client("client-ghost"), fence)).isInstanceOf(FencedOut.class);

        assertThat(directory.findClient("client-1")).contains(read);
        assertThat(directory.findClient("client-2")).isEmpty();
    }

    // ---- listing users -------------------------------------------------------------------------

    @Test
    void listingFollowsPositionsToEveryUserOnce() {
        List<User> users = IntStream.range(0, 7).mapToObj(i -> user("sub-" + i, "lister-" + i)).toList();
        users.forEach(u -> directory.create(u, fence));

        assertThat(listAll(Optional.empty(), 2)).extracting(User::sub)
                .containsExactlyInAnyOrderElementsOf(users.stream().map(User::sub).toList());
        assertThat(listAll(Optional.empty(), 60)).containsExactlyInAnyOrderElementsOf(
                users.stream().map(UserDirectoryContract::created).toList());
    }

    @Test
    void eachFilterKindSelectsTheUsersItNames() {
        User alice = user("sub-alice", "Alice");
        User alina = new User("sub-alina", Username.of("alina"), UserStatus.CONFIRMED, false,
                Map.of("email", "alina@example.org", "given_name", "Alina", "phone_number", "+15550100"), "hash",
                Optional.empty(), CREATED, CREATED);
        User bob = user("sub-bob", "bob");
        List.of(alice, alina, bob).forEach(u -> directory.create(u, fence));

        assertThat(subs("username = \"Alice\"")).containsExactly("sub-alice");
        assertThat(subs("username = \"alice\"")).as("case-sensitive").isEmpty();
        assertThat(subs("username ^= \"ali\"")).containsExactly("sub-alina");
        assertThat(subs("email ^= \"ali\"")).containsExactlyInAnyOrder("sub-alice", "sub-alina");
        assertThat(subs("email = \"bob@example.com\"")).containsExactly("sub-bob");
        assertThat(subs("name = \"bob\"")).containsExactly("sub-bob");
        assertThat(subs("given_name ^= \"Al\"")).containsExactly("sub-alina");
        assertThat(subs("phone_number = \"+15550100\"")).containsExactly("sub-alina");
        assertThat(subs("sub = \"sub-bob\"")).containsExactly("sub-bob");
        assertThat(subs("cognito:user_status = \"confirmed\"")).as("case-insensitive").containsExactly("sub-alina");
        assertThat(subs("cognito:user_status ^= \"UN\"")).containsExactlyInAnyOrder("sub-alice", "sub-bob");
        assertThat(subs("status = \"Disabled\"")).containsExactly("sub-alina");
        assertThat(subs("status = \"Enabled\"")).containsExactlyInAnyOrder("sub-alice", "sub-bob");
        assertThat(subs("status ^= \"E\"")).containsExactlyInAnyOrder("sub-alice", "sub-bob");
        assertThat(subs("status = \"enabled\"")).as("case-sensitive").isEmpty();
        assertThat(subs("family_name = \"x\"")).isEmpty();
        assertThat(subs("email = \"\\\" OR 1=1\"")).isEmpty();
    }

    @Test
    void aPositionTheDirectoryDidNotMakeIsRefused() {
        directory.create(user("sub-alice", "alice"), fence);

        for (String forged : List.of("", "garbage", "%%%", "a.b.c")) {
            assertThatThrownBy(() -> directory.listUsers(Optional.empty(), 10, Optional.of(forged)))
                    .as(forged).isInstanceOf(InvalidPosition.class);
        }
    }

    private List<String> subs(String filter) {
        return listAll(UserFilter.parse(filter), 1).stream().map(User::sub).toList();
    }

    private List<User> listAll(Optional<UserFilter> filter, int limit) {
        var all = new ArrayList<User>();
        Optional<String> position = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            UserDirectory.UserPage page = directory.listUsers(filter, limit, position);
            assertThat(page.users().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.users());
            position = page.next();
            if (position.isEmpty()) {
                return all;
            }
        }
        throw new AssertionError("the listing did not end");
    }

    private static AppClient hostedUiClient(String id) {
        var settings = new ClientSettings(new TokenValidityUnits(TokenValidityUnits.Unit.MINUTES,
                TokenValidityUnits.Unit.SECONDS, TokenValidityUnits.Unit.DAYS), true,
                List.of("https://app.example.com/callback", "myapp://signed-in", "http://localhost:3000/cb"),
                List.of("https://app.example.com/bye"), Optional.of("myapp://signed-in"), List.of("COGNITO"), false,
                "ENABLED", 7, true, CREATED, LATER);
        return new AppClient(id, "hosted " + id, Set.of(AppClient.ALLOW_USER_SRP_AUTH), Duration.ofMinutes(30),
                Duration.ofSeconds(900), Duration.ofDays(5), Set.of("code"), Set.of("openid", "email"),
                Optional.of(new StoredClientSecret("sha", "sealed")), Set.of("email"), Set.of("name"), settings, 0);
    }

    // ---- how values are kept -------------------------------------------------------------------

    @Test
    void instantsAreKeptToTheMillisecondAndTokenValiditiesToTheSecond() {
        Instant precise = CREATED.plusNanos(1_999_999);
        User alice = new User("sub-alice", Username.of("alice"), UserStatus.UNCONFIRMED, true, Map.of(), "hash",
                Optional.of(PendingCode.first("code-hash", precise, precise)), precise, precise);
        directory.create(alice, fence);
        directory.putClient(new AppClient("client-1", "Web", Set.of(), Duration.ofMillis(300_999),
                Duration.ofSeconds(3600), Duration.ofSeconds(86_400)), fence);

        User stored = directory.findBySub("sub-alice").orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(CREATED.plusMillis(1));
        assertThat(stored.updatedAt()).isEqualTo(CREATED.plusMillis(1));
        assertThat(stored.confirmationCode().orElseThrow().expiresAt()).isEqualTo(CREATED.plusMillis(1));
        assertThat(directory.findClient("client-1").orElseThrow().accessTokenValidity()).isEqualTo(Duration.ofSeconds(300));
    }

    // ---- decoy writes --------------------------------------------------------------------------

    @Test
    void aDecoyWriteCreatesNoUserAndChangesNone() {
        User alice = user("sub-alice", "alice");
        directory.create(alice, fence);

        directory.writeDecoy(Username.of("ghost"), LATER, fence);
        directory.writeDecoy(Username.of("ghost"), LATER.plusSeconds(1), fence);
        directory.writeDecoy(Username.of("Alice"), LATER, fence);

        assertThat(directory.findByUsername(Username.of("ghost"))).isEmpty();
        assertThat(directory.findByUsername(Username.of("alice"))).contains(created(alice));
        User updated = directory.update(created(alice).withAttributes(Map.of("email", "a@example.com"), LATER), fence);
        assertThat(updated.version()).isEqualTo(2);
    }

    // ---- the write fence -----------------------------------------------------------------------

    @Test
    void everyWriteIsRefusedWhileAnotherRegionLeads() {
        User alice = user("sub-alice", "alice");
        AppClient web = client("client-1");
        directory.create(alice, fence);
        directory.putClient(web, fence);

        LeaderRecord otherLeads = promote(OTHER_REGION);

        // Neither the record this region wrote under nor the one now in force lets it write.
        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertEveryWriteFencedOut(alice, tried);
        }
        assertThat(directory.findBySub("sub-alice")).contains(created(alice));
        assertThat(directory.findByUsername(Username.of("alice"))).contains(created(alice));
        assertThat(directory.findClient("client-1")).contains(web);
    }

    @Test
    void aWriteUnderAnOlderEpochIsRefusedEvenWhenThisRegionLeadsAgain() {
        promote(OTHER_REGION);
        LeaderRecord leadsAgain = promote(REGION);

        assertThatThrownBy(() -> directory.create(user("sub-alice", "alice"), fence)).isInstanceOf(FencedOut.class);
        assertThat(directory.findBySub("sub-alice")).isEmpty();

        directory.create(user("sub-alice", "alice"), leadsAgain);
        assertThat(directory.findBySub("sub-alice")).isPresent();
    }

    @Test
    void aFenceForASwitchoverStopsThisRegionsWrites() {
        User alice = user("sub-alice", "alice");
        directory.create(alice, fence);

        LeaderRecord fenced = fenceFor(OTHER_REGION);

        assertEveryWriteFencedOut(alice, fence);
        assertEveryWriteFencedOut(alice, fenced);
        assertThat(directory.findBySub("sub-alice")).contains(created(alice));
    }

    @Test
    void theTargetOfASwitchoverWritesOnlyOnceItIsPromoted() {
        promote(OTHER_REGION);
        LeaderRecord fenced = fenceFor(REGION);

        assertThatThrownBy(() -> directory.putClient(client("client-1"), fenced)).isInstanceOf(FencedOut.class);
        LeaderRecord promoted = promote(REGION);
        directory.putClient(client("client-1"), promoted);

        assertThat(directory.findClient("client-1")).isPresent();
        assertThatThrownBy(() -> directory.putClient(client("client-2"), fenced)).isInstanceOf(FencedOut.class);
        assertThat(directory.findClient("client-2")).isEmpty();
    }

    @Test
    void noWriteCommitsWhereThereIsNoLeaderRecord() {
        Storage empty = newStorage();

        assertThatThrownBy(() -> empty.directory().create(user("sub-alice", "alice"), new LeaderRecord(REGION, 1)))
                .isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> empty.directory().putClient(client("client-1"), new LeaderRecord(REGION, 1)))
                .isInstanceOf(FencedOut.class);
        assertThat(empty.directory().findBySub("sub-alice")).isEmpty();
        assertThat(empty.directory().findClient("client-1")).isEmpty();
    }

    @Test
    void theFenceIsCheckedBeforeAnythingElse() {
        User alice = user("sub-alice", "alice");
        directory.create(alice, fence);
        promote(OTHER_REGION);

        assertThatThrownBy(() -> directory.create(user("sub-impostor", "alice"), fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.create(user("sub-alice", "alicia"), fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.update(user("sub-ghost", "ghost"), fence)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.delete(user("sub-ghost", "ghost"), fence)).isInstanceOf(FencedOut.class);
    }

    @Test
    void writesRacingAPromotionEitherCommitOrLeaveNoTrace() {
        List<User> users = IntStream.range(0, 7).mapToObj(i -> user("sub-" + i, "user-" + i)).toList();
        LeaderState before = leaders.transitions().state().orElseThrow();

        List<Race.Outcome<Boolean>> outcomes = Race.run(users.size() + 1, i -> () -> {
            if (i == users.size()) {
                return leaders.transitions().promote(before, OTHER_REGION, "racing writes", CREATED, Optional.empty())
                        .isPresent();
            }
            directory.create(users.get(i), fence);
            return true;
        });

        assertThat(outcomes.getLast().value()).as("the promotion").isTrue();
        for (int i = 0; i < users.size(); i++) {
            Race.Outcome<Boolean> outcome = outcomes.get(i);
            if (outcome.succeeded()) {
                assertThat(directory.findBySub(users.get(i).sub())).contains(created(users.get(i)));
            } else {
                assertThat(outcome.thrown()).isInstanceOf(FencedOut.class);
                assertThat(directory.findBySub(users.get(i).sub())).isEmpty();
                assertThat(directory.findByUsername(users.get(i).username())).isEmpty();
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void assertEveryWriteFencedOut(User existing, LeaderRecord tried) {
        assertThatThrownBy(() -> directory.create(user("sub-bob", "bob"), tried)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.update(existing.withAttributes(Map.of("email", "x@example.com"), LATER), tried))
                .isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.putClient(client("client-fenced"), tried)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.delete(existing, tried)).isInstanceOf(FencedOut.class);
        assertThatThrownBy(() -> directory.writeDecoy(Username.of("bob"), LATER, tried)).isInstanceOf(FencedOut.class);
        assertThat(directory.findBySub("sub-bob")).isEmpty();
        assertThat(directory.findByUsername(Username.of("bob"))).isEmpty();
        assertThat(directory.findClient("client-fenced")).isEmpty();
    }

    /** Makes {@code region} the leader at the next epoch; returns the record now in force. */
    private LeaderRecord promote(String region) {
        LeaderState now = leaders.transitions().state().orElseThrow();
        return leaders.transitions().promote(now, region, "test", LATER, Optional.empty()).orElseThrow().record();
    }

    /** Fences the leader for a switchover to {@code target}; returns the record now in force. */
    private LeaderRecord fenceFor(String target) {
        LeaderState now = leaders.transitions().state().orElseThrow();
        return leaders.transitions().fence(now, target, LATER).orElseThrow().record();
    }

    private static User user(String sub, String username) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("email", username.toLowerCase(Locale.ROOT) + "@example.com");
        attributes.put("name", username);
        attributes.put("custom:tier", "gold");
        return new User(sub, Username.of(username), UserStatus.UNCONFIRMED, true, attributes, "hash-of-" + sub,
                Optional.of(new PendingCode("code-hash-of-" + sub, CREATED.plus(Duration.ofDays(1)), 1, CREATED, 1)),
                CREATED, CREATED);
    }

    /** The user as a create stores it: at the first version. */
    private static User created(User user) {
        return user.stored(1);
    }

    private static AppClient client(String id) {
        return new AppClient(id, "client " + id, Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofDays(1));
    }
}
