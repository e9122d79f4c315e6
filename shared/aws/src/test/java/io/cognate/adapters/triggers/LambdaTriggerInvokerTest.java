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
}
