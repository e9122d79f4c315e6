package io.cognate.domain.imports;

/**
 * Cognito's user import job statuses, in the order a job goes through them: Created (waiting for
 * its file), Pending (started, not yet picked up), InProgress, then Succeeded or Failed; Stopping
 * then Stopped when StopUserImportJob ends it early; Expired when it was never started.
 */
public enum ImportJobStatus {
    CREATED("Created"),
    PENDING("Pending"),
    IN_PROGRESS("InProgress"),
    STOPPING("Stopping"),
    EXPIRED("Expired"),
    STOPPED("Stopped"),
    FAILED("Failed"),
    SUCCEEDED("Succeeded");

    private final String cognitoName;

    ImportJobStatus(String cognitoName) {
        this.cognitoName = cognitoName;
    }

    /** The status as Cognito's API spells it ({@code InProgress}). */
    public String cognitoName() {
        return cognitoName;
    }

    /** Whether the job has ended and will never change again. */
    public boolean finished() {
        return this == EXPIRED || this == STOPPED || this == FAILED || this == SUCCEEDED;
    }
}
