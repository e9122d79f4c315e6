package io.cognate.domain.conflicts;

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
 */
public record ItemImage(String pk, String sk, long version, long epoch, String writerRegion,
                        Optional<String> claimedSub, Map<String, String> shown) {
    public static final String USERNAME_CLAIM_PREFIX = "USERNAME#";

    public ItemImage {
        Objects.requireNonNull(pk);
        Objects.requireNonNull(sk);
        writerRegion = writerRegion == null ? "" : writerRegion;
        claimedSub = claimedSub == null ? Optional.empty() : claimedSub;
        shown = Map.copyOf(shown);
    }

    /** A username claim ({@code USERNAME#<folded name>/USERNAME}): which sub owns the name. */
    public boolean isUsernameClaim() {
        return pk.startsWith(USERNAME_CLAIM_PREFIX);
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
