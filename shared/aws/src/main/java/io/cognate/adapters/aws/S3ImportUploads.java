package io.cognate.adapters.aws;

import io.cognate.domain.imports.PresignedS3Url;
import io.cognate.ports.ImportUploads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Import files in an S3 bucket, one object a job ({@code <jobId>.csv}), put and read through
 * presigned URLs made with the repository's own SigV4 code ({@link PresignedS3Url}) and the
 * function's credentials: the SDK's S3 module (4.3 MB) is not in the function for two URLs and
 * one GET. The uploader PUTs with no credentials; this function GETs with its role's, which may
 * read and write only this bucket's objects. With an endpoint set (the local stack's upload
 * endpoint) objects are addressed path-style under it instead of at S3.
 */
public final class S3ImportUploads implements ImportUploads {
    private static final Duration READ_URL_VALIDITY = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String bucket;
    private final String region;
    private final Optional<URI> endpoint;
    private final Supplier<PresignedS3Url.Credentials> credentials;
    private final Clock clock;
    private final HttpClient http;

    public S3ImportUploads(String bucket, String region, Optional<URI> endpoint,
                           Supplier<PresignedS3Url.Credentials> credentials, Clock clock) {
        this.bucket = bucket;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The function's own credentials (its role's, from the SDK's default chain), resolved at each use. */
    public static Supplier<PresignedS3Url.Credentials> functionCredentials() {
        return credentialsOf(software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build());
    }

    /** The credentials {@code provider} resolves now (the function role's, refreshed by the SDK). */
    public static Supplier<PresignedS3Url.Credentials> credentialsOf(AwsCredentialsProvider provider) {
        return () -> {
            var resolved = provider.resolveCredentials();
            return new PresignedS3Url.Credentials(resolved.accessKeyId(), resolved.secretAccessKey(),
                    resolved instanceof AwsSessionCredentials session ? Optional.of(session.sessionToken()) : Optional.empty());
        };
    }

    @Override
    public URI uploadUrl(String jobId, Instant expiresAt) {
        Instant now = clock.instant();
        return PresignedS3Url.presign("PUT", objectUri(jobId), region, credentials.get(), now,
                Duration.between(now, expiresAt));
    }

    @Override
    public Optional<InputStream> open(String jobId) throws IOException {
        URI url = PresignedS3Url.presign("GET", objectUri(jobId), region, credentials.get(), clock.instant(),
                READ_URL_VALIDITY);
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the import file");
        }
        if (response.statusCode() == 404) {
            response.body().close();
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            response.body().close();
            // The status only: the URL carries a signature and is never logged.
            throw new IOException("reading the import file answered HTTP " + response.statusCode());
        }
        return Optional.of(response.body());
    }

    private URI objectUri(String jobId) {
        String key = jobId + ".csv";
        return endpoint.map(base -> URI.create(base.toString().replaceAll("/+$", "") + "/" + bucket + "/" + key))
                .orElseGet(() -> URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/" + key));
    }
}
