package io.cognate.domain.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void aSessionIdTellsWhenItsSessionBeganToTheMillisecond() {
        qt().forAll(longs().between(0, (1L << 48) - 1)).checkAssert(millis -> {
            Instant start = Instant.ofEpochMilli(millis);
            String id = SessionIds.next(start);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(SessionIds.startedAt(id)).contains(start);
        });
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Instant now = Instant.parse("2026-11-24T12:00:00.123Z");
        assertThat(SessionIds.next(now)).isNotEqualTo(SessionIds.next(now));
    }

    @Test
    void otherIdsCarryNoStartTime() {
        assertThat(SessionIds.startedAt(UUID.randomUUID().toString())).isEmpty();
        assertThat(SessionIds.startedAt("origin-1")).isEmpty();
        assertThat(SessionIds.startedAt(null)).isEmpty();
        assertThat(SessionIds.startedAt("zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz")).isEmpty();
    }
}
