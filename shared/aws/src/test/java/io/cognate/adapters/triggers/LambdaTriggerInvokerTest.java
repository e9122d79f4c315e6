package io.cognate.adapters.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** Each region invokes the function of the configured name deployed beside it. */
class LambdaTriggerInvokerTest {
    @Test
    void theConfiguredArnIsInvokedInThisRegionWithItsQualifier() {
        assertThat(LambdaTriggerInvoker.inRegion("arn:aws:lambda:eu-west-1:123456789012:function:cognate-trigger-pre:live",
                Region.EU_CENTRAL_1)).isEqualTo("arn:aws:lambda:eu-central-1:123456789012:function:cognate-trigger-pre:live");
        assertThat(LambdaTriggerInvoker.inRegion("arn:aws:lambda:eu-west-1:123456789012:function:cognate-trigger-pre",
                Region.EU_WEST_1)).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:cognate-trigger-pre");
        assertThatThrownBy(() -> LambdaTriggerInvoker.inRegion("arn:aws:sns:eu-west-1:123456789012:topic", Region.EU_WEST_1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A custom sender is queued (Event), in this region; a function Lambda cannot find is UNAVAILABLE. */
    @Test
    void anAsynchronousInvocationIsAnEventInThisRegion() throws Exception {
        var requests = new java.util.ArrayList<software.amazon.awssdk.services.lambda.model.InvokeRequest>();
        var missing = new java.util.concurrent.atomic.AtomicBoolean();
        software.amazon.awssdk.services.lambda.LambdaClient lambda = new software.amazon.awssdk.services.lambda.LambdaClient() {
            @Override
            public software.amazon.awssdk.services.lambda.model.InvokeResponse invoke(
                    software.amazon.awssdk.services.lambda.model.InvokeRequest request) {
                requests.add(request);
                if (missing.get()) {
                    throw software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.builder()
                            .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                    .errorCode("ResourceNotFoundException").build()).build();
                }
                return software.amazon.awssdk.services.lambda.model.InvokeResponse.builder().statusCode(202).build();
            }

            @Override
            public String serviceName() {
                return "lambda";
            }

            @Override
            public void close() {
            }
        };
        var invoker = new LambdaTriggerInvoker("eu-central-1", region -> lambda);

        invoker.invokeAsync("arn:aws:lambda:eu-west-1:123456789012:function:cognate-trigger-sender", "{}");

        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.invocationType())
                    .isEqualTo(software.amazon.awssdk.services.lambda.model.InvocationType.EVENT);
            assertThat(request.functionName())
                    .isEqualTo("arn:aws:lambda:eu-central-1:123456789012:function:cognate-trigger-sender");
        });
        missing.set(true);
        assertThatThrownBy(() -> invoker.invokeAsync(
                "arn:aws:lambda:eu-west-1:123456789012:function:cognate-trigger-sender", "{}"))
                .isInstanceOfSatisfying(io.cognate.ports.TriggerInvoker.TriggerFailed.class, failed -> {
                    assertThat(failed.kind()).isEqualTo(io.cognate.ports.TriggerInvoker.TriggerFailed.Kind.UNAVAILABLE);
                    assertThat(failed.getMessage()).isEqualTo("ResourceNotFoundException");
                });
    }
}
