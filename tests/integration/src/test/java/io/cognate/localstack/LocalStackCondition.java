package io.cognate.localstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a LocalStack test class where a Docker engine answers; elsewhere reports it skipped, with
 * the reason, unless the run asked for LocalStack explicitly (then starting the container fails).
 */
public final class LocalStackCondition implements ExecutionCondition {
    private static Boolean dockerAvailable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (LocalStackContainerHolder.required()) {
            return ConditionEvaluationResult.enabled("LocalStack asked for (" + LocalStackContainerHolder.REQUIRED + ")");
        }
        return dockerAvailable()
                ? ConditionEvaluationResult.enabled("a Docker engine answers; LocalStack image " + LocalStackContainerHolder.IMAGE)
                : ConditionEvaluationResult.disabled("no Docker engine: the LocalStack variant needs one "
                        + "(./cognate test --localstack where Docker runs)");
    }

    private static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        }
        return dockerAvailable;
    }
}
