package io.cognate.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where Cognito's import jobs keep their files and how a started job is run, identity-api only:
 * {@code COGNATE_IMPORT_BUCKET}, the S3 bucket the presigned upload URLs point at (no bucket, no
 * import jobs); {@code COGNATE_IMPORT_UPLOADS_ENDPOINT}, set by the local stack alone, its upload
 * endpoint in place of S3; and {@code AWS_LAMBDA_FUNCTION_NAME} and {@code AWS_LAMBDA_FUNCTION_VERSION},
 * which Lambda sets: a started job is run by an asynchronous invocation of this same function
 * version there, in a background thread elsewhere.
 */
public record ImportJobsConfig(Optional<String> bucket, Optional<URI> uploadsEndpoint, Optional<String> functionName,
                               Optional<String> functionVersion) {
    public static final String BUCKET = "COGNATE_IMPORT_BUCKET";
    public static final String UPLOADS_ENDPOINT = "COGNATE_IMPORT_UPLOADS_ENDPOINT";
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** Set by Lambda too: the published version running (with its SnapStart snapshot), or $LATEST. */
    public static final String FUNCTION_VERSION = "AWS_LAMBDA_FUNCTION_VERSION";

    public static ImportJobsConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static ImportJobsConfig from(Map<String, String> env) {
        return new ImportJobsConfig(value(env, BUCKET), value(env, UPLOADS_ENDPOINT).map(URI::create),
                value(env, FUNCTION_NAME), value(env, FUNCTION_VERSION));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
