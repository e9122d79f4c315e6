package io.cognate.domain.conflicts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What conflict detection needs of one replicated Directory item image: its key, the version it
 * was written at, the epoch and region of the write fence that wrote it, the sub a username claim
 * names, and its attributes as shown to an administrator ({@link SecretAttributes} already
 * applied: no hash, verifier or sealed secret in clear).
 *
 * @param version 0 for items that carry none
 * @param epoch 0 for items written before items carried one
 * @param writerRegion empty for items written before items carried one
 * @param ancestor the copy this writer's line started from; empty for items written before
 *     items carried one, and for those whose writes do not read the item first
 */
public record ItemImage(String pk, String sk, long version, long epoch, String writerRegion,
                        Optional<String> claimedSub, Map<String, String> shown, Optional<Ancestor> ancestor) {
    public static final String USERNAME_CLAIM_PREFIX = "USERNAME#";
    /** The attribute that marks a deleted user's profile: its tombstone, which carries stamps and no data. */
    public static final String TOMBSTONE = "deleted";

    /**
     * The writer stamps of the copy the first write of one fenced writer (a region in an epoch)
     * read and wrote on top of; every later write of that writer keeps it. A writer that created
     * the item read nothing: {@link #NONE}. {@code earlier} is the same copy's own line: the
     * writers before it, nearest first, up to {@link #LINE_LENGTH} in all, ending in {@link #NONE}
     * when the item's creation is among them. So a copy's line is known several writers back,
     * which is what tells a copy written on top of another from a fork with a higher version, also
     * after two promotions in a row (three regions).
     *
     * @param version -1 when the writer created the item ({@link #NONE}); 0 for a copy read without one
     * @param earlier the writers before this one, nearest first; each without an {@code earlier} of its own;
     *     empty for copies stamped before lines were kept
     */
    public record Ancestor(long epoch, String writerRegion, long version, List<Ancestor> earlier) {
        /** Created, not written on top of any copy: below every version, so no held copy is in its line. */
        public static final Ancestor NONE = new Ancestor(0, "", -1);
        /**
         * Writers kept in a line, this one included: a line longer than eight writers means eight
         * fenced writers (a region in an epoch) wrote one item in turn before a partitioned one
         * healed, and each entry is about 25 bytes of the item.
         */
        public static final int LINE_LENGTH = 8;

        public Ancestor {
            writerRegion = writerRegion == null ? "" : writerRegion;
            earlier = earlier == null ? List.of() : earlier.stream()
                    .map(step -> step.earlier().isEmpty() ? step
                            : new Ancestor(step.epoch(), step.writerRegion(), step.version()))
                    .limit(LINE_LENGTH - 1L).toList();
        }

        public Ancestor(long epoch, String writerRegion, long version) {
            this(epoch, writerRegion, version, List.of());
        }

        /**
         * The ancestor a writer names when it writes on top of a copy stamped {@code epoch},
         * {@code writerRegion} and {@code version}, that copy's own ancestor being {@code ofTheCopy}:
         * the copy, then the copy's line, cut to {@link #LINE_LENGTH}.
         */
        public static Ancestor onTopOf(long epoch, String writerRegion, long version, Optional<Ancestor> ofTheCopy) {
            return new Ancestor(epoch, writerRegion, version, ofTheCopy.map(Ancestor::line).orElse(List.of()));
        }

        /** This writer and the earlier ones, nearest first. */
        public List<Ancestor> line() {
            var line = new ArrayList<Ancestor>(1 + earlier.size());
            line.add(earlier.isEmpty() ? this : new Ancestor(epoch, writerRegion, version));
            line.addAll(earlier);
            return line;
        }

        /** Whether this entry is the item's creation ({@link #NONE}): nothing was read before it. */
        public boolean isCreation() {
            return version == -1;
        }

        /** Whether {@code image} was written by the same fenced writer as this copy. */
        boolean sameWriter(ItemImage image) {
            return epoch == image.epoch() && writerRegion.equals(image.writerRegion());
        }
    }

    public ItemImage {
        Objects.requireNonNull(pk);
        Objects.requireNonNull(sk);
        writerRegion = writerRegion == null ? "" : writerRegion;
        claimedSub = claimedSub == null ? Optional.empty() : claimedSub;
        shown = Map.copyOf(shown);
        ancestor = ancestor == null ? Optional.empty() : ancestor;
    }

    /** A copy without an ancestor stamp (written before items carried one). */
    public ItemImage(String pk, String sk, long version, long epoch, String writerRegion,
                     Optional<String> claimedSub, Map<String, String> shown) {
        this(pk, sk, version, epoch, writerRegion, claimedSub, shown, Optional.empty());
    }

    /** A username claim ({@code USERNAME#<folded name>/USERNAME}): which sub owns the name. */
    public boolean isUsernameClaim() {
        return pk.startsWith(USERNAME_CLAIM_PREFIX);
    }

    /** Whether this copy is a deleted user's tombstone rather than the user. */
    public boolean isTombstone() {
        return shown.containsKey(TOMBSTONE);
    }

    /** Who wrote this copy: region, epoch, version (and the claimed sub for a claim); no content. */
    public String writtenBy() {
        return writerRegion + "@epoch" + epoch + "/v" + version + claimedSub.map(sub -> "/sub=" + sub).orElse("");
    }

    /** Whether both images were written by one fenced writer: one region in one epoch. */
    boolean sameWriter(ItemImage other) {
        return epoch == other.epoch && writerRegion.equals(other.writerRegion);
    }
}
