package io.cognate.domain.imports;

import java.time.Instant;
import java.util.Optional;

/**
 * One user import job as the Directory keeps it: Cognito's {@code UserImportJobType} less the
 * presigned URL (made when asked for, never stored), plus {@code rowsRead}, the lines of the file
 * already worked through, from which a run that ran out of time goes on.
 */
public record ImportJob(
        String jobId,
        String jobName,
        String cloudWatchLogsRoleArn,
        ImportJobStatus status,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> completedAt,
        long importedUsers,
        long skippedUsers,
        long failedUsers,
        long rowsRead,
        Optional<String> completionMessage) {

    public ImportJob {
        startedAt = startedAt == null ? Optional.empty() : startedAt;
        completedAt = completedAt == null ? Optional.empty() : completedAt;
        completionMessage = completionMessage == null ? Optional.empty() : completionMessage;
    }

    /** A job just made: Created, nothing read yet. */
    public static ImportJob created(String jobId, String jobName, String cloudWatchLogsRoleArn, Instant at) {
        return new ImportJob(jobId, jobName, cloudWatchLogsRoleArn, ImportJobStatus.CREATED, at, Optional.empty(),
                Optional.empty(), 0, 0, 0, 0, Optional.empty());
    }

    public ImportJob withStatus(ImportJobStatus next) {
        return new ImportJob(jobId, jobName, cloudWatchLogsRoleArn, next, createdAt, startedAt, completedAt,
                importedUsers, skippedUsers, failedUsers, rowsRead, completionMessage);
    }

    public ImportJob started(Instant at) {
        return new ImportJob(jobId, jobName, cloudWatchLogsRoleArn, ImportJobStatus.PENDING, createdAt, Optional.of(at),
                completedAt, importedUsers, skippedUsers, failedUsers, rowsRead, completionMessage);
    }

    public ImportJob withProgress(long imported, long skipped, long failed, long rows) {
        return new ImportJob(jobId, jobName, cloudWatchLogsRoleArn, status, createdAt, startedAt, completedAt,
                imported, skipped, failed, rows, completionMessage);
    }

    public ImportJob finished(ImportJobStatus end, Instant at, String message) {
        return new ImportJob(jobId, jobName, cloudWatchLogsRoleArn, end, createdAt, startedAt, Optional.of(at),
                importedUsers, skippedUsers, failedUsers, rowsRead, Optional.of(message));
    }
}
