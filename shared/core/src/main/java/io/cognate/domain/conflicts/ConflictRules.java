package io.cognate.domain.conflicts;

import io.cognate.domain.Username;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When replacing one copy of a Directory item by another loses an acknowledged write, and which
 * copy is kept. Replication itself is last-writer-wins by time; these rules decide by the write
 * fence instead, so every region reaches the same answer whatever order copies arrived in.
 *
 * <p><b>Conflict.</b> A copy {@code incoming} applied over a copy {@code held} loses {@code held}
 * unless it was written on top of it. Within one epoch only one region passes the fence, so two
 * copies by the same region and epoch are one line of writes. A copy from the same or a later
 * epoch was written on top of the held one when its line passed through the held copy or a
 * later one of the held copy's writer: its {@link ItemImage.Ancestor}'s line (up to eight writers
 * back) names the held copy's writer at the held version or above (every write is conditional on
 * the stamps it read). A version alone cannot tell: a promoted leader that wrote an item twice
 * during a split holds version 3 over the 1 both sides had, and the old leader's own version 2 is
 * not in its line; nor can one writer back, after two promotions in a row. Where the known line
 * ends (stamped before lines were kept, or longer than eight) at a writer of a later epoch than
 * the held copy's, the version decides (held version at most that writer's). Copies without an
 * ancestor (written before items carried one, or by writes that do not read the item, and items
 * written in any region outside the fence, such as a sign-in event's feedback) fall back to the
 * version: a higher one was written on top. Anything else is a fork: both sides wrote from one
 * ancestor, or an earlier epoch arrives after a later one (a stale leader's write). Two username
 * claims conflict when they name different users, whatever their versions. A deleted user's
 * profile is a tombstone ({@link ItemImage#isTombstone}) with the same stamps, so a delete is
 * compared like any write: a fork of a delete and a change is {@link ConflictKind#DELETE_AGAINST_CHANGE};
 * two tombstones never conflict (both sides deleted the user).
 *
 * <p><b>Winner.</b> The higher epoch (the region that legitimately led); in one epoch the higher
 * version; then the alphabetically first region. A username goes to the claim of the higher
 * epoch, then to the alphabetically first sub.
 */
public final class ConflictRules {
    /** Appended to a username set aside: {@code <name>#conflict-<sub>} (a sub is 36 characters). */
    static final String CONFLICT_SUFFIX = "#conflict-";

    private ConflictRules() {
    }

    /** Whether applying {@code incoming} over {@code held} loses a write, and of which kind. */
    public static Optional<ConflictKind> examine(ItemImage held, ItemImage incoming) {
        if (held == null || incoming == null || !held.pk().equals(incoming.pk()) || !held.sk().equals(incoming.sk())) {
            return Optional.empty();
        }
        if (held.isUsernameClaim()) {
            return held.claimedSub().equals(incoming.claimedSub()) ? Optional.empty() : Optional.of(ConflictKind.USERNAME_CLAIM);
        }
        if (held.sameWriter(incoming)) {
            return Optional.empty();
        }
        if (held.isTombstone() && incoming.isTombstone()) {
            return Optional.empty(); // deleted on both sides: whichever tombstone stays, nothing was lost
        }
        if (incoming.epoch() >= held.epoch() && writtenOnTop(held, incoming)) {
            return Optional.empty();
        }
        if (held.isTombstone() != incoming.isTombstone()) {
            return Optional.of(ConflictKind.DELETE_AGAINST_CHANGE);
        }
        return Optional.of(incoming.epoch() == held.epoch() ? ConflictKind.CONCURRENT_WRITE : ConflictKind.STALE_LEADER_WRITE);
    }

    /**
     * Whether {@code incoming}'s line (from another writer, of the same or a later epoch) holds
     * {@code held}: the line's entry by the held copy's writer reaches the held version. A line
     * that ends at the item's creation without that writer does not hold it. A line known only
     * part of the way back (stamped before lines were kept, or longer than {@link
     * ItemImage.Ancestor#LINE_LENGTH}) whose last known writer is of a later epoch than the held
     * copy's may hold it further back: there the version decides, as before lines were kept.
     */
    private static boolean writtenOnTop(ItemImage held, ItemImage incoming) {
        if (incoming.ancestor().isEmpty()) {
            return incoming.version() > held.version();
        }
        List<ItemImage.Ancestor> line = incoming.ancestor().get().line();
        for (ItemImage.Ancestor step : line) {
            if (step.sameWriter(held)) {
                return held.version() <= step.version();
            }
            if (step.isCreation()) {
                return false;
            }
        }
        ItemImage.Ancestor last = line.getLast();
        return last.epoch() > held.epoch() && held.version() <= last.version();
    }

    /** The copy kept, the same whichever of the two is passed first. */
    public static ItemImage winner(ItemImage a, ItemImage b) {
        Comparator<ItemImage> order = a.isUsernameClaim()
                ? Comparator.comparingLong(ItemImage::epoch).reversed()
                        .thenComparing(image -> image.claimedSub().orElse(""))
                : Comparator.comparingLong(ItemImage::epoch).reversed()
                        .thenComparing(Comparator.comparingLong(ItemImage::version).reversed())
                        .thenComparing(ItemImage::writerRegion);
        return order.compare(a, b) <= 0 ? a : b;
    }

    /**
     * The conflict's id: a hash of the item's key and both copies' writers, in a fixed order, so
     * finding the same pair again (a stream record delivered twice, or the pair seen from the
     * other region) names the same record.
     */
    public static String id(ItemImage a, ItemImage b) {
        String[] writers = Stream.of(a.writtenBy(), b.writtenBy()).sorted().toArray(String[]::new);
        String text = a.pk() + "\n" + a.sk() + "\n" + writers[0] + "\n" + writers[1];
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            // 128 bits: no two conflicts of one pool collide.
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The username given to the account that lost its name: {@code <name>#conflict-<sub>}, the
     * name shortened if needed to stay within Cognito's 128 characters. Unique, as the sub is.
     */
    public static Username setAsideUsername(Username lost, String sub) {
        String suffix = CONFLICT_SUFFIX + sub;
        String name = lost.value();
        int room = Username.MAX_LENGTH - suffix.length();
        if (name.length() > room) {
            name = name.substring(0, Math.max(room, 0));
        }
        return Username.of(name + suffix);
    }

    /** The full conflict found when {@code incoming} replaced {@code held}, in region {@code region}. */
    public static Optional<ReplicationConflict> find(ItemImage held, ItemImage incoming, String region,
                                                     java.time.Instant at) {
        return examine(held, incoming).map(kind -> {
            ItemImage winner = winner(held, incoming);
            ItemImage loser = winner == held ? incoming : held;
            return new ReplicationConflict(id(held, incoming), kind, winner, loser, region, at,
                    ConflictStatus.PENDING, "");
        });
    }
}
