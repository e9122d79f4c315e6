package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.http.HttpApiEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a started import job, in the invocation StartUserImportJob launched: it works until
 * a minute before the invocation's time is up, and if the file is not done by then, launches the
 * next run, which goes on from the rows this one read.
 */
final class ImportJobRuns {
    /** Left for the last progress write and the next launch. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    static final Duration WITHOUT_LAMBDA = Duration.ofMinutes(10);
    private static final Duration SHORTEST = Duration.ofSeconds(10);
    private static final Pattern JOB_ID = Pattern.compile("import-[0-9a-zA-Z-]{1,48}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ImportJobRuns.class);

    private ImportJobRuns() {
    }

    static APIGatewayV2HTTPResponse run(IdentityApiServices services, String body, Context context) {
        String jobId;
        try {
            jobId = JSON.readTree(body == null ? "" : body).path("JobId").asText("");
        } catch (IOException malformed) {
            jobId = "";
        }
        if (!JOB_ID.matcher(jobId).matches()) {
            return HttpApiEvents.json(400, "{\"message\":\"no JobId\"}", Map.of());
        }
        Duration budget = context == null ? WITHOUT_LAMBDA
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
        boolean finished = services.userImportJobs().run(jobId, budget.compareTo(SHORTEST) < 0 ? SHORTEST : budget);
        if (!finished) {
            services.importJobLauncher().launch(jobId);
        }
        LOG.info("importJob={} finished={}", jobId, finished);
        return HttpApiEvents.json(200, "{\"JobId\":\"" + jobId + "\",\"finished\":" + finished + "}", Map.of());
    }
}
