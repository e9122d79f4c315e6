package io.cognate.localstack;

import java.net.URI;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one LocalStack container of a test run, started by the first test class that needs it and
 * stopped when the JVM ends. Two regions are the same container under two region names.
 */
public final class LocalStackContainerHolder {
    /** The LocalStack image: the one place it is named (override with -Dcognate.localstack.image=...). */
    public static final String IMAGE = System.getProperty("cognate.localstack.image", "localstack/localstack:4.4.0");
    /** Set by the Maven profile localstack: there a missing Docker engine is a failure, not a skip. */
    public static final String REQUIRED = "cognate.localstack.required";

    private static LocalStackContainer container;

    private LocalStackContainerHolder() {
    }

    /** LocalStack's edge endpoint, starting the container on first use. */
    public static synchronized URI edge() {
        if (container == null) {
            LocalStackContainer started = new LocalStackContainer(DockerImageName.parse(IMAGE))
                    .withServices("dynamodb", "dynamodbstreams", "kms", "route53", "events", "sqs");
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                started.withEnv("LOCALSTACK_AUTH_TOKEN", token); // newer images want one
            }
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "localstack-stop"));
            container = started;
        }
        return container.getEndpoint();
    }

    static boolean required() {
        return Boolean.getBoolean(REQUIRED);
    }
}
