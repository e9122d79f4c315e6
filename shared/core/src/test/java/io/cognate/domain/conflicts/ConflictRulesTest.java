package io.cognate.domain.conflicts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.Username;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConflictRulesTest {
    private static final String SUB_A = "0b7c2b1e-0000-4000-8000-00000000000a";
    private static final String SUB_B = "0b7c2b1e-0000-4000-8000-00000000000b";

    private static ItemImage profile(String region, long epoch, long version) {
        return new ItemImage("USER#" + SUB_A, "PROFILE", version, epoch, region, Optional.empty(), Map.of());
    }

    /** A profile copy whose writer's line started from {@code ancestor}. */
    private static ItemImage profile(String region, long epoch, long version, ItemImage.Ancestor ancestor) {
        return new ItemImage("USER#" + SUB_A, "PROFILE", version, epoch, region, Optional.empty(), Map.of(),
                Optional.of(ancestor));
    }

    /** A deleted user's profile: the same stamps, no attributes ({@link ItemImage#TOMBSTONE}). */
    private static ItemImage tombstone(String region, long epoch, long version, ItemImage.Ancestor ancestor) {
        return new ItemImage("USER#" + SUB_A, "PROFILE", version, epoch, region, Optional.empty(),
                Map.of(ItemImage.TOMBSTONE, "true", "sub", SUB_A), Optional.of(ancestor));
    }

    private static ItemImage.Ancestor from(String region, long epoch, long version) {
        return new ItemImage.Ancestor(epoch, region, version);
    }

    private static ItemImage claim(String region, long epoch, String sub) {
        return new ItemImage("USERNAME#alice", "USERNAME", 0, epoch, region, Optional.of(sub), Map.of());
    }

    @Test
    void writesOfOneFencedWriterNeverConflict() {
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 2), profile("us-east-1", 1, 3))).isEmpty();
        // An older write of the same line arriving late is no lost write either: it is the same writer.
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 3), profile("us-east-1", 1, 2))).isEmpty();
    }

    @Test
    void aLaterEpochWrittenOnTopOfTheHeldCopyIsNoConflict() {
        // After a failover the new leader writes version 4 on top of the old leader's 3.
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 3), profile("eu-west-1", 2, 4))).isEmpty();
    }

    @Test
    void aStaleLeadersWriteArrivingOverTheNewLeadersIsAConflict() {
        assertThat(ConflictRules.examine(profile("eu-west-1", 2, 3), profile("us-east-1", 1, 3)))
                .contains(ConflictKind.STALE_LEADER_WRITE);
        // ...even with a higher version: the stale leader wrote more often, on an older copy.
        assertThat(ConflictRules.examine(profile("eu-west-1", 2, 3), profile("us-east-1", 1, 5)))
                .contains(ConflictKind.STALE_LEADER_WRITE);
    }

    @Test
    void theNewLeadersForkArrivingOverTheStaleLeadersIsAConflict() {
        // Both wrote version 3 from version 2: neither saw the other.
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 3), profile("eu-west-1", 2, 3)))
                .contains(ConflictKind.STALE_LEADER_WRITE);
    }

    @Test
    void thePromotedLeadersSecondWriteOfAForkIsAConflictThoughItsVersionIsHigher() {
        // Both held version 1 (us-east-1, epoch 1). The old leader wrote its 2; the promoted leader
        // its 2 and 3, both started from that version 1. Version 3 over 2 is no evidence of order.
        ItemImage staleWrite = profile("us-east-1", 1, 2, from("us-east-1", 1, 1));
        ItemImage promotedSecond = profile("eu-west-1", 2, 3, from("us-east-1", 1, 1));
        assertThat(ConflictRules.examine(staleWrite, promotedSecond)).contains(ConflictKind.STALE_LEADER_WRITE);
        // Without the ancestor stamp (items written before it) it reads as written on top, as it did.
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 2), profile("eu-west-1", 2, 3))).isEmpty();
    }

    @Test
    void aLineStartedFromTheHeldCopyOrALaterOneOfItsWriterIsWrittenOnTop() {
        ItemImage held = profile("us-east-1", 1, 2, from("", 0, -1));
        assertThat(ConflictRules.examine(held, profile("eu-west-1", 2, 3, from("us-east-1", 1, 2)))).isEmpty();
        assertThat(ConflictRules.examine(held, profile("eu-west-1", 2, 5, from("us-east-1", 1, 4)))).isEmpty();
        // The ancestor's own epoch later than the held copy's: one writer further back, by version.
        assertThat(ConflictRules.examine(held, profile("us-east-1", 3, 4, from("eu-west-1", 2, 3)))).isEmpty();
        assertThat(ConflictRules.examine(held, profile("us-east-1", 3, 4, from("eu-west-1", 2, 1))))
                .contains(ConflictKind.STALE_LEADER_WRITE);
    }

    @Test
    void aLineStartedFromAnOlderWritersCopyOrCreatedAfreshIsAFork() {
        ItemImage held = profile("us-east-1", 2, 4, from("eu-west-1", 1, 3));
        // Started from epoch 1's version 3, before the held epoch-2 copy was written.
        assertThat(ConflictRules.examine(held, profile("eu-west-1", 3, 5, from("eu-west-1", 1, 3))))
                .contains(ConflictKind.STALE_LEADER_WRITE);
        // Created where the held copy existed: nothing of it is in the new line.
        assertThat(ConflictRules.examine(held, profile("eu-west-1", 3, 1, ItemImage.Ancestor.NONE)))
                .contains(ConflictKind.STALE_LEADER_WRITE);
        // Another region at the held copy's epoch (two leaders in one epoch).
        assertThat(ConflictRules.examine(held, profile("eu-west-1", 2, 9, from("eu-west-1", 2, 8))))
                .contains(ConflictKind.CONCURRENT_WRITE);
    }

    @Test
    void anUnfencedItemUpdatedInAnotherRegionOnTopOfTheHeldCopyIsNoConflict() {
        // A sign-in event's feedback: written in any region, conditional on the version read.
        assertThat(ConflictRules.examine(profile("us-east-1", 0, 1), profile("eu-west-1", 0, 2))).isEmpty();
    }

    @Test
    void twoRegionsInOneEpochIsAConcurrentWrite() {
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 3), profile("eu-west-1", 1, 3)))
                .contains(ConflictKind.CONCURRENT_WRITE);
    }

    @Test
    void theHigherEpochWinsWhicheverCopyIsApplied() {
        ItemImage stale = profile("us-east-1", 1, 5);
        ItemImage promoted = profile("eu-west-1", 2, 3);
        assertThat(ConflictRules.winner(stale, promoted)).isSameAs(promoted);
        assertThat(ConflictRules.winner(promoted, stale)).isSameAs(promoted);
    }

    @Test
    void inOneEpochTheHigherVersionThenTheFirstRegionWins() {
        assertThat(ConflictRules.winner(profile("us-east-1", 1, 3), profile("eu-west-1", 1, 4)).writerRegion())
                .isEqualTo("eu-west-1");
        assertThat(ConflictRules.winner(profile("us-east-1", 1, 3), profile("eu-west-1", 1, 3)).writerRegion())
                .isEqualTo("eu-west-1");
        assertThat(ConflictRules.winner(profile("eu-west-1", 1, 3), profile("us-east-1", 1, 3)).writerRegion())
                .isEqualTo("eu-west-1");
    }

    @Test
    void aUsernameClaimedForTwoUsersConflictsAndGoesToTheHigherEpochThenTheFirstSub() {
        assertThat(ConflictRules.examine(claim("us-east-1", 1, SUB_A), claim("eu-west-1", 2, SUB_B)))
                .contains(ConflictKind.USERNAME_CLAIM);
        assertThat(ConflictRules.examine(claim("us-east-1", 1, SUB_A), claim("eu-west-1", 2, SUB_A))).isEmpty();
        assertThat(ConflictRules.winner(claim("us-east-1", 1, SUB_A), claim("eu-west-1", 2, SUB_B)).claimedSub())
                .contains(SUB_B);
        assertThat(ConflictRules.winner(claim("eu-west-1", 1, SUB_B), claim("us-east-1", 1, SUB_A)).claimedSub())
                .contains(SUB_A);
    }

    @Test
    void theIdIsThePairOfCopiesInEitherOrder() {
        ItemImage a = profile("us-east-1", 1, 3);
        ItemImage b = profile("eu-west-1", 2, 3);
        assertThat(ConflictRules.id(a, b)).isEqualTo(ConflictRules.id(b, a)).hasSize(32);
        assertThat(ConflictRules.id(a, profile("eu-west-1", 2, 4))).isNotEqualTo(ConflictRules.id(a, b));
    }

    @Test
    void theSetAsideUsernameNamesTheSubAndStaysWithinCognitosLength() {
        assertThat(ConflictRules.setAsideUsername(Username.of("Alice"), SUB_A).value())
                .isEqualTo("Alice#conflict-" + SUB_A);
        Username longName = Username.of("x".repeat(Username.MAX_LENGTH));
        Username setAside = ConflictRules.setAsideUsername(longName, SUB_A);
        assertThat(setAside.value()).hasSize(Username.MAX_LENGTH).endsWith("#conflict-" + SUB_A);
    }

    @Test
    void theFoundConflictKeepsTheWinnerAndSetsAsideTheOther() {
        ItemImage held = profile("eu-west-1", 2, 3);
        ItemImage incoming = profile("us-east-1", 1, 3);
        ReplicationConflict conflict = ConflictRules.find(held, incoming, "eu-west-1", Instant.EPOCH).orElseThrow();
        assertThat(conflict.winner()).isSameAs(held);
        assertThat(conflict.loser()).isSameAs(incoming);
        assertThat(conflict.status()).isEqualTo(ConflictStatus.PENDING);
    }

    @Test
    void secretsAreNamedAsSuch() {
        assertThat(SecretAttributes.isSecret("passwordHash")).isTrue();
        assertThat(SecretAttributes.isSecret("srpVerifier")).isTrue();
        assertThat(SecretAttributes.isSecret("secretCiphertext")).isTrue();
        assertThat(SecretAttributes.isSecret("confirmationCodeHash")).isTrue();
        assertThat(SecretAttributes.isSecret("username")).isFalse();
        assertThat(SecretAttributes.isSecret("enabled")).isFalse();
    }

    /** Every region reaches the same winner whatever order the two copies arrive in. */
    @Property
    void theWinnerDoesNotDependOnArrivalOrder(@ForAll @IntRange(min = 1, max = 4) int epochA,
                                              @ForAll @IntRange(min = 1, max = 6) int versionA,
                                              @ForAll @IntRange(min = 1, max = 4) int epochB,
                                              @ForAll @IntRange(min = 1, max = 6) int versionB,
                                              @ForAll boolean sameRegion) {
        ItemImage a = profile("us-east-1", epochA, versionA);
        ItemImage b = profile(sameRegion ? "us-east-1" : "eu-west-1", epochB, versionB);
        assertThat(ConflictRules.winner(a, b)).isEqualTo(ConflictRules.winner(b, a));
        // Found in one direction or the other: a fork is never missed from both sides.
        if (!(epochA == epochB && sameRegion) && versionA == versionB) {
            assertThat(ConflictRules.examine(a, b).isPresent() || ConflictRules.examine(b, a).isPresent()).isTrue();
        }
    }

    /**
     * Two writers' lines forked from one common copy (each stamped with it as ancestor): whatever
     * their epochs, versions and arrival order, replacing either by the other is found, and both
     * regions name the same winner. A line started from the other's copy is never a conflict.
     */
    @Property
    void aForkFromOneAncestorIsFoundInEitherArrivalOrder(@ForAll @IntRange(min = 1, max = 4) int epochA,
                                                          @ForAll @IntRange(min = 1, max = 4) int epochB,
                                                          @ForAll @IntRange(min = 1, max = 3) int ancestorVersion,
                                                          @ForAll @IntRange(min = 1, max = 4) int writesA,
                                                          @ForAll @IntRange(min = 1, max = 4) int writesB,
                                                          @ForAll @IntRange(min = 0, max = 3) int ancestorEpochBelow) {
        String regionA = "us-east-1";
        String regionB = "eu-west-1";
        // The common copy was written before either line's epoch, by one of the two regions.
        long ancestorEpoch = Math.max(0, Math.min(epochA, epochB) - 1 - ancestorEpochBelow);
        ItemImage.Ancestor common = from(regionA, ancestorEpoch, ancestorVersion);
        ItemImage a = profile(regionA, epochA, ancestorVersion + writesA, common);
        ItemImage b = profile(regionB, epochB, ancestorVersion + writesB, common);
        assertThat(ConflictRules.examine(a, b)).isPresent();
        assertThat(ConflictRules.examine(b, a)).isPresent();
        assertThat(ConflictRules.winner(a, b)).isEqualTo(ConflictRules.winner(b, a));
        // B's line started from A's copy instead: written on top, when B's epoch is not older.
        if (epochB >= epochA) {
            ItemImage onTop = profile(regionB, epochB, a.version() + writesB, from(regionA, epochA, a.version()));
            assertThat(ConflictRules.examine(a, onTop)).isEmpty();
        }
    }

    @Test
    void aDeleteForkedFromAChangeIsADeleteAgainstAChangeAndTheHigherEpochDecides() {
        ItemImage.Ancestor common = from("us-east-1", 1, 1);
        ItemImage staleDelete = tombstone("us-east-1", 1, 2, common);
        ItemImage promotedChange = profile("eu-west-1", 2, 2, common);
        assertThat(ConflictRules.examine(staleDelete, promotedChange)).contains(ConflictKind.DELETE_AGAINST_CHANGE);
        assertThat(ConflictRules.examine(promotedChange, staleDelete)).contains(ConflictKind.DELETE_AGAINST_CHANGE);
        assertThat(ConflictRules.winner(staleDelete, promotedChange)).isSameAs(promotedChange);
        ItemImage promotedDelete = tombstone("eu-west-1", 2, 2, common);
        ItemImage staleChange = profile("us-east-1", 1, 2, common);
        assertThat(ConflictRules.winner(staleChange, promotedDelete)).isSameAs(promotedDelete);
        assertThat(promotedDelete.isTombstone()).isTrue();
        assertThat(staleChange.isTombstone()).isFalse();
    }

    @Test
    void aDeleteWrittenOnTopOfTheHeldCopyAndTwoDeletesAreNoConflict() {
        ItemImage held = profile("us-east-1", 1, 3, from("", 0, -1));
        // The ordinary case: the user deleted after its last change, the tombstone replicating over it.
        assertThat(ConflictRules.examine(held, tombstone("us-east-1", 1, 4, from("", 0, -1)))).isEmpty();
        assertThat(ConflictRules.examine(held, tombstone("eu-west-1", 2, 4, from("us-east-1", 1, 3)))).isEmpty();
        // Deleted on both sides of a split: whichever tombstone stays, nothing was lost.
        assertThat(ConflictRules.examine(tombstone("us-east-1", 1, 4, from("us-east-1", 1, 3)),
                tombstone("eu-west-1", 2, 4, from("us-east-1", 1, 3)))).isEmpty();
    }

    /** A delete and a change forked from one copy: found whichever arrives over the other, one winner, one kind. */
    @Property
    void aDeleteAgainstAChangeIsFoundInEitherArrivalOrder(@ForAll @IntRange(min = 1, max = 4) int epochDelete,
                                                           @ForAll @IntRange(min = 1, max = 4) int epochChange,
                                                           @ForAll @IntRange(min = 1, max = 3) int ancestorVersion,
                                                           @ForAll @IntRange(min = 1, max = 4) int changes) {
        long ancestorEpoch = Math.min(epochDelete, epochChange) - 1;
        ItemImage.Ancestor common = from("us-east-1", ancestorEpoch, ancestorVersion);
        ItemImage deleted = tombstone("us-east-1", epochDelete, ancestorVersion + 1, common);
        ItemImage changed = profile("eu-west-1", epochChange, ancestorVersion + changes, common);
        assertThat(ConflictRules.examine(deleted, changed)).contains(ConflictKind.DELETE_AGAINST_CHANGE);
        assertThat(ConflictRules.examine(changed, deleted)).contains(ConflictKind.DELETE_AGAINST_CHANGE);
        ItemImage winner = ConflictRules.winner(deleted, changed);
        assertThat(winner).isEqualTo(ConflictRules.winner(changed, deleted));
        if (epochDelete != epochChange) {
            assertThat(winner).isSameAs(epochDelete > epochChange ? deleted : changed);
        }
    }

    /**
     * Two promotions in a row (three regions): us-east-1 leads at epoch 1, eu-west-1 is promoted
     * at 2 and writes on top of us-east-1's version 2, ap-southeast-2 is promoted at 3 and writes
     * on top of eu-west-1's version 3; meanwhile the partitioned us-east-1 went on writing
     * (version 3). When it heals, the promoted line reaches it: us-east-1's version 2 is in that
     * line, its version 3 is not. One writer back (eu-west-1, epoch 2) could not tell them apart.
     */
    @Test
    void aForkTwoWritersBackIsFound() {
        ItemImage.Ancestor created = ItemImage.Ancestor.NONE;
        ItemImage.Ancestor westRead = ItemImage.Ancestor.onTopOf(1, "us-east-1", 2, Optional.of(created));
        ItemImage.Ancestor southRead = ItemImage.Ancestor.onTopOf(2, "eu-west-1", 3, Optional.of(westRead));
        ItemImage south = profile("ap-southeast-2", 3, 4, southRead);

        ItemImage staleEast = profile("us-east-1", 1, 3, created);
        assertThat(ConflictRules.examine(staleEast, south)).contains(ConflictKind.STALE_LEADER_WRITE);
        assertThat(ConflictRules.examine(south, staleEast)).contains(ConflictKind.STALE_LEADER_WRITE);
        assertThat(ConflictRules.winner(staleEast, south)).isSameAs(south);
        // The copy the line holds is no conflict.
        assertThat(ConflictRules.examine(profile("us-east-1", 1, 2, created), south)).isEmpty();
        // Known one writer back only (stamped before lines were kept): the version decides, as before.
        ItemImage southWithoutLine = profile("ap-southeast-2", 3, 4, from("eu-west-1", 2, 3));
        assertThat(ConflictRules.examine(staleEast, southWithoutLine)).isEmpty();
        assertThat(southRead.line()).containsExactly(from("eu-west-1", 2, 3), from("us-east-1", 1, 2), created);
    }

    /**
     * A line of writers, one per epoch, each writing on top of the one before (a promotion each):
     * a write that one of them made after the next had read its copy is found when the last copy
     * replaces it, in either order; every copy the line passed through is not. Lines up to
     * {@link ItemImage.Ancestor#LINE_LENGTH} writers are known whole.
     */
    @Property
    void aWriteAnyNumberOfWritersBackIsFoundUpToTheLinesLength(
            @ForAll @IntRange(min = 2, max = ItemImage.Ancestor.LINE_LENGTH) int writers,
            @ForAll @IntRange(min = 1, max = 3) int writesEach,
            @ForAll @IntRange(min = 0, max = ItemImage.Ancestor.LINE_LENGTH - 2) int staleIndex,
            @ForAll @IntRange(min = 1, max = 3) int staleWrites) {
        String[] regions = {"us-east-1", "eu-west-1", "ap-southeast-2"};
        int stale = Math.min(staleIndex, writers - 2);
        ItemImage.Ancestor ancestor = ItemImage.Ancestor.NONE;
        long version = 0;
        ItemImage[] read = new ItemImage[writers];
        ItemImage.Ancestor[] ancestors = new ItemImage.Ancestor[writers];
        for (int w = 0; w < writers; w++) {
            ancestors[w] = ancestor;
            version += writesEach;
            read[w] = profile(regions[w % 3], w + 1, version, ancestor);
            ancestor = ItemImage.Ancestor.onTopOf(w + 1, regions[w % 3], version, Optional.of(ancestor));
        }
        ItemImage last = read[writers - 1];
        ItemImage staleCopy = profile(regions[stale % 3], stale + 1, read[stale].version() + staleWrites, ancestors[stale]);

        assertThat(ConflictRules.examine(staleCopy, last)).isPresent();
        assertThat(ConflictRules.examine(last, staleCopy)).isPresent();
        for (int w = 0; w < writers - 1; w++) {
            assertThat(ConflictRules.examine(read[w], last)).as("copy %d of the line", w).isEmpty();
        }
    }
}
