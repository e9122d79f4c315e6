package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.groups.Group;
import java.util.List;
import java.util.Optional;

/**
 * The pool's groups and who is in them, in the replicated Directory. Every write is fenced as
 * every Directory write is: it commits only while this region's copy of {@code fence} still names
 * it leader, else {@link UserDirectory.FencedOut}, checked before anything else. A membership is
 * two records (the user's, read when tokens are issued, and the group's, read to list its
 * members), always written and removed together, and it names the group's {@link Group#id()}:
 * reads return only memberships of a group that exists under that id, so the memberships of a
 * deleted group (or of an earlier group of the same name) grant nothing even while a delete is
 * still removing them.
 *
 * <p>Pages: {@code limit} items at most, in order of the key ({@link Group#name()} for groups, the
 * sub for members); {@link Page#after()} names the last key of the page when more follow, and is
 * passed back as {@code after} for the next page. Memberships of gone groups are left out of a
 * page, so a page may hold fewer than {@code limit} items and still name more.
 */
public interface GroupDirectory {
    Optional<Group> find(String name);

    /** Stores a new group; {@link GroupExists} if one of that name exists. */
    void create(Group group, LeaderRecord fence);

    /**
     * Replaces the group if the stored one is still the incarnation and version {@code group} was
     * read at (one before {@code group.version()}); else {@link UserDirectory.ConcurrentUpdate},
     * which {@link io.cognate.domain.WriteFence} answers by running the update again from a new read.
     */
    void update(Group group, LeaderRecord fence);

    /**
     * Deletes the group if it is still the incarnation read ({@link Conflict} otherwise), then its
     * memberships, in fenced writes of a page each. A delete cut short leaves memberships that no
     * read returns; a later delete of the name, or the removal of a user, clears them.
     */
    void delete(Group group, LeaderRecord fence);

    Page<Group> list(int limit, Optional<String> after);

    /**
     * Makes the user a member of the group (again, if it was), provided the user exists and the
     * group is still the incarnation read; else {@link Conflict}, and nothing is written.
     */
    void addMember(Group group, String sub, LeaderRecord fence);

    /** Ends the membership, both records at once; nothing happens when there is none. */
    void removeMember(String groupName, String sub, LeaderRecord fence);

    /** The user's groups that exist: what its tokens claim. */
    List<Group> groupsOf(String sub);

    /** A page of the user's groups that exist, by name. */
    Page<Group> groupsOf(String sub, int limit, Optional<String> after);

    /** A page of the subs of the group's members, by sub. */
    Page<String> members(Group group, int limit, Optional<String> after);

    /** Removes every membership of the user, in fenced writes of a page each (the user is being deleted). */
    void removeMemberships(String sub, LeaderRecord fence);

    record Page<T>(List<T> items, Optional<String> after) {
        public Page {
            items = List.copyOf(items);
        }
    }

    final class GroupExists extends RuntimeException {
        public GroupExists() {
            super("group exists", null, false, false);
        }
    }

    /** The user or the group is gone (or the group was deleted and made again): nothing was written. */
    final class Conflict extends RuntimeException {
        public Conflict() {
            super("user or group gone", null, false, false);
        }
    }

    /** For wiring without groups: no groups, so no memberships and no claims. */
    GroupDirectory NONE = new GroupDirectory() {
        @Override
        public Optional<Group> find(String name) {
            return Optional.empty();
        }

        @Override
        public void create(Group group, LeaderRecord fence) {
            throw new UnsupportedOperationException("no groups here");
        }

        @Override
        public void update(Group group, LeaderRecord fence) {
            throw new UnsupportedOperationException("no groups here");
        }

        @Override
        public void delete(Group group, LeaderRecord fence) {
            throw new UnsupportedOperationException("no groups here");
        }

        @Override
        public Page<Group> list(int limit, Optional<String> after) {
            return new Page<>(List.of(), Optional.empty());
        }

        @Override
        public void addMember(Group group, String sub, LeaderRecord fence) {
            throw new Conflict();
        }

        @Override
        public void removeMember(String groupName, String sub, LeaderRecord fence) {
        }

        @Override
        public List<Group> groupsOf(String sub) {
            return List.of();
        }

        @Override
        public Page<Group> groupsOf(String sub, int limit, Optional<String> after) {
            return new Page<>(List.of(), Optional.empty());
        }

        @Override
        public Page<String> members(Group group, int limit, Optional<String> after) {
            return new Page<>(List.of(), Optional.empty());
        }

        @Override
        public void removeMemberships(String sub, LeaderRecord fence) {
        }
    };
}
