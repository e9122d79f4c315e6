package io.cognate.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code ./cognate local}: starts the local stack (two regions unless told otherwise) in the foreground until Ctrl-C. */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalOptions options;
        Optional<LocalOptions> legacyOptions;
        try {
            List<String> rest = new ArrayList<>(List.of(args));
            legacyOptions = legacyPool(rest);
            options = LocalOptions.parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println("cognate local: " + e.getMessage());
            System.err.println("usage: ./cognate local [--front-port N] [--primary-port N] [--secondary-port N]");
            System.err.println("                      [--regions name:port,name:port,...] (priority order; first is the primary)");
            System.err.println("                      [--schedule-seconds N] [--probe-interval-ms N] [--failure-threshold N]");
            System.err.println("                      [--legacy-pool-port N] (a second stack on N, N+1, N+2: a legacy pool to migrate from)");
            System.exit(2);
            return;
        }
        LocalCognate stack = LocalCognate.start(options, System.out);
        Optional<LocalCognate> legacy;
        try {
            legacy = legacyOptions.map(legacyPool -> LocalCognate.start(legacyPool, System.out));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack...");
            legacy.ifPresent(LocalCognate::close);
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.print(stack.banner());
        legacy.ifPresent(pool -> System.out.print(legacyBanner(pool)));
        stopped.await();
    }

    /**
     * {@code --legacy-pool-port N}, taken out of {@code args}: a second local stack on ports N
     * (its front door), N+1 and N+2, with its own tables, keys and pool id, standing in for the
     * live Cognito pool users are moved in from. It speaks Cognito's API as the first does; no
     * scheduler runs in it.
     */
    static Optional<LocalOptions> legacyPool(List<String> args) {
        int at = args.indexOf("--legacy-pool-port");
        if (at < 0) {
            return Optional.empty();
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException("missing value after --legacy-pool-port");
        }
        int port;
        try {
            port = Integer.parseInt(args.get(at + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--legacy-pool-port takes a port number");
        }
        if (port < 1 || port > 65533) {
            throw new IllegalArgumentException("--legacy-pool-port takes a port from 1 to 65533");
        }
        args.remove(at + 1);
        args.remove(at);
        return Optional.of(new LocalOptions(port, List.of(new LocalOptions.RegionSpec("us-east-1", port + 1),
                new LocalOptions.RegionSpec("eu-west-1", port + 2))).withScheduler(false));
    }

    private static String legacyBanner(LocalCognate legacy) {
        return "Legacy pool (a second local stack) is up, to migrate users from.\n"
                + "  front door     " + legacy.frontDoorEndpoint() + "\n"
                + "  user pool id   " + legacy.userPoolId() + "\n"
                + "  app client id  " + legacy.clientId() + "\n"
                + "  admin key      " + legacy.adminAccessKeyId() + "  (secret in " + legacy.frontDoorEndpoint()
                + "/_local/config)\n";
    }
}
