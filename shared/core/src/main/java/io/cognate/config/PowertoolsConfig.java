package io.cognate.config;

import java.util.Map;
import java.util.Optional;

/**
 * The Powertools settings of a function, read from the variables Powertools itself reads
 * ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_METRICS_NAMESPACE}), plus the table that
 * makes SignUp idempotent ({@code COGNATE_IDEMPOTENCY_TABLE}, identity-api only: without it a
 * retried SignUp answers {@code UsernameExistsException}, as Cognito does).
 */
public record PowertoolsConfig(String serviceName, String metricsNamespace, Optional<String> idempotencyTable) {
    public static final String SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    public static final String METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    public static final String IDEMPOTENCY_TABLE = "COGNATE_IDEMPOTENCY_TABLE";

    public static final String DEFAULT_SERVICE_NAME = "cognate";
    public static final String DEFAULT_METRICS_NAMESPACE = "Cognate";

    public static PowertoolsConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static PowertoolsConfig from(Map<String, String> env) {
        return new PowertoolsConfig(
                value(env, SERVICE_NAME).orElse(DEFAULT_SERVICE_NAME),
                value(env, METRICS_NAMESPACE).orElse(DEFAULT_METRICS_NAMESPACE),
                value(env, IDEMPOTENCY_TABLE));
    }

    /** Service and namespace defaults, no idempotency table. */
    public static PowertoolsConfig defaults() {
        return from(Map.of());
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
