package io.cognate.local;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The JDK HTTP server on 127.0.0.1 only: what every local endpoint (KMS, Route 53, ARC,
 * EventBridge, API gateway, front door) listens with. Exchanges run on named platform threads, not
 * virtual ones: the JVM reports CPU time and allocation per platform thread only (a virtual
 * thread's goes to whichever carrier ran it), and {@code /_local/usage} splits the stack's CPU by
 * these names ({@link io.cognate.local.usage.ThreadCpuGroups}).
 */
public final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackServer(String threadName, int port, HttpHandler handler) {
        // Idle threads stay 60 s, so a steady load reuses them and their CPU time stays on one counter.
        this.executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name(threadName + "-", 0).factory());
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", handler);
    }

    /** Binds 127.0.0.1:{@code port} (0 picks a free port); nothing is served before {@link #start()}. */
    public static LoopbackServer bind(int port, HttpHandler handler) {
        return bind("local-http", port, handler);
    }

    /** The same, its exchanges on threads named {@code threadName-N}. */
    public static LoopbackServer bind(String threadName, int port, HttpHandler handler) {
        return new LoopbackServer(threadName, port, handler);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening at once and waits briefly for exchanges in flight. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
