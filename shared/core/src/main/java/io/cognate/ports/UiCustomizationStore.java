package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.branding.UiCustomization;
import java.util.Optional;

/**
 * The hosted pages' branding (SetUICustomization), one Directory item per setting next to the
 * pool's settings, so every region reads the same. Writes are fenced like every Directory write
 * and conditional on the version read.
 */
public interface UiCustomizationStore {
    /** A strongly consistent read of this region's copy of {@code clientKey}'s setting ({@code ALL} or a client ID). */
    Optional<UiCustomization> find(String clientKey);

    /**
     * Stores {@code customization} whole as version {@code expectedVersion + 1}, in one transaction
     * with the fence, provided the stored version is still {@code expectedVersion} (0: none
     * stored); returns what was stored. Throws {@link UserDirectory.ConcurrentUpdate} when another
     * write came first and {@link UserDirectory.FencedOut} when this region no longer leads.
     */
    UiCustomization put(UiCustomization customization, long expectedVersion, LeaderRecord fence);
}
