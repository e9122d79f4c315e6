package io.cognate.scenarios;

import io.cognate.localstack.LocalStackContainerHolder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the scenario stacks of a test class use LocalStack: runs before the class's (and its
 * superclass's) {@code @BeforeAll} methods, which start their stacks, and after its
 * {@code @AfterAll} methods, which stop them.
 */
final class LocalStackScenarios implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ScenarioStack.useLocalStack(LocalStackContainerHolder.edge());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ScenarioStack.useInJvm();
    }
}
