package io.cognate.adapters.aws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 POSTs of one small body each over kept-alive sockets, plain or TLS: the one exchange
 * {@link SigV4JsonRequests} makes. It replaces the JDK's {@code HttpURLConnection}, whose general
 * machinery (proxy selection, cookie and cache handlers, a URL parsed and header maps built and
 * copied on every call) a JFR recording of {@code SignInCpuMain stack} put at about 40 % of a
 * sign-in's CPU beyond the Argon2id check: 73 of the 180 samples, over eleven exchanges.
 *
 * <p>What it keeps from the JDK's client: a connection is reused while it has been idle less than
 * {@link #KEEP_ALIVE_NANOS} (the JDK's default when the server names no keep-alive time), at most
 * {@link #MAX_IDLE_PER_ORIGIN} idle per origin (its {@code http.maxConnections} default), and a
 * request that fails on a reused connection before any byte of the answer arrived is sent once more
 * on a new one (the server closed the idle socket; the JDK does the same for POSTs). TLS checks the
 * certificate chain and the host name ({@code HTTPS} endpoint identification). No proxy is used:
 * the functions call AWS's endpoints directly.
 */
final class HttpPostClient {
    /** The JDK's keep-alive time for a server that names none. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The JDK's {@code http.maxConnections} default. */
    static final int MAX_IDLE_PER_ORIGIN = 5;
    /** Longer status or header lines are refused: AWS's are well under 1 KiB. */
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    /** DynamoDB answers at most 16 MiB (BatchGetItem); a longer body is refused rather than buffered. */
    static final int MAX_BODY = 32 * 1024 * 1024;

    /** The client {@link SigV4JsonRequests} posts through, with the SDK URL-connection client's timeouts. */
    static final HttpPostClient SHARED = new HttpPostClient(2_000, 30_000,
            () -> (SSLSocketFactory) SSLSocketFactory.getDefault());

    /** The answer: status, body and the headers the caller asked for (names in lower case). */
    record Reply(int status, byte[] body, Map<String, String> headers) {
    }

    /** Where sockets come from for {@code https}; a supplier so a plain-HTTP process never loads TLS. */
    interface TlsSockets {
        SSLSocketFactory factory();
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        /** Buffered so that a request's head and body leave in one write (one system call) when they fit. */
        final OutputStream out;
        long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing to do about a socket that will not close.
            }
        }
    }

    /** The request went out on a reused connection and nothing came back: the server had closed it. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final TlsSockets tls;
    /** Idle connections by origin, the most recently used first; each deque guarded by itself. */
    private final Map<String, ArrayDeque<Connection>> idle = new ConcurrentHashMap<>();

    HttpPostClient(int connectTimeoutMs, int readTimeoutMs, TlsSockets tls) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.tls = tls;
    }

    /**
     * POSTs {@code body} to {@code url} with {@code headers} (a {@code host} header among them is
     * sent as given: it is the one the request was signed with) and returns the answer, keeping
     * those of its headers named in {@code keptHeaders} (lower case). Throws when it could not
     * connect, send or read a whole answer.
     */
    Reply post(URL url, Map<String, String> headers, byte[] body, List<String> keptHeaders) throws IOException {
        String scheme = url.getProtocol();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("not an http or https URL: " + url);
        }
        int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
        String origin = scheme + "://" + url.getHost() + ":" + port;
        byte[] request = request(url, headers, body.length);
        Connection kept = takeIdle(origin);
        if (kept != null) {
            try {
                return exchange(kept, origin, request, body, keptHeaders, true);
            } catch (StaleConnection closedByServer) {
                // Sent again below, once, on a new connection.
            }
        }
        return exchange(open(scheme, url.getHost(), port), origin, request, body, keptHeaders, false);
    }

    /** Closes every idle connection (a SnapStart snapshot should hold none). */
    void closeIdle() {
        idle.values().forEach(connections -> {
            List<Connection> closing;
            synchronized (connections) {
                closing = List.copyOf(connections);
                connections.clear();
            }
            closing.forEach(Connection::close);
        });
    }

    private Connection takeIdle(String origin) {
        ArrayDeque<Connection> connections = idle.get(origin);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        while (true) {
            Connection c;
            synchronized (connections) {
                // The most recently used first: the one least likely to have been closed by the server.
                c = connections.pollFirst();
            }
            if (c == null) {
                return null;
            }
            if (now - c.idleSince < KEEP_ALIVE_NANOS) {
                return c;
            }
            c.close();
        }
    }

    private void keep(String origin, Connection connection) {
        connection.idleSince = System.nanoTime();
        ArrayDeque<Connection> connections = idle.computeIfAbsent(origin, o -> new ArrayDeque<>());
        Connection oldest = null;
        synchronized (connections) {
            connections.addFirst(connection);
            if (connections.size() > MAX_IDLE_PER_ORIGIN) {
                oldest = connections.pollLast();
            }
        }
        if (oldest != null) {
            oldest.close();
        }
    }

    private Connection open(String scheme, String host, int port) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMs);
            if ("https".equals(scheme)) {
                // The layered socket sends the host as SNI; endpoint identification checks the name.
                var tlsSocket = (SSLSocket) tls.factory().createSocket(socket, host, port, true);
                SSLParameters parameters = tlsSocket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tlsSocket.setSSLParameters(parameters);
                tlsSocket.startHandshake();
                return new Connection(tlsSocket);
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException failed) {
            socket.close();
            throw failed;
        }
    }

    private Reply exchange(Connection connection, String origin, byte[] request, byte[] body,
                           List<String> keptHeaders, boolean reused) throws IOException {
        boolean answered = false;
        try {
            try {
                connection.out.write(request);
                connection.out.write(body);
                connection.out.flush();
            } catch (IOException unsent) {
                throw reused ? new StaleConnection(unsent) : unsent;
            }
            int first;
            try {
                first = connection.in.read();
            } catch (SocketTimeoutException slow) {
                throw slow;
            } catch (IOException reset) {
                throw reused ? new StaleConnection(reset) : reset;
            }
            if (first == -1) {
                var closed = new EOFException("the server closed the connection without answering");
                throw reused ? new StaleConnection(closed) : closed;
            }
            Answer answer = read(connection.in, first, keptHeaders);
            answered = answer.reusable();
            if (answered) {
                keep(origin, connection);
            }
            return answer.reply();
        } finally {
            if (!answered) {
                connection.close();
            }
        }
    }

    private record Answer(Reply reply, boolean reusable) {
    }

    private static Answer read(InputStream in, int first, List<String> keptHeaders) throws IOException {
        String statusLine = line(in, first);
        int status;
        Map<String, String> kept;
        long contentLength;
        boolean chunked;
        boolean close;
        while (true) {
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new ProtocolException("not an HTTP/1.x status line");
            }
            status = statusCode(statusLine);
            close = statusLine.charAt(7) == '0';
            kept = new LinkedHashMap<>();
            contentLength = -1;
            chunked = false;
            for (int count = 0; ; count++) {
                String header = line(in, in.read());
                if (header.isEmpty()) {
                    break;
                }
                if (count == MAX_HEADERS) {
                    throw new ProtocolException("more than " + MAX_HEADERS + " headers");
                }
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new ProtocolException("a header line without a name");
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = contentLength(value, contentLength);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    case "connection" -> close |= value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
                if (keptHeaders.contains(name)) {
                    kept.put(name, value);
                }
            }
            // 100 Continue and other interim answers precede the real one.
            if (status >= 200 || status == 101) {
                break;
            }
            statusLine = line(in, in.read());
        }
        byte[] body;
        boolean framed = true;
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = chunkedBody(in);
        } else if (contentLength >= 0) {
            if (contentLength > MAX_BODY) {
                throw new ProtocolException("an answer of " + contentLength + " bytes");
            }
            body = in.readNBytes((int) contentLength);
            if (body.length != contentLength) {
                throw new EOFException("the answer ended after " + body.length + " of " + contentLength + " bytes");
            }
        } else {
            // Neither length nor chunks: the body runs to the end of the connection.
            body = bounded(in);
            framed = false;
        }
        return new Answer(new Reply(status, body, kept), framed && !close);
    }

    private static int statusCode(String statusLine) throws ProtocolException {
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("a status code that is not three digits");
            }
            code = code * 10 + (c - '0');
        }
        if (statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
            throw new ProtocolException("a status code that is not three digits");
        }
        return code;
    }

    private static long contentLength(String value, long before) throws ProtocolException {
        long length;
        try {
            length = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProtocolException("a Content-Length that is not a number");
        }
        // Two different lengths are how responses are smuggled: refuse rather than pick one.
        if (length < 0 || (before >= 0 && before != length)) {
            throw new ProtocolException("a negative or conflicting Content-Length");
        }
        return length;
    }

    private static byte[] chunkedBody(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, in.read());
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new ProtocolException("a chunk size that is not hexadecimal");
            }
            if (size == 0) {
                // Trailers, if any, up to the empty line.
                for (int count = 0; !line(in, in.read()).isEmpty(); count++) {
                    if (count == MAX_HEADERS) {
                        throw new ProtocolException("more than " + MAX_HEADERS + " trailers");
                    }
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new ProtocolException("an answer of more than " + MAX_BODY + " bytes");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw new EOFException("a chunk ended early");
            }
            body.write(chunk);
            if (!line(in, in.read()).isEmpty()) {
                throw new ProtocolException("a chunk not followed by CRLF");
            }
        }
    }

    private static byte[] bounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new ProtocolException("an answer of more than " + MAX_BODY + " bytes");
        }
        return body;
    }

    /** One line from {@code first} (already read) to CRLF or LF, without it; ISO-8859-1 as HTTP's header octets. */
    private static String line(InputStream in, int first) throws IOException {
        var line = new StringBuilder(64);
        int b = first;
        while (true) {
            if (b == -1) {
                throw new EOFException("the answer ended inside its head");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new ProtocolException("a head line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
            b = in.read();
        }
    }

    /** The request's head: request line, the caller's headers (validated) and the body's length. */
    private static byte[] request(URL url, Map<String, String> headers, int bodyLength) {
        String path = url.getFile().isEmpty() ? "/" : url.getFile();
        var head = new StringBuilder(256 + 128 * headers.size());
        head.append("POST ").append(path).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            checkToken(name);
            checkValue(name, header.getValue());
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                    || name.equalsIgnoreCase("connection")) {
                throw new IllegalArgumentException("the client writes " + name + " itself");
            }
            host |= name.equalsIgnoreCase("host");
            head.append(name).append(": ").append(header.getValue()).append("\r\n");
        }
        if (!host) {
            int port = url.getPort();
            head.append("host: ").append(url.getHost()).append(port == -1 ? "" : ":" + port).append("\r\n");
        }
        head.append("content-length: ").append(bodyLength).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void checkToken(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("a header name with a character HTTP does not allow");
            }
        }
    }

    /** No control characters (a CR or LF would start a header of the value's choosing) and no non-Latin-1. */
    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("header " + name + " holds a character HTTP does not allow");
            }
        }
    }
}
