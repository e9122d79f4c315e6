package io.cognate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.config.FailoverSettings;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.Heartbeat;
import io.cognate.domain.failover.LeaderState;
import io.cognate.ports.Heartbeats;
import io.cognate.ports.LeaderTransitions;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kms.model.KmsException;

/** The verdict of /health: what each request costs, and how a throttled dependency shows. */
class RegionHealthTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    private final MutableClock time = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final InMemoryLeaderRecords records = new InMemoryLeaderRecords(time);
    private final AtomicInteger leaderReads = new AtomicInteger();
    private final AtomicInteger heartbeatReads = new AtomicInteger();
    private final AtomicInteger kmsCalls = new AtomicInteger();
    private volatile RuntimeException kmsFailure;
    private final FailoverSettings settings = FailoverSettings.from(Map.of(
            FailoverSettings.REGIONS, EAST + "=https://east.example," + WEST + "=https://west.example"));

    /** Counts the consistent reads /health makes of the leader record. */
    private final LeaderTransitions leaders = new LeaderTransitions() {
        @Override
        public Optional<LeaderState> state() {
            leaderReads.incrementAndGet();
            return records.state();
        }

        @Override
        public io.cognate.domain.LeaderRecord initialise(io.cognate.domain.LeaderRecord first) {
            throw new UnsupportedOperationException("/health writes nothing");
        }

        @Override
        public Optional<LeaderState> promote(LeaderState expected, String region, String reason, Instant at,
                                             Optional<Instant> firstFailureAt) {
            return records.promote(expected, region, reason, at, firstFailureAt);
        }

        @Override
        public Optional<LeaderState> fence(LeaderState expected, String handoverTo, Instant at) {
            return records.fence(expected, handoverTo, at);
        }

        @Override
        public void markFlipped(long epoch) {
            records.markFlipped(epoch);
        }

        @Override
        public void markAnnounced(long epoch) {
            records.markAnnounced(epoch);
        }
    };

    private final Heartbeats heartbeats = new Heartbeats() {
        @Override
        public void beat(Heartbeat heartbeat) {
            throw new UnsupportedOperationException("/health writes nothing");
        }

        @Override
        public Optional<Heartbeat> of(String region) {
            heartbeatReads.incrementAndGet();
            return Optional.of(new Heartbeat(region, time.instant().minusSeconds(3), "secondary", 1, true, "", 0,
                    Optional.empty()));
        }
    };

    private RegionHealth health;

    @BeforeEach
    void eastLeads() {
        records.initialise(new LeaderRecord(EAST, 1));
        health = new RegionHealth(EAST, settings, leaders, heartbeats, () -> {
            kmsCalls.incrementAndGet();
            if (kmsFailure != null) {
                throw kmsFailure;
            }
        }, time);
    }

    /**
     * Finding 7 of the security review: every request to the public /health made a consistent
     * read and an uncached KMS GetPublicKey, so a flood turned into DynamoDB and KMS load.
     */
    @Test
    void finding7AFloodCostsOneRoundOfChecksPerVerdictLifetime() {
        Duration lifetime = settings.healthVerdictLifetime();
        for (int request = 0; request < 1_000; request++) {
            assertThat(health.check().healthy()).isTrue();
            time.advance(lifetime.dividedBy(1_000)); // the whole flood within one lifetime
        }
        assertThat(kmsCalls).hasValue(1);
        assertThat(leaderReads).hasValue(1);
        assertThat(heartbeatReads).hasValue(1);

        time.advance(lifetime);
        for (int request = 0; request < 1_000; request++) {
            health.check();
        }
        assertThat(kmsCalls).hasValue(2);
        assertThat(leaderReads).hasValue(2);
    }

    @Test
    void aVerdictIsReusedOnlyForItsLifetime() {
        RegionHealth.Report first = health.check();
        assertThat(first.role()).isEqualTo("primary");
        records.promote(records.state().orElseThrow(), WEST, "test", time.instant(), Optional.empty());
        time.advance(settings.healthVerdictLifetime().minusMillis(1));
        assertThat(health.check()).isSameAs(first);
        time.advance(Duration.ofMillis(1));
        RegionHealth.Report next = health.check();
        assertThat(next.role()).isEqualTo("secondary");
        assertThat(next.checkedAt()).isEqualTo(first.checkedAt().plus(settings.healthVerdictLifetime()));
        assertThat(next.toJson()).contains("\"checkedAt\":\"" + next.checkedAt() + "\"");
    }

    @Test
    void finding7AThrottledKmsCallIsMarkedThrottledSoProbesCanTellItFromAFault() {
        kmsFailure = KmsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build())
                .build();
        RegionHealth.Report report = health.check();
        assertThat(report.healthy()).isFalse();
        assertThat(report.checks().get("kms").throttled()).isTrue();
        assertThat(report.checks().get("kms").detail()).isEqualTo("ThrottlingException");
        assertThat(report.toJson()).contains("\"throttled\":true");
        // What a peer's probe makes of this 503.
        assertThat(HttpRegionProbe.classify(EAST, time.instant(), Duration.ZERO, 503, "", report.toJson()).throttled()).isTrue();

        time.advance(settings.healthVerdictLifetime());
        kmsFailure = KmsException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("KMSInternalException").build()).build();
        RegionHealth.Report broken = health.check();
        assertThat(broken.checks().get("kms").throttled()).isFalse();
        assertThat(broken.toJson()).doesNotContain("throttled");
        assertThat(HttpRegionProbe.classify(EAST, time.instant(), Duration.ZERO, 503, "", broken.toJson()).failed()).isTrue();
    }
}
