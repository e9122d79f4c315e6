package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.imports.UserImportJobs;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cognito's user import job operations (GetCSVHeader, CreateUserImportJob, DescribeUserImportJob,
 * ListUserImportJobs, StartUserImportJob, StopUserImportJob): request shape in, response shape
 * out. All are management operations naming the pool, signed with an admin key.
 */
final class ImportJobOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<UserImportJobs> jobs;
    private final String userPoolId;

    ImportJobOperations(Supplier<UserImportJobs> jobs, String userPoolId) {
        this.jobs = jobs;
        this.userPoolId = userPoolId;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "GetCSVHeader", this::csvHeader,
                "CreateUserImportJob", request -> job(jobs.get().create(request.required("UserPoolId"),
                        request.required("JobName"), request.required("CloudWatchLogsRoleArn"))),
                "DescribeUserImportJob", request -> job(jobs.get().describe(request.required("UserPoolId"),
                        request.required("JobId"))),
                "ListUserImportJobs", this::list,
                "StartUserImportJob", request -> job(jobs.get().start(request.required("UserPoolId"),
                        request.required("JobId"))),
                "StopUserImportJob", request -> job(jobs.get().stop(request.required("UserPoolId"),
                        request.required("JobId"))));
    }

    private JsonNode csvHeader(JsonRequest request) {
        var header = jobs.get().csvHeader(request.required("UserPoolId"));
        ObjectNode response = NODES.objectNode();
        response.put("UserPoolId", userPoolId);
        var list = response.putArray("CSVHeader");
        header.forEach(list::add);
        return response;
    }

    private JsonNode list(JsonRequest request) {
        Integer maxResults = request.optionalInteger("MaxResults");
        var page = jobs.get().list(request.required("UserPoolId"), maxResults == null ? 0 : maxResults,
                request.optional("PaginationToken"));
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("UserImportJobs");
        page.jobs().forEach(described -> list.add(jobType(described)));
        page.paginationToken().ifPresent(token -> response.put("PaginationToken", token));
        return response;
    }

    private JsonNode job(UserImportJobs.Described described) {
        return NODES.objectNode().set("UserImportJob", jobType(described));
    }

    /** Cognito's {@code UserImportJobType}; dates in epoch seconds with milliseconds, as Cognito's JSON has them. */
    private ObjectNode jobType(UserImportJobs.Described described) {
        var job = described.job();
        ObjectNode type = NODES.objectNode();
        type.put("JobName", job.jobName());
        type.put("JobId", job.jobId());
        type.put("UserPoolId", userPoolId);
        described.preSignedUrl().ifPresent(url -> type.put("PreSignedUrl", url.toString()));
        type.put("CreationDate", CognitoShapes.seconds(job.createdAt()));
        job.startedAt().ifPresent(at -> type.put("StartDate", CognitoShapes.seconds(at)));
        job.completedAt().ifPresent(at -> type.put("CompletionDate", CognitoShapes.seconds(at)));
        type.put("Status", job.status().cognitoName());
        type.put("CloudWatchLogsRoleArn", job.cloudWatchLogsRoleArn());
        type.put("ImportedUsers", job.importedUsers());
        type.put("SkippedUsers", job.skippedUsers());
        type.put("FailedUsers", job.failedUsers());
        job.completionMessage().ifPresent(message -> type.put("CompletionMessage", message));
        return type;
    }
}
