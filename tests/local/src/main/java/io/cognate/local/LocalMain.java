package io.cognate.local;

import java.util.concurrent.CountDownLatch;

/** {@code ./cognate local}: starts the local stack (two regions unless told otherwise) in the foreground until Ctrl-C. */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cognate local: " + e.getMessage());
            System.err.println("usage: ./cognate local [--front-port N] [--primary-port N] [--secondary-port N]");
            System.err.println("                      [--regions name:port,name:port,...] (priority order; first is the primary)");
            System.err.println("                      [--schedule-seconds N] [--probe-interval-ms N] [--failure-threshold N]");
            System.exit(2);
            return;
        }
        LocalCognate stack = LocalCognate.start(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack...");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.print(stack.banner());
        stopped.await();
    }
}
