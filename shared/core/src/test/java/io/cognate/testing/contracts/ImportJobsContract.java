package io.cognate.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.LeaderState;
import io.cognate.domain.imports.ImportJob;
import io.cognate.domain.imports.ImportJobStatus;
import io.cognate.ports.ImportJobs;
import io.cognate.ports.UserDirectory.FencedOut;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ImportJobs} store does: a job is found as written (every member, times to the
 * millisecond), never overwritten by a create, listed oldest first, replaced only from the
 * statuses named (so two moves of one job never both win), and every write fenced like every
 * Directory write.
 */
public abstract class ImportJobsContract {
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00.123Z");

    /** One test's storage: the store and its region's copy of the leader record. */
    public record Storage(ImportJobs jobs, LeaderStore leaders) {
    }

    protected abstract Storage newStorage();

    private ImportJobs jobs;
    private LeaderStore leaders;
    private LeaderRecord fence;

    @BeforeEach
    void freshStorage() {
        Storage storage = newStorage();
        jobs = storage.jobs();
        leaders = storage.leaders();
        fence = leaders.records().initialise(new LeaderRecord(REGION, 1));
    }

    private static ImportJob job(String id, Instant at) {
        return ImportJob.created(id, "job " + id, "arn:aws:iam::123456789012:role/import-logs", at);
    }

    @Test
    void aJobIsFoundAsWrittenWithEveryMember() {
        ImportJob created = job("import-aaaaaaaaaa", CREATED);
        jobs.create(created, fence);
        assertThat(jobs.find("import-aaaaaaaaaa")).contains(created);
        assertThat(jobs.find("import-bbbbbbbbbb")).isEmpty();

        ImportJob ended = created.started(CREATED.plusSeconds(1)).withStatus(ImportJobStatus.IN_PROGRESS)
                .withProgress(7, 2, 1, 10).finished(ImportJobStatus.SUCCEEDED, CREATED.plusSeconds(9), "done.");
        assertThat(jobs.replace(ended, Set.of(ImportJobStatus.CREATED), fence)).isTrue();
        assertThat(jobs.find("import-aaaaaaaaaa")).contains(ended);
    }

    @Test
    void aJobIdIsNeverOverwrittenByACreate() {
        jobs.create(job("import-aaaaaaaaaa", CREATED), fence);

        assertThatThrownBy(() -> jobs.create(job("import-aaaaaaaaaa", CREATED.plusSeconds(1)).withStatus(ImportJobStatus.FAILED), fence))
                .isInstanceOf(IllegalStateException.class);
        assertThat(jobs.find("import-aaaaaaaaaa").orElseThrow().status()).isEqualTo(ImportJobStatus.CREATED);
    }

    @Test
    void jobsAreListedOldestFirst() {
        jobs.create(job("import-bbbbbbbbbb", CREATED.plusSeconds(5)), fence);
        jobs.create(job("import-aaaaaaaaaa", CREATED), fence);
        jobs.create(job("import-cccccccccc", CREATED.plusSeconds(9)), fence);

        assertThat(jobs.list()).extracting(ImportJob::jobId)
                .containsExactly("import-aaaaaaaaaa", "import-bbbbbbbbbb", "import-cccccccccc");
    }

    @Test
    void aJobIsReplacedOnlyFromTheStatusesNamed() {
        ImportJob created = job("import-aaaaaaaaaa", CREATED);
        jobs.create(created, fence);
        ImportJob pending = created.started(CREATED.plusSeconds(1));

        assertThat(jobs.replace(pending, Set.of(ImportJobStatus.CREATED), fence)).isTrue();
        // A second Start read the job Created too: it finds it moved, and writes nothing.
        assertThat(jobs.replace(created.started(CREATED.plusSeconds(2)), Set.of(ImportJobStatus.CREATED), fence)).isFalse();
        assertThat(jobs.replace(job("import-nosuchjob0", CREATED), Set.of(ImportJobStatus.CREATED), fence)).isFalse();
        assertThat(jobs.find("import-aaaaaaaaaa")).contains(pending);
        assertThat(jobs.find("import-nosuchjob0")).isEmpty();

        assertThat(jobs.replace(pending.withStatus(ImportJobStatus.STOPPING),
                Set.of(ImportJobStatus.PENDING, ImportJobStatus.IN_PROGRESS), fence)).isTrue();
        assertThat(jobs.find("import-aaaaaaaaaa").orElseThrow().status()).isEqualTo(ImportJobStatus.STOPPING);
    }

    @Test
    void writesAreRefusedWhileAnotherRegionLeads() {
        jobs.create(job("import-aaaaaaaaaa", CREATED), fence);
        LeaderState now = leaders.transitions().state().orElseThrow();
        LeaderRecord otherLeads = leaders.transitions().promote(now, OTHER_REGION, "test", CREATED, Optional.empty())
                .orElseThrow().record();

        for (LeaderRecord tried : List.of(fence, otherLeads)) {
            assertThatThrownBy(() -> jobs.create(job("import-bbbbbbbbbb", CREATED), tried)).isInstanceOf(FencedOut.class);
            assertThatThrownBy(() -> jobs.replace(job("import-aaaaaaaaaa", CREATED).withStatus(ImportJobStatus.PENDING),
                    Set.of(ImportJobStatus.CREATED), tried)).isInstanceOf(FencedOut.class);
        }
        assertThat(jobs.find("import-bbbbbbbbbb")).isEmpty();
        assertThat(jobs.find("import-aaaaaaaaaa").orElseThrow().status()).isEqualTo(ImportJobStatus.CREATED);
    }
}
