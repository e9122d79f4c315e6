package io.cognate.bench;

import io.cognate.config.WriteForwardingConfig;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.local.LocalRegion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;

/**
 * What write forwarding adds to a write's latency on the local stack: the same operations through
 * the SDK's Cognito client at the primary's own port and at the secondary's (forwarded), taken in
 * turn so the machine's load falls on both alike; medians and 90th percentiles.
 *
 * <p>Two writes: SignUp (an Argon2id hash at the leader, so its own cost dominates) and
 * UpdateUserAttributes (no hash: the forwarding hop shows plainly). Run twice: with the default
 * read-your-writes wait ({@link WriteForwardingConfig#DEFAULT_CATCH_UP_BOUND}), and with the wait cut
 * to 1 ms, which leaves the hop alone; the difference is the wait for the local replicator.
 *
 * <p>Arguments: {@code [rounds]} (default 60 per operation and region, after 10 of warm-up).
 */
public final class ForwardedWriteLatencyMain {
    private static final int WARM_UP = 10;
    private static final String PASSWORD = "Forwarding-Bench-9";

    private ForwardedWriteLatencyMain() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        System.out.printf("Forwarded writes on the local stack, %d rounds per operation and region after %d warm-up%n",
                rounds, WARM_UP);
        run("with read-your-writes (catch-up bound " + WriteForwardingConfig.DEFAULT_CATCH_UP_BOUND.toMillis() + " ms)",
                null, rounds);
        run("hop only (catch-up bound 1 ms)", Duration.ofMillis(1), rounds);
    }

    private static void run(String title, Duration catchUpBound, int rounds) {
        try (LocalCognate stack = LocalCognate.start(LocalOptions.ephemeral(),
                new PrintStream(OutputStream.nullOutputStream()))) {
            LocalRegion primary = stack.regions().get(0);
            LocalRegion secondary = stack.regions().get(1);
            if (catchUpBound != null) {
                // Before the secondary's first forwarded write, which builds its forwarding once.
                WriteForwardingConfig defaults = new WriteForwardingConfig(Map.of(primary.name(), primary.endpoint(),
                        secondary.name(), secondary.endpoint()), WriteForwardingConfig.DEFAULT_CONNECT_TIMEOUT,
                        WriteForwardingConfig.DEFAULT_ANSWER_TIMEOUT, catchUpBound);
                secondary.services().useWriteForwarding(defaults);
            }
            try (var east = client(primary.endpoint(), primary.name());
                 var west = client(secondary.endpoint(), secondary.name())) {
                String clientId = stack.clientId();
                Map<String, long[]> samples = new LinkedHashMap<>();
                samples.put("SignUp at the primary", new long[rounds]);
                samples.put("SignUp at the secondary (forwarded)", new long[rounds]);
                Consumer<CognitoIdentityProviderClient> signUp = c -> {
                    String name = "bench-" + UUID.randomUUID();
                    c.signUp(b -> b.clientId(clientId).username(name).password(PASSWORD)
                            .userAttributes(attribute("email", name + "@example.com")));
                };
                measure(signUp, east, west, rounds, samples.get("SignUp at the primary"),
                        samples.get("SignUp at the secondary (forwarded)"));

                String username = "bench-profile-" + UUID.randomUUID();
                east.signUp(b -> b.clientId(clientId).username(username).password(PASSWORD)
                        .userAttributes(attribute("email", username + "@example.com")));
                String code = stack.outbox().latestCodeFor(username).orElseThrow();
                east.confirmSignUp(b -> b.clientId(clientId).username(username).confirmationCode(code));
                stack.replication().awaitReplicated(Duration.ofSeconds(20));
                String token = west.initiateAuth(b -> b.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD)))
                        .authenticationResult().accessToken();
                int[] n = {0};
                Consumer<CognitoIdentityProviderClient> update = c -> c.updateUserAttributes(b -> b.accessToken(token)
                        .userAttributes(attribute("name", "name " + n[0]++)));
                samples.put("UpdateUserAttributes at the primary", new long[rounds]);
                samples.put("UpdateUserAttributes at the secondary (forwarded)", new long[rounds]);
                measure(update, east, west, rounds, samples.get("UpdateUserAttributes at the primary"),
                        samples.get("UpdateUserAttributes at the secondary (forwarded)"));

                System.out.printf("%n%s%n  %-52s %9s %9s%n", title, "", "median", "p90");
                samples.forEach((name, nanos) -> System.out.printf("  %-52s %7.1f ms %6.1f ms%n", name,
                        percentile(nanos, 50), percentile(nanos, 90)));
            }
        }
    }

    /** Warm-up, then one call at each region in turn, alternating which goes first. */
    private static void measure(Consumer<CognitoIdentityProviderClient> call, CognitoIdentityProviderClient east,
                                CognitoIdentityProviderClient west, int rounds, long[] atEast, long[] atWest) {
        for (int i = 0; i < WARM_UP; i++) {
            call.accept(east);
            call.accept(west);
        }
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                atEast[i] = timed(call, east);
                atWest[i] = timed(call, west);
            } else {
                atWest[i] = timed(call, west);
                atEast[i] = timed(call, east);
            }
        }
    }

    private static long timed(Consumer<CognitoIdentityProviderClient> call, CognitoIdentityProviderClient client) {
        long start = System.nanoTime();
        call.accept(client);
        return System.nanoTime() - start;
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static CognitoIdentityProviderClient client(URI endpoint, String region) {
        return CognitoIdentityProviderClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
