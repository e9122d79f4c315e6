package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.http.HttpApiEvents;
import io.cognate.http.JsonTreeCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a started import job, in the invocation StartUserImportJob launched: it works until
 * a fifth of the invocation's time is left (at most a minute), and if the file is not done by
 * then, launches the next run, which goes on from the rows this one read. With the function's
 * 10 s timeout a run is about 8 s, so a large file is a chain of short invocations.
 */
final class ImportJobRuns {
    /** At most this is left for the last progress write and the next launch. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    static final Duration WITHOUT_LAMBDA = Duration.ofMinutes(10);
    private static final Pattern JOB_ID = Pattern.compile("import-[0-9a-zA-Z-]{1,48}");
    private static final Logger LOG = LoggerFactory.getLogger(ImportJobRuns.class);

    private ImportJobRuns() {
    }

    static Duration budget(Duration remaining) {
        Duration margin = remaining.dividedBy(5);
        return remaining.minus(margin.compareTo(MARGIN) > 0 ? MARGIN : margin);
    }

    static APIGatewayV2HTTPResponse run(IdentityApiServices services, String body, Context context) {
        String jobId;
        try {
            jobId = JsonTreeCodec.LENIENT.read(body == null ? "" : body).path("JobId").asText("");
        } catch (IOException malformed) {
            jobId = "";
        }
        if (!JOB_ID.matcher(jobId).matches()) {
            return HttpApiEvents.json(400, "{\"message\":\"no JobId\"}", Map.of());
        }
        Duration budget = context == null ? WITHOUT_LAMBDA : budget(Duration.ofMillis(context.getRemainingTimeInMillis()));
        boolean finished = services.userImportJobs().run(jobId, budget);
        if (!finished) {
            services.importJobLauncher().launch(jobId);
        }
        LOG.info("importJob={} finished={}", jobId, finished);
        return HttpApiEvents.json(200, "{\"JobId\":\"" + jobId + "\",\"finished\":" + finished + "}", Map.of());
    }
}
