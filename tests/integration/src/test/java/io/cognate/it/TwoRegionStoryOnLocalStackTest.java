package io.cognate.it;

import io.cognate.localstack.OnLocalStack;

/**
 * {@link TwoRegionStoryTest}, every test unchanged, with both regions' DynamoDB, KMS, Route 53
 * and EventBridge in LocalStack instead of the in-JVM endpoints.
 */
@OnLocalStack
class TwoRegionStoryOnLocalStackTest extends TwoRegionStoryTest {
}
