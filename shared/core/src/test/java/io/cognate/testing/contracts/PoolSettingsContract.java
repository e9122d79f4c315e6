package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.mfa.MfaConfiguration;
import io.cognate.domain.pool.AttributeDataType;
import io.cognate.domain.pool.CustomAttribute;
import io.cognate.domain.pool.DeletionProtection;
import io.cognate.domain.pool.PasswordRequirements;
import io.cognate.domain.pool.PoolSettings;
import io.cognate.domain.pool.PoolUpdate;
import io.cognate.domain.pool.RecoveryMechanism;
import io.cognate.ports.PoolSettingsStore;
import io.cognate.ports.UserDirectory.ConcurrentUpdate;
import io.cognate.ports.UserDirectory.FencedOut;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PoolSettingsStore} does: nothing is stored until the first write, settings are
 * found exactly as written (every setting, each custom attribute's constraints, times to the
 * millisecond), each write is conditional on the version read and counts one version up, and
 * every write is fenced like every Directory write.
 */
public abstract class PoolSettingsContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00.123Z");

    /** One test's storage: the store and its region's copy of the leader record. */
    public record Storage(PoolSettingsStore store, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private PoolSettingsStore store;
    private LeaderStore leaders;
    private LeaderRecord fence;

    @BeforeEach
    void freshStorage() {
        Storage storage = newStorage();
        store = storage.store();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
    }

    private static PoolSettings everySettingChanged() {
        PoolUpdate update = new PoolUpdate(Optional.of("renamed pool"), new PasswordRequirements(12, false, true, false, true, 3),
                MfaConfiguration.ON, List.of("email"),
                List.of(new RecoveryMechanism(1, RecoveryMechanism.VERIFIED_PHONE_NUMBER),
                        new RecoveryMechanism(2, RecoveryMechanism.VERIFIED_EMAIL)),
                DeletionProtection.ACTIVE, true, 30, List.of("email"));
        return PoolSettings.initial("us-east-1_Pool", MfaConfiguration.OPTIONAL).updated(update, AT)
                .withCustomAttributes(List.of(
                        new CustomAttribute("custom:plan", AttributeDataType.STRING, true, Optional.of(2), Optional.of(10),
                                Optional.empty(), Optional.empty()),
                        new CustomAttribute("custom:seats", AttributeDataType.NUMBER, false, Optional.empty(),
                                Optional.empty(), Optional.of(new BigDecimal("1")), Optional.of(new BigDecimal("500.5"))),
                        CustomAttribute.of("since", AttributeDataType.DATE_TIME, true),
                        CustomAttribute.of("beta", AttributeDataType.BOOLEAN, false)), AT.plusSeconds(1));
    }

    @Test
    void nothingIsStoredBeforeTheFirstWrite() {
        assertThat(store.find()).isEmpty();
    }

    @Test
    void settingsAreFoundExactlyAsWrittenAtTheNextVersion() {
        PoolSettings written = everySettingChanged();

        PoolSettings stored = store.put(written, 0, fence);

        assertThat(stored).isEqualTo(written.withVersion(1));
        assertThat(store.find()).contains(written.withVersion(1));
        assertThat(stored.created()).contains(AT);
        assertThat(stored.lastModified()).contains(AT.plusSeconds(1));
    }

    @Test
    void theInitialSettingsAreStoredAsTheyAre() {
        PoolSettings initial = PoolSettings.initial("us-east-1_Pool", MfaConfiguration.OFF);

        store.put(initial, 0, fence);

        assertThat(store.find()).contains(initial.withVersion(1));
    }

    @Test
    void aWriteOverAVersionNoLongerStoredIsRefusedAndChangesNothing() {
        PoolSettings first = store.put(PoolSettings.initial("us-east-1_Pool", MfaConfiguration.OFF), 0, fence);
        PoolSettings second = store.put(everySettingChanged(), first.version(), fence);
        assertThat(second.version()).isEqualTo(2);

        // Another writer read version 1 and lost the race: it must read again, not overwrite.
        assertThatThrownBy(() -> store.put(first.updated(PoolUpdate.COGNITO_DEFAULT, AT), 1, fence))
                .isInstanceOf(ConcurrentUpdate.class);
        assertThatThrownBy(() -> store.put(first, 0, fence)).isInstanceOf(ConcurrentUpdate.class);
        assertThat(store.find()).contains(everySettingChanged().withVersion(2));
    }

    @Test
    void writesAreRefusedWhileAnotherRegionLeads() {
        store.put(PoolSettings.initial("us-east-1_Pool", MfaConfiguration.OFF), 0, fence);
        LeaderState now = leaders.transitions().state().orElseThrow();
        LeaderRecord otherLeads = leaders.transitions().promote(now, OTHER_REGION, "test", AT, Optional.empty())
                .orElseThrow().record();

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> store.put(everySettingChanged(), 1, tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(store.find().orElseThrow().version()).isEqualTo(1);
        assertThat(store.find().orElseThrow().mfaConfiguration()).isEqualTo(MfaConfiguration.OFF);
    }
}
