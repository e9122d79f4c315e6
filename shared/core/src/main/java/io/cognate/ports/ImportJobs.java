package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.imports.ImportJob;
import io.cognate.domain.imports.ImportJobStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pool's user import jobs, kept in the replicated Directory so every region can describe
 * them. Writes go through the write fence like every Directory write, and every change of a job
 * is conditional on the status it was read in: two requests (a Start and a Stop, two Starts) can
 * never both move the same job.
 */
public interface ImportJobs {
    Optional<ImportJob> find(String jobId);

    /** Every job, oldest first. */
    List<ImportJob> list();

    /** Stores a new job; throws {@link IllegalStateException} if the id is taken (never overwrites). */
    void create(ImportJob job, LeaderRecord fence);

    /**
     * Writes {@code job} over the stored one if that one's status is among {@code from}; false,
     * writing nothing, when it is not (or there is no such job).
     */
    boolean replace(ImportJob job, Set<ImportJobStatus> from, LeaderRecord fence);
}
