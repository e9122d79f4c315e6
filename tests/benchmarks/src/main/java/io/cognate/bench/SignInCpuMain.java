package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.adapters.aws.AwsClients;
import io.cognate.adapters.passwords.Argon2idPasswordHasher;
import io.cognate.config.CognateConfig;
import io.cognate.domain.LockoutPolicy;
import io.cognate.domain.UserAttributes;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.identity.IdentityApiHandler;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import io.cognate.testing.InMemoryRegion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The functions' own CPU per password sign-in against one Argon2id check, as thread CPU time
 * (what Lambda's memory setting buys): a sign-in and a bare check take turns on one thread, so
 * the load of other work on the machine falls on both alike, and the medians are compared.
 *
 * <ul>
 *   <li>{@code domain}: the sign-in through the domain on the in-memory stores ({@link
 *       SignInPathBench}'s set-up), with the Argon2id hasher and with the hash taken out;</li>
 *   <li>{@code stack}: identity-api's handler, given the InitiateAuth event API Gateway would send,
 *       over the local stack's DynamoDB Local and KMS. The emulators run on their own threads, so
 *       the calling thread's CPU is the function's: request and answer JSON, the SDK's marshalling
 *       and request signing, the domain, the hash.</li>
 * </ul>
 *
 * <p>{@code SignInCpuMain [domain|stack|both] [measured sign-ins, default 200]}. The local stack
 * listens on ports 19400-19402.
 */
public final class SignInCpuMain {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String PASSWORD = SignInPathBench.PASSWORD;

    private SignInCpuMain() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "both";
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        if (what.equals("domain") || what.equals("both")) {
            domain(measured);
        }
        if (what.equals("stack") || what.equals("both")) {
            stack(measured);
        }
    }

    private static void domain(int measured) {
        Argon2idPasswordHasher hashOnly = new Argon2idPasswordHasher(new SecureRandom());
        String stored = hashOnly.hash(PASSWORD);
        for (String signer : List.of("remote", "rsa")) {
            for (String hasher : List.of("argon2id", "none")) {
                InMemoryRegion region = SignInPathBench.region(hasher, signer);
                region.signUpConfirmed("cpu-user", PASSWORD, "cpu-user@example.com");
                MfaSignIn signIn = region.mfaSignIn();
                Result result = alternate(measured, hasher.equals("none") ? 2000 : 80,
                        () -> signIn.passwordAuth(InMemoryRegion.CLIENT_ID, "cpu-user", PASSWORD),
                        () -> hashOnly.matches(PASSWORD, stored));
                result.print("domain, in-memory stores, hasher " + hasher + ", signer " + signer);
            }
        }
    }

    private static void stack(int measured) throws Exception {
        LocalOptions options = new LocalOptions(19400, List.of(new LocalOptions.RegionSpec("us-east-1", 19401),
                new LocalOptions.RegionSpec("eu-west-1", 19402))).withScheduler(false);
        try (LocalCognate stack = LocalCognate.start(options, new PrintStream(OutputStream.nullOutputStream()))) {
            CognateConfig config = stack.primary().services().config()
                    .withLockout(LockoutPolicy.cognitoDefault().withMaxFailures(Integer.MAX_VALUE));
            try (IdentityApiServices services = new IdentityApiServices(config, AwsClients.create(config),
                    Clock.systemUTC())) {
                services.identityService().signUp(stack.clientId(), "cpu-user", PASSWORD,
                        List.of(new UserAttributes.Attribute("email", "cpu-user@example.com")));
                services.identityService().confirmSignUp(stack.clientId(), "cpu-user",
                        stack.outbox().latestCodeFor("cpu-user").orElseThrow());
                IdentityApiHandler handler = new IdentityApiHandler(services);
                Argon2idPasswordHasher hashOnly = new Argon2idPasswordHasher(new SecureRandom());
                String stored = hashOnly.hash(PASSWORD);
                String body = "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"" + stack.clientId()
                        + "\",\"AuthParameters\":{\"USERNAME\":\"cpu-user\",\"PASSWORD\":\"" + PASSWORD + "\"}}";
                Result result = alternate(measured, 80, () -> {
                    APIGatewayV2HTTPResponse response = handler.handleRequest(
                            CognitoJsonEvents.of("InitiateAuth", body, "cpu-" + System.nanoTime()), null);
                    if (response.getStatusCode() != 200) {
                        throw new IllegalStateException("sign-in answered " + response.getStatusCode() + ": "
                                + response.getBody());
                    }
                    return response;
                }, () -> hashOnly.matches(PASSWORD, stored));
                result.print("stack, identity-api handler over DynamoDB Local and KMS");
                // What one SDK call costs the calling thread: the app client's GetItem, outside a request.
                Result call = alternate(measured, 200, () -> services.directory().findClient(stack.clientId()),
                        () -> hashOnly.matches(PASSWORD, stored));
                System.out.printf("one DynamoDB GetItem through AwsClients' client, each after a check: thread CPU median %.3f ms"
                        + "  mean %.3f ms%n", Result.median(call.signIns()), Result.mean(call.signIns()));
                // The same calls back to back: an Argon2id check leaves the caches full of its 19 MiB.
                Result warm = alternate(measured, 0, () -> services.directory().findClient(stack.clientId()),
                        () -> null);
                System.out.printf("one DynamoDB GetItem through AwsClients' client, back to back: thread CPU median %.3f ms"
                        + "  mean %.3f ms%n", Result.median(warm.signIns()), Result.mean(warm.signIns()));
            }
        }
    }

    /** {@code warmUp} rounds, then {@code measured} rounds of one sign-in and one bare check each. */
    private static Result alternate(int measured, int warmUp, Supplier<?> signIn, Supplier<?> check) {
        for (int i = 0; i < warmUp; i++) {
            signIn.get();
            check.get();
        }
        long[] signIns = new long[measured];
        long[] checks = new long[measured];
        for (int i = 0; i < measured; i++) {
            signIns[i] = cpu(signIn);
            checks[i] = cpu(check);
        }
        return new Result(signIns, checks);
    }

    private static long cpu(Supplier<?> work) {
        long before = THREADS.getCurrentThreadCpuTime();
        work.get();
        return THREADS.getCurrentThreadCpuTime() - before;
    }

    private record Result(long[] signIns, long[] checks) {
        void print(String title) {
            double signIn = median(signIns);
            double check = median(checks);
            System.out.printf("%s%n  thread CPU per sign-in  median %.3f ms  mean %.3f ms  (%d sign-ins)%n"
                            + "  one Argon2id check      median %.3f ms  mean %.3f ms%n"
                            + "  sign-in minus check     %.3f ms%n"
                            + "  sign-in / check         %.3f%n",
                    title, signIn, mean(signIns), signIns.length, check, mean(checks), signIn - check, signIn / check);
        }

        static double median(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1e6;
        }

        static double mean(long[] nanos) {
            return Arrays.stream(nanos).average().orElse(0) / 1e6;
        }
    }
}
