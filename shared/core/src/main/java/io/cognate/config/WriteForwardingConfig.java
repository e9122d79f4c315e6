package io.cognate.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a region that does not lead sends the writes it is asked for, and how long it waits
 * (identity-api). The endpoints are the same list the health-check probes: {@code COGNATE_REGIONS},
 * every region's regional API endpoint ({@code us-east-1=https://abc.execute-api...}); a write is
 * forwarded to the one the leader record names, never through the custom domain, which points at
 * whatever region traffic was flipped to.
 */
public record WriteForwardingConfig(Map<String, URI> endpoints, Duration connectTimeout, Duration answerTimeout,
                                    Duration catchUpBound) {
    public static final String CONNECT_TIMEOUT_MS = "COGNATE_FORWARDING_CONNECT_TIMEOUT_MS";
    public static final String ANSWER_TIMEOUT_MS = "COGNATE_FORWARDING_TIMEOUT_MS";
    public static final String CATCH_UP_MS = "COGNATE_FORWARDING_CATCH_UP_MS";
    /**
     * A TCP connection to a live region's API Gateway takes one round trip (about 70-150 ms
     * between AWS regions); 2 s is over ten of them, so a connection not made by then is to a
     * region that is not answering, and the caller hears the retryable refusal at once rather
     * than after its SDK's own timeout.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The whole forwarded call. A write at the leader may wait up to 5 s for a trigger (Cognito's
     * limit, {@code LambdaTriggerInvoker.TIMEOUT}), plus an Argon2id hash (~35 ms CPU) and its
     * DynamoDB and KMS calls: 6 s lets such a write finish. With the 2 s catch-up bound after it,
     * the sender is done within 8 s, inside the identity function's 10 s Lambda timeout
     * ({@code template.yaml} Globals), so the caller always hears this region's answer rather
     * than a timed-out function.
     */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(6);
    /**
     * How long the secondary waits for what the leader wrote to replicate before answering
     * (read-your-writes). DynamoDB global tables replicate typically within a second
     * (ReplicationLatency); 2 s covers that with room, and past it replication is degraded and a
     * longer wait would only delay an answer the leader has already given.
     */
    public static final Duration DEFAULT_CATCH_UP_BOUND = Duration.ofSeconds(2);

    public WriteForwardingConfig {
        endpoints = Map.copyOf(endpoints);
    }

    /** No peer endpoints: a region that does not lead refuses writes as before. */
    public static WriteForwardingConfig none() {
        return new WriteForwardingConfig(Map.of(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_ANSWER_TIMEOUT, DEFAULT_CATCH_UP_BOUND);
    }

    public static WriteForwardingConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static WriteForwardingConfig from(Map<String, String> env) {
        var reader = new EnvironmentReader(env);
        var endpoints = new LinkedHashMap<String, URI>();
        reader.pairs(FailoverSettings.REGIONS).forEach((region, endpoint) -> endpoints.put(region, URI.create(endpoint)));
        return new WriteForwardingConfig(endpoints, millis(reader, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
                millis(reader, ANSWER_TIMEOUT_MS, DEFAULT_ANSWER_TIMEOUT), millis(reader, CATCH_UP_MS, DEFAULT_CATCH_UP_BOUND));
    }

    /** The regional endpoint of {@code region}, if configured. */
    public Optional<URI> endpoint(String region) {
        return Optional.ofNullable(endpoints.get(region));
    }

    private static Duration millis(EnvironmentReader reader, String name, Duration fallback) {
        return reader.optional(name).map(String::strip).filter(s -> !s.isEmpty()).map(value -> {
            try {
                long ms = Long.parseLong(value);
                if (ms <= 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a positive number of milliseconds, not '" + value + "'");
            }
        }).orElse(fallback);
    }
}
