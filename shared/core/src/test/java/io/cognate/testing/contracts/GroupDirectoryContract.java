package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.Username;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.groups.Group;
import io.cognate.ports.GroupDirectory;
import io.cognate.ports.GroupDirectory.Conflict;
import io.cognate.ports.GroupDirectory.GroupExists;
import io.cognate.ports.GroupDirectory.Page;
import io.cognate.ports.UserDirectory;
import io.cognate.ports.UserDirectory.ConcurrentUpdate;
import io.cognate.ports.UserDirectory.FencedOut;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GroupDirectory} does: groups created once per name, read back whole, updated
 * only from the version read, listed in pages; memberships that need the user and that
 * incarnation of the group, are written and removed both halves at once (racing adds and removes
 * never leave one half), go with the group and with the user, and are not returned once their
 * group is gone or made again; every write fenced. A concrete subclass supplies fresh, empty
 * storage for each test, writing as {@link #REGION}.
 */
public abstract class GroupDirectoryContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");
    private static final String ROLE = "arn:aws:iam::123456789012:role/cognate/admins";

    /** One test's storage: {@code groups} and {@code directory} over the same data; {@code leaders} holds no record yet. */
    public record Storage(GroupDirectory groups, UserDirectory directory, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private GroupDirectory groups;
    private UserDirectory directory;
    private LeaderStore leaders;
    private LeaderRecord fence;
    private User alice;
    private User bob;

    @BeforeEach
    void freshStorageWithTwoUsers() {
        Storage storage = newStorage();
        groups = storage.groups();
        directory = storage.directory();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
        alice = user("sub-alice", "alice");
        bob = user("sub-bob", "bob");
        directory.create(alice, fence);
        directory.create(bob, fence);
    }

    // ---- groups --------------------------------------------------------------------------------

    @Test
    void aCreatedGroupIsFoundWholeToTheMillisecond() {
        Group full = new Group("admins", Optional.of("Those who run it ☃"), Optional.of(0), Optional.of(ROLE),
                CREATED.plusNanos(2_500_000), CREATED.plusNanos(2_500_000), "id-admins", 1);
        Group bare = group("readers", Optional.empty());

        groups.create(full, fence);
        groups.create(bare, fence);

        assertThat(groups.find("admins")).contains(new Group("admins", full.description(), full.precedence(),
                full.roleArn(), CREATED.plusMillis(2), CREATED.plusMillis(2), "id-admins", 1));
        assertThat(groups.find("readers")).contains(bare);
        assertThat(groups.find("Admins")).as("names are exact").isEmpty();
        assertThat(groups.find("nobody")).isEmpty();
    }

    @Test
    void aSecondGroupOfTheSameNameIsRefused() {
        Group first = group("admins", Optional.of(1));
        groups.create(first, fence);

        assertThatThrownBy(() -> groups.create(group("admins", Optional.of(7)), fence)).isInstanceOf(GroupExists.class);
        assertThat(groups.find("admins")).contains(first);
    }

    @Test
    void createsOfOneNameRacingEachOtherLetExactlyOneThrough() {
        List<Race.Outcome<Boolean>> outcomes = Race.run(8, i -> () -> {
            groups.create(new Group("racers", Optional.of("racer " + i), Optional.empty(), Optional.empty(), CREATED,
                    CREATED, "id-" + i, 1), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(GroupExists.class));
        int winner = IntStream.range(0, 8).filter(i -> outcomes.get(i).succeeded()).findFirst().orElseThrow();
        assertThat(groups.find("racers").orElseThrow().id()).isEqualTo("id-" + winner);
    }

    @Test
    void anUpdateHoldsOnlyOnTheVersionAndIncarnationItWasMadeFrom() {
        Group read = group("admins", Optional.of(1));
        groups.create(read, fence);
        Group updated = read.updated(Optional.of("new"), Optional.of(2), Optional.of(ROLE), CREATED.plusSeconds(9));

        groups.update(updated, fence);

        assertThat(groups.find("admins")).contains(updated);
        assertThat(updated.version()).isEqualTo(2);
        assertThatThrownBy(() -> groups.update(read.updated(Optional.of("stale"), Optional.empty(), Optional.empty(),
                CREATED.plusSeconds(10)), fence)).isInstanceOf(ConcurrentUpdate.class);
        groups.delete(updated, fence);
        Group again = group("admins", Optional.of(5));
        groups.create(again, fence);
        assertThatThrownBy(() -> groups.update(updated.updated(Optional.of("old incarnation"), Optional.empty(),
                Optional.empty(), CREATED.plusSeconds(11)), fence)).as("same version, another group")
                .isInstanceOf(ConcurrentUpdate.class);
        assertThat(groups.find("admins")).contains(again);
        assertThatThrownBy(() -> groups.update(group("ghost", Optional.empty()).updated(Optional.of("x"),
                Optional.empty(), Optional.empty(), CREATED), fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThat(groups.find("ghost")).isEmpty();
    }

    @Test
    void updatesRacingFromOneVersionLetExactlyOneThrough() {
        Group read = group("admins", Optional.of(1));
        groups.create(read, fence);

        List<Race.Outcome<Boolean>> outcomes = Race.run(8, i -> () -> {
            groups.update(read.updated(Optional.of("by " + i), Optional.empty(), Optional.empty(), CREATED), fence);
            return true;
        });

        assertThat(Race.successes(outcomes)).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(ConcurrentUpdate.class));
    }

    @Test
    void groupsAreListedByNameInPagesThatCoverEachOnce() {
        List<String> names = List.of("e", "a", "d", "b", "c");
        names.forEach(name -> groups.create(group(name, Optional.empty()), fence));

        assertThat(all((limit, after) -> groups.list(limit, after), 2)).extracting(Group::name)
                .containsExactly("a", "b", "c", "d", "e");
        Page<Group> whole = groups.list(5, Optional.empty());
        assertThat(whole.after()).as("nothing follows a page that holds the rest").isEmpty();
        Page<Group> first = groups.list(2, Optional.empty());
        assertThat(first.after()).contains("b");
        assertThat(groups.list(60, Optional.of("b")).items()).extracting(Group::name).containsExactly("c", "d", "e");
        assertThat(groups.list(60, Optional.of("bb")).items()).as("any key starts a page after it")
                .extracting(Group::name).containsExactly("c", "d", "e");
        assertThat(groups.list(60, Optional.of("zzz")).items()).isEmpty();
    }

    // ---- memberships ---------------------------------------------------------------------------

    @Test
    void membershipsAreReadFromTheUserAndFromTheGroup() {
        Group admins = create("admins", Optional.of(0));
        Group readers = create("readers", Optional.empty());

        groups.addMember(admins, alice.sub(), fence);
        groups.addMember(readers, alice.sub(), fence);
        groups.addMember(readers, bob.sub(), fence);
        groups.addMember(readers, bob.sub(), fence);

        assertThat(groups.groupsOf(alice.sub())).containsExactlyInAnyOrder(admins, readers);
        assertThat(groups.groupsOf(alice.sub(), 60, Optional.empty()).items()).containsExactly(admins, readers);
        assertThat(groups.groupsOf(bob.sub())).containsExactly(readers);
        assertThat(groups.members(readers, 60, Optional.empty()).items()).containsExactly("sub-alice", "sub-bob");
        assertThat(groups.members(admins, 60, Optional.empty()).items()).containsExactly("sub-alice");
        assertThat(groups.groupsOf("sub-nobody")).isEmpty();
    }

    @Test
    void membershipsAreListedInPagesThatCoverEachOnce() {
        List<Group> made = IntStream.range(0, 7).mapToObj(i -> create("g" + i, Optional.of(i))).toList();
        made.forEach(group -> groups.addMember(group, alice.sub(), fence));
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            User user = user("sub-" + i, "member" + i);
            directory.create(user, fence);
            groups.addMember(made.getFirst(), user.sub(), fence);
            subs.add(user.sub());
        }
        subs.add(alice.sub());

        assertThat(all((limit, after) -> groups.groupsOf(alice.sub(), limit, after), 3)).containsExactlyElementsOf(made);
        assertThat(all((limit, after) -> groups.members(made.getFirst(), limit, after), 2))
                .containsExactlyElementsOf(subs.stream().sorted().toList());
    }

    @Test
    void aMembershipNeedsTheUserAndThatGroup() {
        Group admins = create("admins", Optional.empty());

        assertThatThrownBy(() -> groups.addMember(admins, "sub-nobody", fence)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> groups.addMember(group("ghost", Optional.empty()), alice.sub(), fence))
                .isInstanceOf(Conflict.class);
        Group otherIncarnation = new Group("admins", Optional.empty(), Optional.empty(), Optional.empty(), CREATED,
                CREATED, "id-of-another", 1);
        assertThatThrownBy(() -> groups.addMember(otherIncarnation, alice.sub(), fence)).isInstanceOf(Conflict.class);

        assertThat(groups.members(admins, 60, Optional.empty()).items()).isEmpty();
        assertThat(groups.groupsOf(alice.sub())).isEmpty();
        assertThat(groups.groupsOf("sub-nobody")).isEmpty();
    }

    @Test
    void aRemovedMembershipIsGoneFromBothSides() {
        Group admins = create("admins", Optional.empty());
        groups.addMember(admins, alice.sub(), fence);
        groups.addMember(admins, bob.sub(), fence);

        groups.removeMember("admins", alice.sub(), fence);
        groups.removeMember("admins", alice.sub(), fence);
        groups.removeMember("never", alice.sub(), fence);

        assertThat(groups.groupsOf(alice.sub())).isEmpty();
        assertThat(groups.members(admins, 60, Optional.empty()).items()).containsExactly("sub-bob");
    }

    @Test
    void deletingAGroupEndsEveryMembershipAndItsNameCanBeTakenAgain() {
        Group admins = create("admins", Optional.of(0));
        Group readers = create("readers", Optional.empty());
        List<User> members = new ArrayList<>(List.of(alice, bob));
        // More than one of the table's pages of memberships.
        for (int i = 0; i < 60; i++) {
            User user = user("sub-many-" + i, "many" + i);
            directory.create(user, fence);
            members.add(user);
        }
        members.forEach(user -> groups.addMember(admins, user.sub(), fence));
        groups.addMember(readers, alice.sub(), fence);

        groups.delete(admins, fence);

        assertThat(groups.find("admins")).isEmpty();
        assertThat(groups.groupsOf(alice.sub())).containsExactly(readers);
        assertThat(members).allSatisfy(user -> assertThat(groups.groupsOf(user.sub())).doesNotContain(admins));
        Group again = create("admins", Optional.of(3));
        assertThat(groups.members(again, 200, Optional.empty()).items()).isEmpty();
        assertThat(groups.groupsOf(bob.sub())).isEmpty();
        assertThat(groups.members(readers, 60, Optional.empty()).items()).containsExactly("sub-alice");
    }

    @Test
    void aDeleteOfAGroupNoLongerStoredIsRefused() {
        Group first = create("admins", Optional.empty());
        groups.delete(first, fence);
        Group again = create("admins", Optional.empty());
        groups.addMember(again, alice.sub(), fence);

        assertThatThrownBy(() -> groups.delete(first, fence)).isInstanceOf(Conflict.class);
        assertThat(groups.find("admins")).contains(again);
        assertThat(groups.groupsOf(alice.sub())).containsExactly(again);
    }

    @Test
    void deletingAUserEndsItsMemberships() {
        List<Group> made = IntStream.range(0, 60).mapToObj(i -> create("team-" + i, Optional.of(i))).toList();
        made.forEach(group -> groups.addMember(group, alice.sub(), fence));
        groups.addMember(made.getFirst(), bob.sub(), fence);

        directory.delete(alice, fence);

        assertThat(groups.groupsOf(alice.sub())).isEmpty();
        assertThat(made).allSatisfy(group -> assertThat(groups.members(group, 60, Optional.empty()).items())
                .doesNotContain(alice.sub()));
        assertThat(groups.members(made.getFirst(), 60, Optional.empty()).items()).containsExactly("sub-bob");
        assertThatThrownBy(() -> groups.addMember(made.get(1), alice.sub(), fence)).isInstanceOf(Conflict.class);
    }

    @Test
    void addsAndRemovesRacingEachOtherNeverLeaveHalfAMembership() {
        Group admins = create("admins", Optional.empty());
        for (int round = 0; round < 5; round++) {
            Race.run(8, i -> () -> {
                if (i % 2 == 0) {
                    groups.addMember(admins, alice.sub(), fence);
                } else {
                    groups.removeMember("admins", alice.sub(), fence);
                }
                return true;
            });

            boolean userSide = groups.groupsOf(alice.sub()).contains(admins);
            boolean groupSide = groups.members(admins, 60, Optional.empty()).items().contains(alice.sub());
            assertThat(groupSide).as("round %d: both halves or neither", round).isEqualTo(userSide);
        }
    }

    @Test
    void addsRacingADeleteOfTheGroupLeaveNoMembershipBehind() {
        Group admins = create("admins", Optional.empty());
        List<User> racers = IntStream.range(0, 7).mapToObj(i -> user("sub-racer-" + i, "racer" + i)).toList();
        racers.forEach(user -> directory.create(user, fence));

        List<Race.Outcome<Boolean>> outcomes = Race.run(8, i -> () -> {
            if (i == 0) {
                groups.delete(admins, fence);
            } else {
                groups.addMember(admins, racers.get(i - 1).sub(), fence);
            }
            return true;
        });

        assertThat(outcomes.getFirst().succeeded()).isTrue();
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(Conflict.class));
        Group again = create("admins", Optional.empty());
        assertThat(groups.members(again, 60, Optional.empty()).items()).isEmpty();
        assertThat(racers).allSatisfy(user -> assertThat(groups.groupsOf(user.sub())).isEmpty());
    }

    // ---- the write fence -----------------------------------------------------------------------

    @Test
    void everyWriteIsRefusedWhileAnotherRegionLeadsBeforeAnyOtherCheck() {
        Group admins = create("admins", Optional.empty());
        groups.addMember(admins, alice.sub(), fence);
        LeaderRecord otherLeads = promote(OTHER_REGION);

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> groups.create(group("new", Optional.empty()), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.create(group("admins", Optional.empty()), tried))
                    .isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.update(admins.updated(Optional.of("x"), Optional.empty(), Optional.empty(),
                    CREATED), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.addMember(admins, bob.sub(), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.addMember(admins, "sub-nobody", tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.removeMember("admins", alice.sub(), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.removeMemberships(alice.sub(), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> groups.delete(admins, tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(groups.find("new")).isEmpty();
        assertThat(groups.find("admins")).contains(admins);
        assertThat(groups.groupsOf(alice.sub())).containsExactly(admins);
        assertThat(groups.members(admins, 60, Optional.empty()).items()).containsExactly("sub-alice");

        LeaderRecord leadsAgain = promote(REGION);
        groups.addMember(admins, bob.sub(), leadsAgain);
        assertThat(groups.groupsOf(bob.sub())).containsExactly(admins);
    }

    private Group create(String name, Optional<Integer> precedence) {
        Group group = group(name, precedence);
        groups.create(group, fence);
        return group;
    }

    private LeaderRecord promote(String region) {
        LeaderState now = leaders.transitions().state().orElseThrow();
        return leaders.transitions().promote(now, region, "test", CREATED, Optional.empty()).orElseThrow().record();
    }

    /** Every item of a paged list, a page of {@code limit} at a time. */
    private static <T> List<T> all(BiFunction<Integer, Optional<String>, Page<T>> list, int limit) {
        List<T> items = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            Page<T> page = list.apply(limit, after);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            items.addAll(page.items());
            after = page.after();
            if (after.isEmpty()) {
                return items;
            }
        }
        throw new AssertionError("the list did not end");
    }

    private static Group group(String name, Optional<Integer> precedence) {
        return new Group(name, Optional.of("the " + name), precedence, Optional.empty(), CREATED, CREATED,
                "id-" + name + "-" + System.nanoTime(), 1);
    }

    private static User user(String sub, String username) {
        return new User(sub, Username.of(username), UserStatus.CONFIRMED, true, Map.of("email", username + "@example.com"),
                "hash-of-" + sub, Optional.empty(), CREATED, CREATED);
    }
}
