package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpPostClient} against a socket server that writes exactly the bytes each test gives
 * (framings the JDK's HTTP server would never send), and against a TLS server whose certificate
 * {@code keytool} makes for the test.
 */
class HttpPostClientTest {
    private static final List<String> KEPT = List.of("x-amzn-requestid", "x-amz-crc32");

    /** One request as the server read it. */
    record Seen(int connection, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** What the server does with the n-th request (0-based) of the whole test. */
    interface Script {
        /** The bytes to write back; null: close the connection without answering. */
        byte[] answer(int request, Seen seen) throws IOException;

        /** Whether to close the connection after answering. */
        default boolean closeAfter(int request) {
            return false;
        }
    }

    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        for (ServerSocket server : servers) {
            server.close();
        }
    }

    private URL serve(Script script) throws IOException {
        return serve(ServerSocketFactory.getDefault(), "http", "127.0.0.1", script);
    }

    private URL serve(ServerSocketFactory factory, String scheme, String host, Script script) throws IOException {
        ServerSocket server = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        AtomicInteger requests = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    int connection = connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> talk(socket, connection, requests, script));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return URI.create(scheme + "://" + host + ":" + server.getLocalPort() + "/").toURL();
    }

    private void talk(Socket socket, int connection, AtomicInteger requests, Script script) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                var request = new Seen(connection, head, "");
                String length = request.header("content-length");
                byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                request = new Seen(connection, head, new String(body, StandardCharsets.UTF_8));
                seen.add(request);
                int n = requests.getAndIncrement();
                byte[] answer = script.answer(n, request);
                if (answer == null) {
                    return;
                }
                out.write(answer);
                out.flush();
                if (script.closeAfter(n)) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // The client went away.
        }
    }

    private static String head(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    private static byte[] ok(String body, String... headers) {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        text.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpPostClient client() {
        return new HttpPostClient(2_000, 5_000, () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private static Map<String, String> headers(String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/x-amz-json-1.0");
        headers.put("host", host);
        headers.put("x-amz-target", "DynamoDB_20120810.GetItem");
        return headers;
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hostOf(URL url) {
        return url.getHost() + ":" + url.getPort();
    }

    @Test
    void sendsTheHeadersAndBodyAndKeepsTheConnectionForTheNextRequest() throws IOException {
        URL url = serve((n, request) -> ok("{\"n\":" + n + "}", "X-Amzn-RequestId: r" + n, "X-Other: dropped"));
        HttpPostClient client = client();

        HttpPostClient.Reply first = client.post(url, headers(hostOf(url)), body("{\"a\":1}"), KEPT);
        HttpPostClient.Reply second = client.post(url, headers(hostOf(url)), body("{\"a\":2}"), KEPT);

        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":0}");
        assertThat(first.headers()).containsExactly(Map.entry("x-amzn-requestid", "r0"));
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(seen).extracting(Seen::body).containsExactly("{\"a\":1}", "{\"a\":2}");
        assertThat(seen.getFirst().head()).startsWith("POST / HTTP/1.1\r\n");
        assertThat(seen.getFirst().header("host")).isEqualTo(hostOf(url));
        assertThat(seen.getFirst().header("x-amz-target")).isEqualTo("DynamoDB_20120810.GetItem");
        assertThat(seen.getFirst().header("content-length")).isEqualTo("7");
        assertThat(seen).extracting(Seen::connection).containsOnly(seen.getFirst().connection());
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void readsAChunkedAnswerWithExtensionsAndTrailers() throws IOException {
        URL url = serve((n, request) -> ("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n"
                + "x-amz-crc32: 42\r\n\r\n5;name=value\r\n{\"__t\r\n9\r\nype\":\"x\"}\r\n0\r\nTrailer: t\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpPostClient client = client();

        HttpPostClient.Reply reply = client.post(url, headers(hostOf(url)), body("{}"), KEPT);
        client.post(url, headers(hostOf(url)), body("{}"), KEPT);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"__type\":\"x\"}");
        assertThat(reply.headers()).containsExactly(Map.entry("x-amz-crc32", "42"));
        assertThat(connections.get()).as("a chunked answer leaves the connection reusable").isEqualTo(1);
    }

    @Test
    void skipsAnInterimAnswer() throws IOException {
        URL url = serve((n, request) -> ("HTTP/1.1 100 Continue\r\n\r\n"
                + new String(ok("done"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));

        HttpPostClient.Reply reply = client().post(url, headers(hostOf(url)), body("{}"), KEPT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("done");
    }

    @Test
    void opensANewConnectionAfterConnectionClose() throws IOException {
        URL url = serve(new Script() {
            @Override
            public byte[] answer(int request, Seen seen) {
                return ok("x", "Connection: close");
            }

            @Override
            public boolean closeAfter(int request) {
                return true;
            }
        });
        HttpPostClient client = client();

        client.post(url, headers(hostOf(url)), body("{}"), KEPT);
        client.post(url, headers(hostOf(url)), body("{}"), KEPT);

        assertThat(connections.get()).isEqualTo(2);
        assertThat(seen).hasSize(2);
    }

    @Test
    void readsAnUnframedAnswerToTheEndOfTheConnectionAndDoesNotReuseIt() throws IOException {
        URL url = serve(new Script() {
            @Override
            public byte[] answer(int request, Seen seen) {
                return "HTTP/1.1 200 OK\r\n\r\n{\"to\":\"the end\"}".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean closeAfter(int request) {
                return true;
            }
        });
        HttpPostClient client = client();

        HttpPostClient.Reply reply = client.post(url, headers(hostOf(url)), body("{}"), KEPT);
        client.post(url, headers(hostOf(url)), body("{}"), KEPT);

        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"to\":\"the end\"}");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void sendsOnceMoreOnANewConnectionWhenTheServerClosedTheKeptOne() throws IOException {
        // The server answers the first request and closes without saying so: the kept connection
        // is dead when the second request is written, as after an idle timeout on the server.
        URL url = serve(new Script() {
            @Override
            public byte[] answer(int request, Seen seen) {
                return ok("n" + request);
            }

            @Override
            public boolean closeAfter(int request) {
                return request == 0;
            }
        });
        HttpPostClient client = client();

        client.post(url, headers(hostOf(url)), body("{\"a\":1}"), KEPT);
        HttpPostClient.Reply second = client.post(url, headers(hostOf(url)), body("{\"a\":2}"), KEPT);

        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("n1");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void doesNotSendAgainWhenAFreshConnectionClosesWithoutAnAnswer() throws IOException {
        URL url = serve((n, request) -> null);

        assertThatThrownBy(() -> client().post(url, headers(hostOf(url)), body("{}"), KEPT))
                .isInstanceOf(EOFException.class);
        assertThat(seen).as("a write the server may have made is not sent twice").hasSize(1);
    }

    @Test
    void doesNotSendAgainWhenAKeptConnectionBreaksInsideTheAnswer() throws IOException {
        URL url = serve(new Script() {
            @Override
            public byte[] answer(int request, Seen seen) {
                return request == 0 ? ok("first")
                        : "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean closeAfter(int request) {
                return request == 1;
            }
        });
        HttpPostClient client = client();
        client.post(url, headers(hostOf(url)), body("{}"), KEPT);

        assertThatThrownBy(() -> client.post(url, headers(hostOf(url)), body("{}"), KEPT))
                .isInstanceOf(EOFException.class);
        assertThat(seen).as("an answer had begun: the server got the request").hasSize(2);
    }

    @Test
    void refusesMalformedOrAmbiguousAnswers() throws IOException {
        List<String> answers = List.of(
                "HTTP/2 200 OK\r\n\r\n",
                "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n",
                "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcde\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: " + (HttpPostClient.MAX_BODY + 1) + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n");
        for (String answer : answers) {
            URL url = serve((n, request) -> answer.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> client().post(url, headers(hostOf(url)), body("{}"), KEPT))
                    .as(answer.lines().findFirst().orElseThrow())
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void refusesHeaderValuesThatWouldStartAnotherHeader() throws IOException {
        URL url = serve((n, request) -> ok("x"));
        Map<String, String> injected = headers(hostOf(url));
        injected.put("x-amz-security-token", "token\r\nx-amz-target: DynamoDB_20120810.DeleteTable");
        Map<String, String> badName = headers(hostOf(url));
        badName.put("x amz", "v");
        Map<String, String> framing = headers(hostOf(url));
        framing.put("Transfer-Encoding", "chunked");

        for (Map<String, String> headers : List.of(injected, badName, framing)) {
            assertThatThrownBy(() -> client().post(url, headers, body("{}"), KEPT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void timesOutOnAServerThatNeverAnswers() throws IOException {
        URL url = serve((n, request) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        var impatient = new HttpPostClient(2_000, 200, () -> (SSLSocketFactory) SSLSocketFactory.getDefault());

        assertThatThrownBy(() -> impatient.post(url, headers(hostOf(url)), body("{}"), KEPT))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void dropsIdleConnectionsWhenAsked() throws IOException {
        URL url = serve((n, request) -> ok("x"));
        HttpPostClient client = client();
        client.post(url, headers(hostOf(url)), body("{}"), KEPT);

        client.closeIdle();
        client.post(url, headers(hostOf(url)), body("{}"), KEPT);

        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void speaksTlsCheckingTheChainAndTheHostName(@TempDir Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        Path keys = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", new String(password))
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keys.toFile())) {
            store.load(in, password);
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);
        var trusting = new HttpPostClient(2_000, 5_000, clientContext::getSocketFactory);

        URL byName = serve(serverContext.getServerSocketFactory(), "https", "localhost", (n, request) -> ok("secret"));
        HttpPostClient.Reply reply = trusting.post(byName, headers(hostOf(byName)), body("{}"), KEPT);
        trusting.post(byName, headers(hostOf(byName)), body("{}"), KEPT);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(connections.get()).as("the TLS connection is kept too").isEqualTo(1);

        // The certificate names localhost, not the address: the host-name check refuses it.
        URL byAddress = URI.create("https://127.0.0.1:" + byName.getPort() + "/").toURL();
        assertThatThrownBy(() -> trusting.post(byAddress, headers(hostOf(byAddress)), body("{}"), KEPT))
                .isInstanceOf(SSLHandshakeException.class);
        // A client trusting only the JDK's authorities refuses the self-signed certificate.
        assertThatThrownBy(() -> client().post(byName, headers(hostOf(byName)), body("{}"), KEPT))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(seen).as("nothing sent over a connection that failed its checks").hasSize(2);
        assertThat(byName.getHost().toLowerCase(Locale.ROOT)).isEqualTo("localhost");
    }
}
