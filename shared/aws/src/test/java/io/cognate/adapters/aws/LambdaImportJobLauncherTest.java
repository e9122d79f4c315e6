package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The event that runs an import job reads, as identity-api's handler receives it, as one with
 * the run's route key, the job in its body and no request context (which API Gateway always sends).
 */
class LambdaImportJobLauncherTest {
    @Test
    void theRunEventNamesTheJobAndHasNoRequestContext() throws Exception {
        String json = LambdaImportJobLauncher.event("import-abc123XYZ0");
        APIGatewayV2HTTPEvent event = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, APIGatewayV2HTTPEvent.class);

        assertThat(event.getRouteKey()).isEqualTo(LambdaImportJobLauncher.RUN_ROUTE_KEY);
        assertThat(event.getRequestContext()).isNull();
        assertThat(new ObjectMapper().readTree(event.getBody()).path("JobId").asText()).isEqualTo("import-abc123XYZ0");
        assertThatThrownBy(() -> LambdaImportJobLauncher.event("import-\"},\"requestContext\":{"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
