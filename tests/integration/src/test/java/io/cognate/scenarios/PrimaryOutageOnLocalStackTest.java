package io.cognate.scenarios;

import io.cognate.localstack.OnLocalStack;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PrimaryOutageScenarioTest}, every assertion unchanged, on LocalStack: the leader record
 * and users in LocalStack's DynamoDB (kept in step by the stack's replicator over its streams),
 * tokens signed by its KMS multi-region key, the flip in its Route 53 and the FailoverCompleted
 * event through its EventBridge.
 */
@OnLocalStack
@ExtendWith(LocalStackScenarios.class)
class PrimaryOutageOnLocalStackTest extends PrimaryOutageScenarioTest {
}
