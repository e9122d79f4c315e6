package io.cognate.scenarios;

import io.cognate.localstack.OnLocalStack;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FailbackScenarioTest} (planned switchover and failback), every assertion unchanged, on LocalStack. */
@OnLocalStack
@ExtendWith(LocalStackScenarios.class)
class FailbackOnLocalStackTest extends FailbackScenarioTest {
}
