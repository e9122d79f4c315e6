package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.branding.UiCustomization;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.UiCustomizationStore;
import io.cognate.ports.UserDirectory.ConcurrentUpdate;
import io.cognate.ports.UserDirectory.FencedOut;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UiCustomizationStore} does: nothing is found before the first write, a
 * setting (CSS, logo bytes and type, times to the millisecond) is found exactly as written under
 * its own key only, each write is conditional on the version read (of two writes over the same
 * version exactly one is stored) and every write is fenced like every Directory write.
 */
public abstract class UiCustomizationContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00.123Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    /** One test's storage: the store and its region's copy of the leader record. */
    public record Storage(UiCustomizationStore store, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private UiCustomizationStore store;
    private LeaderStore leaders;
    private LeaderRecord fence;

    @BeforeEach
    void freshStorage() {
        Storage storage = newStorage();
        store = storage.store();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
    }

    private static UiCustomization setting(String key, String css) {
        return new UiCustomization(key, Optional.of(css), Optional.of(new UiCustomization.Logo(PNG, "image/png")), 0,
                AT, AT.plusSeconds(1));
    }

    @Test
    void nothingIsFoundBeforeTheFirstWrite() {
        assertThat(store.find(UiCustomization.ALL)).isEmpty();
        assertThat(store.find("client1")).isEmpty();
    }

    @Test
    void aSettingIsFoundExactlyAsWrittenUnderItsOwnKeyAtTheNextVersion() {
        UiCustomization written = setting(UiCustomization.ALL, ".banner-customizable { background-color: #123456; }");

        UiCustomization stored = store.put(written, 0, fence);

        assertThat(stored).isEqualTo(written.withVersion(1));
        assertThat(store.find(UiCustomization.ALL)).contains(written.withVersion(1));
        assertThat(store.find(UiCustomization.ALL).orElseThrow().logo().orElseThrow().bytes()).isEqualTo(PNG);
        assertThat(store.find("client1")).isEmpty();

        UiCustomization bare = new UiCustomization("client1", Optional.empty(), Optional.empty(), 0, AT, AT);
        assertThat(store.put(bare, 0, fence)).isEqualTo(bare.withVersion(1));
        assertThat(store.find("client1")).contains(bare.withVersion(1));
    }

    @Test
    void ofTwoWritesOverTheSameVersionExactlyOneIsStored() {
        store.put(setting("client1", ".label-customizable { color: red; }"), 0, fence);
        UiCustomization first = setting("client1", ".label-customizable { color: green; }");
        UiCustomization second = setting("client1", ".label-customizable { color: blue; }");

        assertThat(store.put(first, 1, fence).version()).isEqualTo(2);
        // The other writer read version 1 too and lost the race: it must read again, not overwrite.
        assertThatThrownBy(() -> store.put(second, 1, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThatThrownBy(() -> store.put(second, 0, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThat(store.find("client1")).contains(first.withVersion(2));
    }

    @Test
    void writesAreRefusedWhileAnotherRegionLeads() {
        store.put(setting(UiCustomization.ALL, ".label-customizable { color: red; }"), 0, fence);
        LeaderState now = leaders.transitions().state().orElseThrow();
        LeaderRecord otherLeads = leaders.transitions().promote(now, OTHER_REGION, "test", AT, Optional.empty())
                .orElseThrow().record();

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> store.put(setting(UiCustomization.ALL, ".label-customizable { color: blue; }"), 1,
                    tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(store.find(UiCustomization.ALL).orElseThrow().css()).contains(".label-customizable { color: red; }");
    }
}
