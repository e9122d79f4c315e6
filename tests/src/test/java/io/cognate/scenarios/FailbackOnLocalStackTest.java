package io.cognate.scenarios;

import io.cognate.localstack.LocalStackContainerHolder;
import io.cognate.localstack.OnLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FailbackScenarioTest} (planned switchover and failback), every assertion unchanged, on LocalStack. */
@OnLocalStack
class FailbackOnLocalStackTest extends FailbackScenarioTest {

    @BeforeAll
    static void onLocalStack() {
        ScenarioStack.useLocalStack(LocalStackContainerHolder.edge());
    }

    @AfterAll
    static void backToInJvm() {
        ScenarioStack.useInJvm();
    }
}
