package io.cognate.domain.imports;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.ports.ImportUploads;
import io.cognate.testing.FastTestPasswordHasher;
import io.cognate.testing.InMemoryImportJobs;
import io.cognate.testing.InMemoryRegion;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import job's life: Created with an upload URL; Start only from Created (so never twice),
 * which launches the run; the run counts imported, skipped and failed rows and ends Succeeded;
 * Stop only from Pending (ending it at once) or InProgress (the run then ending it Stopped); a run out of time goes on
 * from the rows it read; a file run again duplicates nobody; a job never started expires; and
 * nothing is written where the region does not lead.
 */
class UserImportJobsTest {
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String HEADER = "name,email,email_verified,cognito:mfa_enabled,cognito:username,cognate:password_hash\n";

    private InMemoryRegion region;
    private InMemoryImportJobs store;
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<String> launched = new ArrayList<>();
    private UserImportJobs jobs;
    private String pool;

    @BeforeEach
    void region() {
        region = InMemoryRegion.create();
        store = new InMemoryImportJobs(region.region(), region.leaders());
        var importer = new UserImport(region.directory(), region.fence(),
                hash -> hash.startsWith("$test-legacy-sha256$") ? Optional.of("legacy") : Optional.empty(), region.clock());
        ImportUploads uploads = new ImportUploads() {
            @Override
            public URI uploadUrl(String jobId, Instant expiresAt) {
                return URI.create("https://uploads.example/" + jobId + "?expires=" + expiresAt.getEpochSecond());
            }

            @Override
            public Optional<InputStream> open(String jobId) {
                return Optional.ofNullable(files.get(jobId)).map(ByteArrayInputStream::new);
            }
        };
        pool = "us-east-1_pool";
        jobs = new UserImportJobs(pool, store, importer, region.fence(), uploads, launched::add, region.clock(),
                new Random(7));
    }

    private void upload(String jobId, String csv) {
        files.put(jobId, csv.getBytes(StandardCharsets.UTF_8));
    }

    private static String rows(String prefix) {
        return HEADER
                + "Alice,alice@example.com,true,false," + prefix + "alice," + FastTestPasswordHasher.legacyHash(PASSWORD) + "\n"
                + "\"Doe, Bob\",bob@example.com,true,false," + prefix + "bob,\n"
                + "Bad,bad@example.com,true,false,bad name,\n"
                + "Carol,carol@example.com,true,false," + prefix + "carol,md5$notsupported\n";
    }

    @Test
    void aJobIsCreatedWithAnUploadUrlAndDescribedAsCreated() {
        var created = jobs.create(pool, "first import", "arn:aws:iam::123456789012:role/logs");

        assertThat(created.job().jobId()).matches("import-[0-9a-z]{10}");
        assertThat(created.job().status()).isEqualTo(ImportJobStatus.CREATED);
        assertThat(created.job().createdAt()).isEqualTo(region.clock().instant());
        assertThat(created.preSignedUrl()).hasValueSatisfying(url -> assertThat(url.toString())
                .contains(created.job().jobId()).contains("expires=" + region.clock().instant()
                        .plus(UserImportJobs.UPLOAD_URL_VALIDITY).getEpochSecond()));
        assertThat(jobs.describe(pool, created.job().jobId()).job()).isEqualTo(created.job());
        assertThat(jobs.list(pool, 10, null).jobs()).extracting(d -> d.job().jobId()).containsExactly(created.job().jobId());
        assertThat(jobs.csvHeader(pool)).contains("cognito:username", "email", CognitoCsv.HASH_COLUMN);
    }

    @Test
    void startMovesOnlyACreatedJobAndLaunchesItsRunOnce() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();

        var started = jobs.start(pool, id);

        assertThat(started.job().status()).isEqualTo(ImportJobStatus.PENDING);
        assertThat(started.job().startedAt()).contains(region.clock().instant());
        assertThat(started.preSignedUrl()).isEmpty();
        assertRefused(() -> jobs.start(pool, id), "PreconditionNotMetException");
        assertThat(launched).containsExactly(id);
    }

    @Test
    void theRunImportsHashRowsConfirmedAndHashlessRowsResetRequiredAndCountsEachRow() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        upload(id, rows(""));
        jobs.start(pool, id);
        region.clock().advance(Duration.ofSeconds(3));

        assertThat(jobs.run(id, Duration.ofMinutes(10))).isTrue();

        ImportJob done = jobs.describe(pool, id).job();
        assertThat(done.status()).isEqualTo(ImportJobStatus.SUCCEEDED);
        assertThat(done.importedUsers()).isEqualTo(2);
        assertThat(done.skippedUsers()).isZero();
        assertThat(done.failedUsers()).isEqualTo(2);
        assertThat(done.completedAt()).contains(region.clock().instant());
        assertThat(done.completionMessage()).isPresent();
        assertThat(region.user("alice").status()).isEqualTo(UserStatus.CONFIRMED);
        assertThat(region.signIn("alice", PASSWORD).accessToken()).isNotEmpty();
        assertThat(region.user("bob").status()).isEqualTo(UserStatus.RESET_REQUIRED);
        assertThat(region.user("bob").attributes()).containsEntry("name", "Doe, Bob");
        assertRefused(() -> region.identityService().checkPassword(InMemoryRegion.CLIENT_ID, "bob", PASSWORD),
                "PasswordResetRequiredException");
    }

    @Test
    void aFileImportedAgainByANewJobDuplicatesNobody() {
        String first = jobs.create(pool, "first", "arn:aws:iam::123456789012:role/logs").job().jobId();
        upload(first, rows(""));
        jobs.start(pool, first);
        jobs.run(first, Duration.ofMinutes(10));
        User aliceBefore = region.user("alice");

        String again = jobs.create(pool, "again", "arn:aws:iam::123456789012:role/logs").job().jobId();
        upload(again, rows(""));
        jobs.start(pool, again);
        jobs.run(again, Duration.ofMinutes(10));

        ImportJob rerun = jobs.describe(pool, again).job();
        assertThat(rerun.importedUsers()).isZero();
        assertThat(rerun.skippedUsers()).isEqualTo(2);
        assertThat(region.user("alice").sub()).isEqualTo(aliceBefore.sub());
        assertThat(region.user("alice").version()).isEqualTo(aliceBefore.version());
    }

    @Test
    void aRunOutOfTimeGoesOnFromTheRowsItReadAndCountsEachOnce() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        upload(id, rows(""));
        jobs.start(pool, id);

        assertThat(jobs.run(id, Duration.ZERO)).isFalse();
        ImportJob partway = jobs.describe(pool, id).job();
        assertThat(partway.status()).isEqualTo(ImportJobStatus.IN_PROGRESS);
        assertThat(partway.rowsRead()).isEqualTo(1);
        assertThat(partway.importedUsers()).isEqualTo(1);

        assertThat(jobs.run(id, Duration.ofMinutes(10))).isTrue();
        ImportJob done = jobs.describe(pool, id).job();
        assertThat(done.status()).isEqualTo(ImportJobStatus.SUCCEEDED);
        assertThat(done.importedUsers() + done.skippedUsers() + done.failedUsers()).isEqualTo(4);
        assertThat(done.importedUsers()).isEqualTo(2);
    }

    @Test
    void stopEndsAPendingJobAtOnceAndNeverMovesACreatedOrEndedOne() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        upload(id, rows(""));
        assertRefused(() -> jobs.stop(pool, id), "PreconditionNotMetException");
        jobs.start(pool, id);

        ImportJob stopped = jobs.stop(pool, id).job();

        assertThat(stopped.status()).isEqualTo(ImportJobStatus.STOPPED);
        assertThat(stopped.completedAt()).isPresent();
        assertRefused(() -> jobs.stop(pool, id), "PreconditionNotMetException");
        assertRefused(() -> jobs.start(pool, id), "PreconditionNotMetException");
        // The run launched by Start finds nothing to do.
        assertThat(jobs.run(id, Duration.ofMinutes(10))).isTrue();
        assertThat(jobs.describe(pool, id).job()).isEqualTo(stopped);
        assertThat(region.inMemoryDirectory().findByUsername(io.cognate.domain.Username.of("alice"))).isEmpty();
    }

    @Test
    void stopMovesARunningJobToStoppingAndItsRunEndsItStoppedWithItsCounts() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        upload(id, rows(""));
        jobs.start(pool, id);
        jobs.run(id, Duration.ZERO); // one row, then out of time: InProgress

        assertThat(jobs.stop(pool, id).job().status()).isEqualTo(ImportJobStatus.STOPPING);
        assertRefused(() -> jobs.stop(pool, id), "PreconditionNotMetException");
        assertThat(jobs.run(id, Duration.ofMinutes(10))).isTrue();

        ImportJob stopped = jobs.describe(pool, id).job();
        assertThat(stopped.status()).isEqualTo(ImportJobStatus.STOPPED);
        assertThat(stopped.completedAt()).isPresent();
        assertThat(stopped.importedUsers()).isEqualTo(1);
        assertThat(region.inMemoryDirectory().findByUsername(io.cognate.domain.Username.of("bob"))).isEmpty();
    }

    @Test
    void aJobWithNoFileFails() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        jobs.start(pool, id);
        jobs.run(id, Duration.ofMinutes(10));

        assertThat(jobs.describe(pool, id).job().status()).isEqualTo(ImportJobStatus.FAILED);
    }

    @Test
    void aJobNotStartedInTimeExpires() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        region.clock().advance(UserImportJobs.START_WINDOW);

        assertThat(jobs.describe(pool, id).job().status()).isEqualTo(ImportJobStatus.EXPIRED);
        assertThat(jobs.describe(pool, id).preSignedUrl()).isEmpty();
        assertRefused(() -> jobs.start(pool, id), "PreconditionNotMetException");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(ImportJobStatus.EXPIRED);
        assertThat(launched).isEmpty();
    }

    @Test
    void unknownPoolsAndJobsAreNotFoundAndListsArePaged() {
        assertRefused(() -> jobs.create("us-east-1_other", "job", "arn:aws:iam::123456789012:role/logs"),
                "ResourceNotFoundException");
        assertRefused(() -> jobs.describe(pool, "import-nosuchjob0"), "ResourceNotFoundException");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(jobs.create(pool, "job " + i, "arn:aws:iam::123456789012:role/logs").job().jobId());
            region.clock().advance(Duration.ofSeconds(1));
        }

        var first = jobs.list(pool, 2, null);
        var second = jobs.list(pool, 2, first.paginationToken().orElseThrow());

        assertThat(first.jobs()).extracting(d -> d.job().jobId()).containsExactly(ids.get(0), ids.get(1));
        assertThat(second.jobs()).extracting(d -> d.job().jobId()).containsExactly(ids.get(2));
        assertThat(second.paginationToken()).isEmpty();
    }

    @Test
    void nothingIsWrittenWhereTheRegionDoesNotLead() {
        String id = jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs").job().jobId();
        region.handLeadershipTo("eu-west-1");

        assertRefused(() -> jobs.create(pool, "job", "arn:aws:iam::123456789012:role/logs"), "OperationNotEnabledException");
        assertRefused(() -> jobs.start(pool, id), "OperationNotEnabledException");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(ImportJobStatus.CREATED);
        assertThat(launched).isEmpty();
        // Described, but with no URL: a file put there would miss the leader's bucket.
        assertThat(jobs.describe(pool, id).job().status()).isEqualTo(ImportJobStatus.CREATED);
        assertThat(jobs.describe(pool, id).preSignedUrl()).isEmpty();
    }
}
