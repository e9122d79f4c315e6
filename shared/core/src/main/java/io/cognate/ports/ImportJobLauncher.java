package io.cognate.ports;

/**
 * Runs a started import job away from the request that started it, so StartUserImportJob answers
 * at once: an asynchronous invocation of the function in AWS, a background thread locally.
 */
@FunctionalInterface
public interface ImportJobLauncher {
    void launch(String jobId);
}
