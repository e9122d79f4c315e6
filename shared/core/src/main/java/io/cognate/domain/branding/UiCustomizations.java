package io.cognate.domain.branding;

import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.ports.UiCustomizationStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Cognito's SetUICustomization and GetUICustomization, and what the hosted pages show. A setting
 * is the pool's default ({@code ALL}, or no client ID) or one client's; a client's own setting
 * replaces the default for that client whole. Each Set replaces the CSS and the logo together
 * (what is left out is removed), checked by {@link UiCustomizationRules} before anything is
 * stored, and is a fenced Directory write conditional on the version read: two Sets at once are
 * both applied, one after the other, each with its own CSSVersion.
 */
public final class UiCustomizations {
    private final String userPoolId;
    private final UiCustomizationStore store;
    private final Predicate<String> clientExists;
    private final WriteFence fence;
    private final Clock clock;

    public UiCustomizations(String userPoolId, UiCustomizationStore store, Predicate<String> clientExists,
                            WriteFence fence, Clock clock) {
        this.userPoolId = userPoolId;
        this.store = store;
        this.clientExists = clientExists;
        this.fence = fence;
        this.clock = clock;
    }

    /** SetUICustomization: stores the setting and answers it as stored. */
    public UiCustomization set(String poolId, Optional<String> clientId, Optional<String> css, Optional<byte[]> image) {
        checkPool(poolId);
        String key = clientKey(clientId);
        Optional<String> checkedCss = css.filter(text -> !text.isEmpty()).map(UiCustomizationRules::checkCss);
        Optional<UiCustomization.Logo> logo = image.filter(bytes -> bytes.length > 0)
                .map(bytes -> new UiCustomization.Logo(bytes, UiCustomizationRules.logoContentType(bytes)));
        return fence.run(leader -> {
            Optional<UiCustomization> read = store.find(key);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            long version = read.map(UiCustomization::version).orElse(0L);
            UiCustomization next = new UiCustomization(key, checkedCss, logo, version + 1,
                    read.map(UiCustomization::created).orElse(now), now);
            return store.put(next, version, leader);
        });
    }

    /**
     * GetUICustomization: the client's own setting, else the pool's default, else nothing (Cognito
     * answers an empty shape then).
     */
    public Optional<UiCustomization> get(String poolId, Optional<String> clientId) {
        checkPool(poolId);
        return applied(clientKey(clientId));
    }

    /** What the hosted pages of {@code clientKey} show: its own setting, else the pool's default. */
    public Optional<UiCustomization> applied(String clientKey) {
        if (!UiCustomization.ALL.equals(clientKey)) {
            Optional<UiCustomization> own = store.find(clientKey);
            if (own.isPresent()) {
                return own;
            }
        }
        return store.find(UiCustomization.ALL);
    }

    /** Exactly the setting stored under {@code clientKey}, for the stylesheet and logo paths. */
    public Optional<UiCustomization> stored(String clientKey) {
        return store.find(clientKey);
    }

    private String clientKey(Optional<String> clientId) {
        if (clientId.isEmpty() || UiCustomization.ALL.equals(clientId.get())) {
            return UiCustomization.ALL;
        }
        if (!clientExists.test(clientId.get())) {
            throw CognitoException.resourceNotFound("User pool client " + clientId.get() + " does not exist.");
        }
        return clientId.get();
    }

    private void checkPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }
}
