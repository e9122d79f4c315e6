package io.cognate.domain.imports;

import io.cognate.domain.CognitoException;
import io.cognate.domain.WriteFence;
import io.cognate.ports.ImportJobLauncher;
import io.cognate.ports.ImportJobs;
import io.cognate.ports.ImportUploads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Cognito's user import jobs (GetCSVHeader, CreateUserImportJob, DescribeUserImportJob,
 * ListUserImportJobs, StartUserImportJob, StopUserImportJob) over the same {@link UserImport} as
 * {@code ./cognate import}: each row is created through the fence or skipped when its username is
 * taken, so running a file again never duplicates a user. Rows with a
 * {@value CognitoCsv#HASH_COLUMN} move in CONFIRMED with their hash; rows without one move in
 * RESET_REQUIRED, the reset Cognito's import forces on everyone.
 *
 * <p>A job is Created with a presigned upload URL; Start moves it from Created only to Pending and
 * hands it to the launcher, whose run moves it to InProgress, writes its counts as it goes, and
 * ends it Succeeded (or Failed when there is no readable file). Stop moves a Pending job to
 * Stopped, an InProgress one to Stopping and the run, at its next write, to Stopped. Every move is conditional on the
 * status read, so two requests never both move a job. A job not started within
 * {@link #START_WINDOW} is Expired, as Cognito's are.
 */
public final class UserImportJobs {
    /** How long a Created job may wait for Start, and its upload URL stays valid. */
    public static final Duration START_WINDOW = Duration.ofHours(24);
    /** How long a PreSignedUrl handed out stays valid (less if the job expires sooner). */
    public static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    /** How often a run writes its counts, so Describe shows progress and a stop is seen. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    static final int MAX_LIST = 60;

    /** Cognito's GetCSVHeader columns, then Cognate's hash column. */
    public static final List<String> CSV_HEADER = List.of("name", "given_name", "family_name", "middle_name",
            "nickname", "preferred_username", "profile", "picture", "website", "email", "email_verified", "gender",
            "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at",
            "cognito:mfa_enabled", CognitoCsv.USERNAME_COLUMN, CognitoCsv.HASH_COLUMN);

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String userPoolId;
    private final ImportJobs jobs;
    private final UserImport importer;
    private final WriteFence fence;
    private final ImportUploads uploads;
    private final ImportJobLauncher launcher;
    private final Clock clock;
    private final RandomGenerator random;

    public UserImportJobs(String userPoolId, ImportJobs jobs, UserImport importer, WriteFence fence,
                          ImportUploads uploads, ImportJobLauncher launcher, Clock clock, RandomGenerator random) {
        this.userPoolId = userPoolId;
        this.jobs = jobs;
        this.importer = importer;
        this.fence = fence;
        this.uploads = uploads;
        this.launcher = launcher;
        this.clock = clock;
        this.random = random;
    }

    /**
     * A job as Describe shows it, and while it is Created, the URL its file is uploaded to (only
     * from the leading region: the file goes to that region's bucket, where the job runs).
     */
    public record Described(ImportJob job, Optional<URI> preSignedUrl) {
    }

    /** One page of ListUserImportJobs. */
    public record Listed(List<Described> jobs, Optional<String> paginationToken) {
    }

    public List<String> csvHeader(String poolId) {
        checkPool(poolId);
        return CSV_HEADER;
    }

    public Described create(String poolId, String jobName, String cloudWatchLogsRoleArn) {
        checkPool(poolId);
        ImportJob job = ImportJob.created(newJobId(), jobName, cloudWatchLogsRoleArn, clock.instant());
        fence.run(leader -> {
            jobs.create(job, leader);
            return null;
        });
        return described(job);
    }

    public Described describe(String poolId, String jobId) {
        checkPool(poolId);
        return described(existing(jobId));
    }

    public Listed list(String poolId, int maxResults, String paginationToken) {
        checkPool(poolId);
        if (maxResults < 1 || maxResults > MAX_LIST) {
            throw CognitoException.invalidParameter("MaxResults must be between 1 and " + MAX_LIST + ".");
        }
        List<ImportJob> all = jobs.list();
        int from = 0;
        if (paginationToken != null) {
            from = indexOf(all, paginationToken);
        }
        List<Described> page = new ArrayList<>();
        for (int i = from; i < all.size() && page.size() < maxResults; i++) {
            page.add(described(all.get(i)));
        }
        int next = from + page.size();
        return new Listed(page, next < all.size() ? Optional.of(all.get(next).jobId()) : Optional.empty());
    }

    /** Created to Pending, then the run is launched; any other status is refused. */
    public Described start(String poolId, String jobId) {
        checkPool(poolId);
        ImportJob job = existing(jobId);
        Instant now = clock.instant();
        if (job.status() == ImportJobStatus.CREATED && expired(job, now)) {
            fence.run(leader -> jobs.replace(job.finished(ImportJobStatus.EXPIRED, now, "The job was not started in time."),
                    Set.of(ImportJobStatus.CREATED), leader));
            throw preconditionNotMet("Import job " + jobId + " has expired.");
        }
        ImportJob pending = job.started(now);
        boolean moved = fence.run(leader -> jobs.replace(pending, Set.of(ImportJobStatus.CREATED), leader));
        if (!moved) {
            throw preconditionNotMet("Import job " + jobId + " can only be started while it is Created.");
        }
        launcher.launch(jobId);
        return described(pending);
    }

    /**
     * A Pending job (its run not begun) straight to Stopped; an InProgress one to Stopping, which
     * its run ends Stopped at its next write. Any other status is refused. A job whose run began
     * between the read and the write is read again once.
     */
    public Described stop(String poolId, String jobId) {
        checkPool(poolId);
        for (int attempt = 0; attempt < 2; attempt++) {
            ImportJob job = existing(jobId);
            ImportJob next = switch (job.status()) {
                case PENDING -> job.finished(ImportJobStatus.STOPPED, clock.instant(), "Stopped by StopUserImportJob.");
                case IN_PROGRESS -> job.withStatus(ImportJobStatus.STOPPING);
                default -> null;
            };
            if (next == null) {
                break;
            }
            if (fence.run(leader -> jobs.replace(next, Set.of(job.status()), leader))) {
                return described(next);
            }
        }
        throw preconditionNotMet("Import job " + jobId + " can only be stopped while it is Pending or InProgress.");
    }

    /**
     * Runs a started job for at most {@code budget}: true when the job is over (ended, stopped, or
     * not this run's to do), false when time ran out first and the job must be launched again,
     * to go on from the rows it has read.
     */
    public boolean run(String jobId, Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        ImportJob job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return true;
        }
        if (job.status() == ImportJobStatus.STOPPING) {
            endStopped(job);
            return true;
        }
        if (job.status() == ImportJobStatus.PENDING) {
            ImportJob inProgress = job.withStatus(ImportJobStatus.IN_PROGRESS);
            if (!write(inProgress, ImportJobStatus.PENDING)) {
                return run(jobId, budget);
            }
            job = inProgress;
        } else if (job.status() != ImportJobStatus.IN_PROGRESS) {
            return true;
        }
        Optional<InputStream> file;
        try {
            file = uploads.open(jobId);
        } catch (IOException unreadable) {
            file = Optional.empty();
        }
        if (file.isEmpty()) {
            endOrStop(job, ImportJobStatus.FAILED, "No file was uploaded for the job.");
            return true;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file.get(), StandardCharsets.UTF_8))) {
            return importRows(job, new CognitoCsv(in), deadline);
        } catch (CognitoCsv.BadHeader bad) {
            endOrStop(job, ImportJobStatus.FAILED, "The file has no cognito:username column.");
            return true;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private boolean importRows(ImportJob job, CognitoCsv csv, Instant deadline) throws IOException {
        long imported = job.importedUsers();
        long skipped = job.skippedUsers();
        long failed = job.failedUsers();
        long rows = 0;
        Instant nextWrite = clock.instant().plus(PROGRESS_EVERY);
        for (CognitoCsv.Row row = csv.next(); row != null; row = csv.next()) {
            rows++;
            if (rows <= job.rowsRead()) {
                continue; // read by an earlier run of this job
            }
            if (row.record() == null) {
                failed++;
            } else {
                try {
                    switch (importer.importUser(row.record())) {
                        case IMPORTED -> imported++;
                        case SKIPPED -> skipped++;
                    }
                } catch (UserImport.Rejected invalid) {
                    failed++;
                }
            }
            Instant now = clock.instant();
            if (!now.isBefore(nextWrite) || !now.isBefore(deadline)) {
                job = job.withProgress(imported, skipped, failed, rows);
                if (!write(job, ImportJobStatus.IN_PROGRESS)) {
                    endStopped(job);
                    return true;
                }
                if (!now.isBefore(deadline)) {
                    return false;
                }
                nextWrite = now.plus(PROGRESS_EVERY);
            }
        }
        endOrStop(job.withProgress(imported, skipped, failed, rows), ImportJobStatus.SUCCEEDED,
                "Import Job Completed Successfully.");
        return true;
    }

    /** Ends a running job as {@code end}, or Stopped when a Stop came first. */
    private void endOrStop(ImportJob job, ImportJobStatus end, String message) {
        if (!write(job.finished(end, clock.instant(), message), ImportJobStatus.IN_PROGRESS)) {
            endStopped(job);
        }
    }

    private void endStopped(ImportJob job) {
        ImportJob counted = jobs.find(job.jobId()).map(stored -> stored.withProgress(job.importedUsers(),
                job.skippedUsers(), job.failedUsers(), job.rowsRead())).orElse(job);
        write(counted.finished(ImportJobStatus.STOPPED, clock.instant(), "Stopped by StopUserImportJob."),
                ImportJobStatus.STOPPING);
    }

    private boolean write(ImportJob job, ImportJobStatus from) {
        return fence.run(leader -> jobs.replace(job, Set.of(from), leader));
    }

    private Described described(ImportJob job) {
        Instant now = clock.instant();
        if (job.status() != ImportJobStatus.CREATED) {
            return new Described(job, Optional.empty());
        }
        if (expired(job, now)) {
            // Shown as Cognito shows it; stored so by the Start that finds it.
            return new Described(job.finished(ImportJobStatus.EXPIRED, job.createdAt().plus(START_WINDOW),
                    "The job was not started in time."), Optional.empty());
        }
        if (!fence.leads()) {
            // The file must reach the leading region's bucket, where the run reads it; this
            // region's URL would put it in its own.
            return new Described(job, Optional.empty());
        }
        Instant urlExpiry = min(now.plus(UPLOAD_URL_VALIDITY), job.createdAt().plus(START_WINDOW));
        return new Described(job, Optional.of(uploads.uploadUrl(job.jobId(), urlExpiry)));
    }

    private static boolean expired(ImportJob job, Instant now) {
        return !now.isBefore(job.createdAt().plus(START_WINDOW));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private ImportJob existing(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> CognitoException.resourceNotFound("Import job " + jobId + " does not exist."));
    }

    private static int indexOf(List<ImportJob> all, String jobId) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).jobId().equals(jobId)) {
                return i;
            }
        }
        throw CognitoException.invalidParameter("PaginationToken is not valid.");
    }

    private void checkPool(String poolId) {
        if (!userPoolId.equals(poolId)) {
            throw CognitoException.resourceNotFound("User pool " + poolId + " does not exist.");
        }
    }

    private String newJobId() {
        var id = new StringBuilder("import-");
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static CognitoException preconditionNotMet(String message) {
        return new CognitoException("PreconditionNotMetException", message);
    }
}
