package io.cognate.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose stack keeps DynamoDB, KMS, Route 53 and EventBridge in LocalStack: the
 * subclass of an integration or failover test, running its tests unchanged. Skipped, and
 * reported so, where no Docker engine runs; the Maven profile localstack runs only these.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("localstack")
@ExtendWith(LocalStackCondition.class)
public @interface OnLocalStack {
}
