package io.cognate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.triggers.LambdaConfig;
import io.cognate.domain.triggers.Trigger;
import org.junit.jupiter.api.Test;

/** The template's PoolLambdaConfig: read as UpdateUserPool reads LambdaConfig, refused at start when it would be refused there. */
class StartingTriggersTest {
    private static final String PRE_SIGN_UP = "arn:aws:lambda:us-east-1:123456789012:function:cognate-trigger-pre-sign-up";
    private static final String TOKENS = "arn:aws:lambda:us-east-1:123456789012:function:cognate-trigger-tokens";

    @Test
    void blankIsNoTriggers() {
        assertThat(PoolOperations.startingLambdaConfig("", false)).isEqualTo(LambdaConfig.NONE);
        assertThat(PoolOperations.startingLambdaConfig(null, false)).isEqualTo(LambdaConfig.NONE);
    }

    @Test
    void cognitosLambdaConfigTypeNamesTheTriggers() {
        LambdaConfig config = PoolOperations.startingLambdaConfig("{\"PreSignUp\": \"" + PRE_SIGN_UP + "\","
                + " \"PreTokenGenerationConfig\": {\"LambdaVersion\": \"V2_0\", \"LambdaArn\": \"" + TOKENS + "\"}}", false);

        assertThat(config.target(Trigger.PRE_SIGN_UP)).contains(PRE_SIGN_UP);
        assertThat(config.target(Trigger.PRE_TOKEN_GENERATION)).contains(TOKENS);
        assertThat(config.preTokenGenerationVersion()).isEqualTo("V2_0");
    }

    @Test
    void aValueUpdateUserPoolWouldRefuseStopsTheFunctionNamingTheSetting() {
        assertThatThrownBy(() -> PoolOperations.startingLambdaConfig("{\"PreSignUp\": \"http://127.0.0.1:9/\"}", false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("COGNATE_POOL_LAMBDA_CONFIG");
        assertThatThrownBy(() -> PoolOperations.startingLambdaConfig("[\"PreSignUp\"]", false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> PoolOperations.startingLambdaConfig("{PreSignUp", false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not JSON");
    }
}
