package io.cognate.local.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.cognate.local.LocalCredentials;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * An in-memory DynamoDB Local server running inside this JVM, standing in for DynamoDB in one region.
 *
 * <p>Listens on 127.0.0.1 only. Its clients use static "local" credentials and the CRT HTTP client.
 */
public final class LocalDynamoDb implements AutoCloseable {

  /** System property sqlite4java reads to find its native library; DynamoDB Local cannot store anything without it. */
  public static final String SQLITE_LIBRARY_PATH = "sqlite4java.library.path";

  private static final Logger log = LoggerFactory.getLogger(LocalDynamoDb.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int START_ATTEMPTS = 3;
  /** What this server's threads are named after: {@code local-dynamodb-REGION...}. */
  public static final String THREAD_PREFIX = "local-dynamodb-";
  private static final String JOB_PACKAGE = "com.amazonaws.services.dynamodbv2.local.shared.jobs";

  // Starts are serialised so that each server can tell which background job threads are its own (see close()).
  private static final Object START_LOCK = new Object();

  private final String region;
  private final int port;
  private final DynamoDBProxyServer server;
  private final Set<Thread> serverThreads = new HashSet<>();
  private final SdkHttpClient httpClient;
  private final DynamoDbClient client;
  private final DynamoDbStreamsClient streamsClient;
  private boolean closed;

  private LocalDynamoDb(String region, int port, DynamoDBProxyServer server) {
    this.region = region;
    this.port = port;
    this.server = server;
    this.httpClient = AwsCrtHttpClient.builder().build();
    this.client = DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(region))
        .credentialsProvider(LocalCredentials.PROVIDER)
        .httpClient(httpClient)
        .build();
    this.streamsClient = DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(region))
        .credentialsProvider(LocalCredentials.PROVIDER)
        .httpClient(httpClient)
        .build();
  }

  /** Starts a server for {@code region} on a free port. */
  public static LocalDynamoDb start(String region) {
    return start(region, 0);
  }

  /**
   * Starts a server on a free port that serves one database to every client, whatever region its
   * requests are signed for ({@code -sharedDb}): the one copy of a strongly consistent table that
   * every region reaches ({@link StrongConsistencyTable}). {@code label} names its threads and logs.
   */
  public static LocalDynamoDb startShared(String label) {
    requireSqliteNatives();
    RuntimeException lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOn(label, freePort(), true);
      } catch (RuntimeException e) {
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /** Starts a server for {@code region} on {@code port}; 0 picks a free port. */
  public static LocalDynamoDb start(String region, int port) {
    requireSqliteNatives();
    RuntimeException lastFailure = null;
    // A port found free can be taken by someone else before the server binds it; then try another one.
    for (int attempt = 1; attempt <= (port == 0 ? START_ATTEMPTS : 1); attempt++) {
      int candidate = port == 0 ? freePort() : port;
      try {
        return startOn(region, candidate, false);
      } catch (RuntimeException e) {
        lastFailure = e;
        log.warn("DynamoDB Local for {} did not start on port {}: {}", region, candidate, e.getMessage());
      }
    }
    throw lastFailure;
  }

  private static LocalDynamoDb startOn(String region, int port, boolean shared) {
    synchronized (START_LOCK) {
      Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
      DynamoDBProxyServer server;
      boolean listening;
      try {
        String[] args = shared
            ? new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"}
            : new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"};
        server = ServerRunner.createServerFromCommandLineArgs(args);
        Server jetty = restrictToLoopback(server);
        if (jetty != null && jetty.getThreadPool() instanceof QueuedThreadPool pool) {
          pool.setName(THREAD_PREFIX + region); // so /_local/usage can tell this server's CPU time apart
        }
        server.start(); // reports a bind failure on stderr instead of throwing, hence the check below
        listening = jetty != null ? jetty.isStarted() : accepts(port);
      } catch (Exception e) {
        throw new IllegalStateException("could not start DynamoDB Local on port " + port + ": " + e, e);
      }
      if (!listening) {
        stopQuietly(server, threadsStartedSince(before));
        throw new IllegalStateException("DynamoDB Local could not listen on " + LOOPBACK + ":" + port);
      }
      var db = new LocalDynamoDb(region, port, server);
      RuntimeException failure = null;
      try {
        // DynamoDB Local starts its streams machinery, with a job thread, on the first Streams request: make that
        // request now, so that the thread is among those close() knows to be this server's.
        db.streamsClient.listStreams();
      } catch (RuntimeException e) {
        failure = e;
      }
      db.serverThreads.addAll(threadsStartedSince(before));
      // DynamoDB Local's own job threads carry generic names; give them this server's prefix too.
      for (Thread thread : db.serverThreads) {
        if (!thread.getName().startsWith(THREAD_PREFIX)) {
          thread.setName(THREAD_PREFIX + region + "-" + thread.getName());
        }
      }
      if (failure != null) {
        db.close();
        throw failure;
      }
      log.info("DynamoDB Local for {} listening on {}", region, db.endpoint());
      return db;
    }
  }

  private static Set<Thread> threadsStartedSince(Set<Thread> before) {
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    return started;
  }

  /** The region name this server stands in for; its clients are configured with it. */
  public String region() {
    return region;
  }

  public int port() {
    return port;
  }

  public URI endpoint() {
    return URI.create("http://" + LOOPBACK + ":" + port);
  }

  /** A client for this server; owned by this object, closed by {@link #close()}. */
  public DynamoDbClient client() {
    return client;
  }

  /** A DynamoDB Streams client for this server; owned by this object, closed by {@link #close()}. */
  public DynamoDbStreamsClient streamsClient() {
    return streamsClient;
  }

  /** Stops the server (its data is gone) and closes its clients. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
    streamsClient.close();
    httpClient.close();
    stopQuietly(server, serverThreads);
  }

  private static void stopQuietly(DynamoDBProxyServer server, Set<Thread> serverThreads) {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping DynamoDB Local failed", e);
    }
    // DynamoDB Local cancels its background jobs on stop, but a job scheduler only notices after its current
    // sleep (up to 7.5 minutes), and its thread is not a daemon, so it would keep the JVM alive. Wake it.
    for (Thread thread : serverThreads) {
      if (thread.isAlive() && runsLocalJob(thread)) {
        thread.interrupt();
      }
    }
  }

  private static boolean runsLocalJob(Thread thread) {
    return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith(JOB_PACKAGE));
  }

  /**
   * DynamoDB Local's command line has no bind address and its Jetty server listens on every interface; a dev
   * database with no authentication should not be reachable from the network, so restrict it to loopback. Returns
   * the Jetty server, or null if this DynamoDB Local version hides it differently.
   */
  private static Server restrictToLoopback(DynamoDBProxyServer proxy) {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server jetty = (Server) field.get(proxy);
      for (Connector connector : jetty.getConnectors()) {
        if (connector instanceof ServerConnector serverConnector) {
          serverConnector.setHost(LOOPBACK);
        }
      }
      return jetty;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("could not restrict DynamoDB Local to {}; it listens on all interfaces ({})", LOOPBACK, e.toString());
      return null;
    }
  }

  private static void requireSqliteNatives() {
    String path = System.getProperty(SQLITE_LIBRARY_PATH);
    String hint = "DynamoDB Local needs the sqlite4java native library: start the JVM with -D" + SQLITE_LIBRARY_PATH
        + "=<directory holding libsqlite4java-*.so/.dylib/.dll> (the Maven build copies them to"
        + " tests/target/native-libs at generate-resources; ./cognate and the tests module's surefire set it).";
    if (path == null || path.isBlank()) {
      throw new IllegalStateException("system property " + SQLITE_LIBRARY_PATH + " is not set. " + hint);
    }
    Path dir = Path.of(path);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(SQLITE_LIBRARY_PATH + "=" + path + " is not a directory. " + hint);
    }
    try (var files = Files.list(dir)) {
      if (files.noneMatch(f -> f.getFileName().toString().contains("sqlite4java"))) {
        throw new IllegalStateException(SQLITE_LIBRARY_PATH + "=" + path + " holds no sqlite4java library. " + hint);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SQLITE_LIBRARY_PATH + "=" + path + ". " + hint, e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free local port", e);
    }
  }

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "LocalDynamoDb[" + region + " " + endpoint() + "]";
  }
}
