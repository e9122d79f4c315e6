package io.cognate.domain.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Property
    void aSessionIdTellsWhenItsSessionBeganToTheMillisecond(@ForAll @LongRange(max = (1L << 48) - 1) long millis) {
        Instant start = Instant.ofEpochMilli(millis);
        String id = SessionIds.next(start);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(SessionIds.startedAt(id)).contains(start);
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
