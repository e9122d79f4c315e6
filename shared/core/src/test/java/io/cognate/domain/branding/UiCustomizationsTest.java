package io.cognate.domain.branding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.WriteFence;
import io.cognate.ports.UiCustomizationStore;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUiCustomizations;
import io.cognate.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UiCustomizationsTest {
    private static final String POOL = "us-east-1_Pool";
    private static final String REGION = "us-east-1";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    private static final String CSS = ".banner-customizable { background-color: #102030; }";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private InMemoryLeaderRecords leaders;
    private UiCustomizationStore store;
    private UiCustomizations customizations;

    @BeforeEach
    void pool() {
        leaders = new InMemoryLeaderRecords(clock);
        leaders.initialise(new LeaderRecord(REGION, 1));
        store = new InMemoryUiCustomizations(REGION, leaders);
        customizations = new UiCustomizations(POOL, store, Set.of("client1", "client2")::contains,
                new WriteFence(REGION, leaders), clock);
    }

    @Test
    void aClientsOwnSettingBeatsThePoolDefaultWhichEveryOtherClientGets() {
        customizations.set(POOL, Optional.empty(), Optional.of(CSS), Optional.of(PNG));
        String own = ".label-customizable { color: #aa0000; }";
        customizations.set(POOL, Optional.of("client1"), Optional.of(own), Optional.empty());

        assertThat(customizations.get(POOL, Optional.of("client1")).orElseThrow().css()).contains(own);
        assertThat(customizations.get(POOL, Optional.of("client1")).orElseThrow().logo()).isEmpty();
        assertThat(customizations.get(POOL, Optional.of("client2")).orElseThrow().clientKey()).isEqualTo("ALL");
        assertThat(customizations.get(POOL, Optional.of("ALL")).orElseThrow().css()).contains(CSS);
        assertThat(customizations.applied("client2").orElseThrow().logo().orElseThrow().contentType()).isEqualTo("image/png");
    }

    @Test
    void eachSetCountsTheVersionUpAndKeepsItsCreationTime() {
        UiCustomization first = customizations.set(POOL, Optional.of("ALL"), Optional.of(CSS), Optional.empty());
        clock.advance(java.time.Duration.ofMinutes(5));
        UiCustomization second = customizations.set(POOL, Optional.of("ALL"), Optional.empty(), Optional.of(PNG));

        assertThat(second.version()).isEqualTo(first.version() + 1);
        assertThat(second.cssVersion()).isNotEqualTo(first.cssVersion());
        assertThat(second.created()).isEqualTo(first.created());
        assertThat(second.lastModified()).isAfter(first.lastModified());
        // A Set replaces the whole setting: the CSS left out is gone.
        assertThat(second.css()).isEmpty();
    }

    @Test
    void nothingSetAnswersNothingAndAnUnknownClientOrPoolIsNotFound() {
        assertThat(customizations.get(POOL, Optional.empty())).isEmpty();
        assertThat(customizations.get(POOL, Optional.of("client1"))).isEmpty();
        assertThatThrownBy(() -> customizations.set(POOL, Optional.of("nosuchclient"), Optional.of(CSS), Optional.empty()))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
        assertThatThrownBy(() -> customizations.get(POOL, Optional.of("nosuchclient")))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
        assertThatThrownBy(() -> customizations.get("us-east-1_Other", Optional.empty()))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            ".banner-customizable { background: url(https://evil.example/x); }",
            "@import url(https://evil.example/x.css);",
            ".banner-customizable { width: expression(alert(1)); }",
            ".banner-customizable { color: red; } </style><script>alert(1)</script>"})
    void cssThatCouldLoadOrRunAnythingIsRefusedAndNothingIsStored(String css) {
        assertThatThrownBy(() -> customizations.set(POOL, Optional.empty(), Optional.of(css), Optional.empty()))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        assertThat(store.find(UiCustomization.ALL)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GIF89a\u0001\u0000", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "<!DOCTYPE html><script>alert(1)</script>"})
    void aLogoThatIsNotPngOrJpegIsRefused(String file) {
        assertThatThrownBy(() -> customizations.set(POOL, Optional.empty(), Optional.empty(),
                Optional.of(file.getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        assertThat(store.find(UiCustomization.ALL)).isEmpty();
    }

    @Test
    void aLogoOverCognitos100KbIsRefused() {
        byte[] big = new byte[100 * 1024 + 1];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        assertThatThrownBy(() -> customizations.set(POOL, Optional.empty(), Optional.empty(), Optional.of(big)))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        byte[] limit = java.util.Arrays.copyOf(big, 100 * 1024);
        assertThat(customizations.set(POOL, Optional.empty(), Optional.empty(), Optional.of(limit)).logo()).isPresent();
    }

    @Test
    void aSetThatLostTheRaceRunsAgainFromAFreshReadSoNeitherIsLost() {
        customizations.set(POOL, Optional.empty(), Optional.of(CSS), Optional.empty());
        String mine = ".label-customizable { color: #00aa00; }";
        String theirs = ".label-customizable { color: #0000aa; }";
        // Another request's Set lands between this one's read and its write.
        var racing = new UiCustomizations(POOL, new UiCustomizationStore() {
            private final AtomicBoolean raced = new AtomicBoolean();

            @Override
            public Optional<UiCustomization> find(String clientKey) {
                return store.find(clientKey);
            }

            @Override
            public UiCustomization put(UiCustomization customization, long expectedVersion, LeaderRecord fence) {
                if (raced.compareAndSet(false, true)) {
                    customizations.set(POOL, Optional.empty(), Optional.of(theirs), Optional.empty());
                }
                return store.put(customization, expectedVersion, fence);
            }
        }, client -> true, new WriteFence(REGION, leaders), clock);

        UiCustomization stored = racing.set(POOL, Optional.empty(), Optional.of(mine), Optional.empty());

        // Theirs was stored as version 2; mine was refused over version 1, read again and stored as 3.
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.css()).contains(mine);
        assertThat(store.find(UiCustomization.ALL).orElseThrow()).isEqualTo(stored);
    }

    @Test
    void aRegionThatDoesNotLeadRefusesTheWrite() {
        var follower = new UiCustomizations(POOL, store, client -> true, new WriteFence("eu-west-1", leaders), clock);
        assertThatThrownBy(() -> follower.set(POOL, Optional.empty(), Optional.of(CSS), Optional.empty()))
                .isInstanceOfSatisfying(CognitoException.class, e -> assertThat(e.type()).isEqualTo("OperationNotEnabledException"));
        assertThat(store.find(UiCustomization.ALL)).isEmpty();
    }
}
