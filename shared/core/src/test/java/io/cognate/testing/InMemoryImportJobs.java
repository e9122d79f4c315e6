package io.cognate.testing;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.imports.ImportJob;
import io.cognate.domain.imports.ImportJobStatus;
import io.cognate.ports.ImportJobs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Import jobs in memory, written as DynamoDbImportJobs writes them: fenced first (the region's
 * copy of the leader record at the fence's epoch), then a create that never overwrites and a
 * replace only from the statuses named. Times are kept to the millisecond, as the table keeps them.
 */
public final class InMemoryImportJobs implements ImportJobs {
    private final String region;
    private final InMemoryLeaderRecords leaders;
    private final Map<String, ImportJob> jobs = new LinkedHashMap<>();

    public InMemoryImportJobs(String region, InMemoryLeaderRecords leaders) {
        this.region = region;
        this.leaders = leaders;
    }

    @Override
    public synchronized Optional<ImportJob> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized List<ImportJob> list() {
        return jobs.values().stream()
                .sorted(Comparator.comparing(ImportJob::createdAt).thenComparing(ImportJob::jobId)).toList();
    }

    @Override
    public void create(ImportJob job, LeaderRecord fence) {
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                if (jobs.containsKey(job.jobId())) {
                    throw new IllegalStateException("import job id " + job.jobId() + " is taken");
                }
                jobs.put(job.jobId(), millis(job));
            }
        });
    }

    @Override
    public boolean replace(ImportJob job, Set<ImportJobStatus> from, LeaderRecord fence) {
        boolean[] replaced = {false};
        leaders.whileLeading(region, fence.epoch(), () -> {
            synchronized (this) {
                ImportJob stored = jobs.get(job.jobId());
                if (stored != null && from.contains(stored.status())) {
                    jobs.put(job.jobId(), millis(job));
                    replaced[0] = true;
                }
            }
        });
        return replaced[0];
    }

    private static ImportJob millis(ImportJob job) {
        return new ImportJob(job.jobId(), job.jobName(), job.cloudWatchLogsRoleArn(), job.status(), millis(job.createdAt()),
                job.startedAt().map(InMemoryImportJobs::millis), job.completedAt().map(InMemoryImportJobs::millis),
                job.importedUsers(), job.skippedUsers(), job.failedUsers(), job.rowsRead(), job.completionMessage());
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
