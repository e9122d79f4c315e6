package io.cognate.domain.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.ports.LeaderRecords;
import io.cognate.testing.InMemoryRegion;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An import reads the leader record once a second, not once a user; and a copy that went stale
 * in a promotion still writes nothing: the write's own fence check refuses it.
 */
class RecentLeaderRecordTest {
    @Test
    void theRecordIsReadOnceWithinItsAgeAndAgainAfter() {
        InMemoryRegion region = InMemoryRegion.create();
        AtomicInteger reads = new AtomicInteger();
        LeaderRecords counted = new LeaderRecords() {
            @Override
            public Optional<LeaderRecord> current() {
                reads.incrementAndGet();
                return region.leaders().current();
            }

            @Override
            public LeaderRecord initialise(LeaderRecord first) {
                return region.leaders().initialise(first);
            }
        };
        var recent = new RecentLeaderRecord(counted, Duration.ofSeconds(1), region.clock());

        for (int i = 0; i < 50; i++) {
            assertThat(recent.current()).contains(region.leader());
        }
        assertThat(reads).hasValue(1);
        region.clock().advance(Duration.ofSeconds(1));
        recent.current();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aStaleCopyAfterAPromotionWritesNothing() {
        InMemoryRegion region = InMemoryRegion.create();
        var fence = new io.cognate.domain.WriteFence(region.region(),
                new RecentLeaderRecord(region.leaders(), Duration.ofSeconds(1), region.clock()));
        var importer = new UserImport(region.directory(), fence, hash -> Optional.of("any"), region.clock());
        importer.importUser(new UserImport.Record("before", "", Map.of()));

        region.handLeadershipTo("eu-west-1");

        assertThatThrownBy(() -> importer.importUser(new UserImport.Record("after", "", Map.of())))
                .isInstanceOfSatisfying(io.cognate.domain.CognitoException.class,
                        e -> assertThat(e.type()).isEqualTo("OperationNotEnabledException"));
        assertThat(region.inMemoryDirectory().findByUsername(io.cognate.domain.Username.of("after"))).isEmpty();
    }
}
