package io.cognate.ports;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an import job's CSV file is uploaded: an S3 bucket in AWS, the local stack's upload
 * endpoint locally. The file is put with a presigned URL, so the uploader needs no credentials.
 */
public interface ImportUploads {
    /** A URL that takes the job's file by a plain HTTP PUT until {@code expiresAt}. */
    URI uploadUrl(String jobId, Instant expiresAt);

    /** The uploaded file, or empty when nothing was uploaded for the job. */
    Optional<InputStream> open(String jobId) throws IOException;
}
