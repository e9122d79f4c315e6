package io.cognate.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cognate.local.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single local address clients use. It stands in for the DNS failover record: every request is
 * passed on unchanged to whichever region's gateway the supplier names at that moment. Paths under
 * {@code /_local/} are local-only tools (configuration, outbox) served here directly.
 */
public final class FrontDoor implements AutoCloseable {

    public static final int DEFAULT_PORT = 8080;
    public static final String LOCAL_PREFIX = "/_local/";
    /** Tells a local client which regional endpoint answered. */
    public static final String UPSTREAM_HEADER = "X-Cognate-Upstream";

    private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);
    /** The JDK client refuses to set these itself; it derives them from the request. */
    private static final Set<String> RESTRICTED_REQUEST_HEADERS = Set.of("content-length", "expect", "host");
    /** API Gateway's integration timeout plus a margin, so the gateway's own answer arrives first. */
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(35);

    private final Supplier<URI> activeRegion;
    private final LoopbackServer server;
    private final HttpClient client;
    private final Map<String, HttpHandler> localHandlers = new ConcurrentHashMap<>();

    /**
     * Binds 127.0.0.1:{@code port} (0 picks a free port); {@code activeRegion} returns the base URI of
     * the region currently serving, e.g. {@code http://127.0.0.1:9001}.
     */
    public FrontDoor(int port, Supplier<URI> activeRegion) {
        this.activeRegion = activeRegion;
        server = LoopbackServer.bind("local-front-door", port, this::handle);
        // HTTP/1.1 only: the default would try an h2c upgrade the JDK server does not speak.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Serves {@code path} (exactly, or with sub-paths) locally; it must lie under {@code /_local/}. */
    public FrontDoor register(String path, HttpHandler handler) {
        if (!path.startsWith(LOCAL_PREFIX)) {
            throw new IllegalArgumentException("local paths live under " + LOCAL_PREFIX + ": " + path);
        }
        localHandlers.put(stripTrailingSlash(path), handler);
        return this;
    }

    /** A handler answering {@code body.get()} as JSON; see {@link JsonHttp#json(Supplier)}. */
    public static HttpHandler json(Supplier<?> body) {
        return JsonHttp.json(body);
    }

    public FrontDoor start() {
        server.start();
        log.info("front door listening on {}", uri());
        return this;
    }

    public int port() {
        return server.port();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.close();
        client.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(LOCAL_PREFIX) || path.equals(stripTrailingSlash(LOCAL_PREFIX))) {
                serveLocally(exchange, path);
            } else {
                proxy(exchange, path);
            }
            RequestBodies.discardRest(exchange);
        } catch (IOException | RuntimeException e) {
            log.warn("front door: {} {} failed while answering: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
        }
    }

    private void serveLocally(HttpExchange exchange, String path) throws IOException {
        for (String candidate = stripTrailingSlash(path); candidate.startsWith(LOCAL_PREFIX);
             candidate = candidate.substring(0, candidate.lastIndexOf('/'))) {
            HttpHandler handler = localHandlers.get(candidate);
            if (handler != null) {
                handler.handle(exchange);
                return;
            }
        }
        JsonHttp.sendMessage(exchange, 404, "No local endpoint at " + path);
    }

    private void proxy(HttpExchange exchange, String rawPath) throws IOException {
        // Every region refuses bodies over API Gateway's limit, so the front door answers for them and
        // forwards the others as bytes: no upload is half-streamed when a region answers early or fails.
        Optional<byte[]> body = RequestBodies.declaresMoreThan(exchange, LocalApiGateway.MAX_PAYLOAD_BYTES)
                ? Optional.empty()
                : RequestBodies.readAtMost(exchange.getRequestBody(), LocalApiGateway.MAX_PAYLOAD_BYTES);
        if (body.isEmpty()) {
            JsonHttp.sendMessage(exchange, 413, "Request Entity Too Large");
            return;
        }
        URI base = activeRegion.get();
        if (base == null) {
            JsonHttp.sendMessage(exchange, 502, "Bad Gateway: no active region");
            return;
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(stripTrailingSlash(base.toString()) + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(upstreamRequest(exchange, target, body.get()), BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log.warn("front door: {} did not answer: {}", base, e.toString());
            JsonHttp.sendMessage(exchange, 502, "Bad Gateway: " + base + " did not answer");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonHttp.sendMessage(exchange, 502, "Bad Gateway: interrupted");
            return;
        }
        relay(upstream, exchange, base);
    }

    private HttpRequest upstreamRequest(HttpExchange exchange, URI target, byte[] body) {
        boolean hasBody = exchange.getRequestHeaders().containsKey("Content-Length")
                || exchange.getRequestHeaders().containsKey("Transfer-Encoding");
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(UPSTREAM_TIMEOUT)
                .method(exchange.getRequestMethod(),
                        hasBody ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody());
        Set<String> connectionTokens = connectionTokens(exchange);
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HttpHeaderNames.isHopByHop(lower) && !RESTRICTED_REQUEST_HEADERS.contains(lower)
                    && !connectionTokens.contains(lower) && !lower.equals("x-forwarded-for")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        String peer = exchange.getRemoteAddress().getAddress().getHostAddress();
        String forwardedFor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        request.setHeader("X-Forwarded-For", forwardedFor == null ? peer : forwardedFor + ", " + peer);
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null && !exchange.getRequestHeaders().containsKey("X-Forwarded-Host")) {
            request.setHeader("X-Forwarded-Host", host);
        }
        if (!exchange.getRequestHeaders().containsKey("X-Forwarded-Port")) {
            request.setHeader("X-Forwarded-Port", Integer.toString(port()));
        }
        if (!exchange.getRequestHeaders().containsKey("X-Forwarded-Proto")) {
            request.setHeader("X-Forwarded-Proto", "http");
        }
        return request.build();
    }

    private static Set<String> connectionTokens(HttpExchange exchange) {
        List<String> connection = exchange.getRequestHeaders().getOrDefault("Connection", List.of());
        return connection.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(token -> token.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private void relay(HttpResponse<InputStream> upstream, HttpExchange exchange, URI base) throws IOException {
        upstream.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !HttpHeaderNames.isManagedByServer(name)) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        exchange.getResponseHeaders().set(UPSTREAM_HEADER, base.toString());
        int status = upstream.statusCode();
        long length = upstream.headers().firstValueAsLong("Content-Length").orElse(-2);
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || status == 204 || status == 304 || length == 0;
        try (InputStream body = upstream.body()) {
            if (noBody) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length > 0 ? length : 0); // 0: chunked, length unknown
            try (OutputStream out = exchange.getResponseBody()) {
                body.transferTo(out);
            }
        }
    }

    private static String stripTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
