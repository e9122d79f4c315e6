package io.cognate.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cognate.local.LoopbackServer;
import io.cognate.local.usage.LocalUsage;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for one region's API Gateway HTTP API with Lambda proxy integrations. Each
 * request becomes a payload-format-2.0 event in JSON, goes through the Lambda runtime's serializer
 * into the route's handler, and the handler's response is mapped back the way API Gateway does,
 * including its own 404, 413, 429 (a throttled route), 500 and 503 answers.
 *
 * <p>Handlers are called concurrently, unlike one Lambda execution environment; they must be
 * thread-safe. Routes may be added while serving.
 */
public final class LocalApiGateway implements AutoCloseable {

    /** API Gateway refuses request payloads over 10 MB. */
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LocalApiGateway.class);
    /** The route the regions probe each other's health on. */
    private static final String HEALTH_PATH = "/health";

    private final String region;
    private final String apiId = randomApiId();
    private final LoopbackServer server;
    private final HttpApiEventFactory events;
    private volatile List<Route> routes = List.of();
    private volatile List<LocalRoute> localRoutes = List.of();
    private final Map<String, RouteThrottle> throttles = new ConcurrentHashMap<>();
    private volatile boolean unavailable;
    private volatile boolean healthUnreachable;

    /** Binds 127.0.0.1:{@code port} (0 picks a free port); call {@link #start()} to serve. */
    public LocalApiGateway(String region, int port) {
        this.region = region;
        this.events = new HttpApiEventFactory(LocalLambdaContext.LOCAL_ACCOUNT_ID, apiId, region);
        server = LoopbackServer.bind("local-gateway-" + region, port, this::handle);
    }

    /** Routes {@code routeKey} (e.g. {@code "POST /"}, {@code "ANY /demo/{proxy+}"}) to a function named after the handler class. */
    public LocalApiGateway route(String routeKey,
                                 RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return route(routeKey, handler.getClass().getSimpleName(), handler);
    }

    public LocalApiGateway route(String routeKey, String functionName,
                                 RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return route(routeKey, functionName, handler, null);
    }

    /** A route protected by a Lambda authorizer, which runs before the route's function (null: none). */
    public synchronized LocalApiGateway route(String routeKey, String functionName,
                                              RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                              LambdaAuthorizer authorizer) {
        RouteKey key = RouteKey.parse(routeKey);
        List<Route> updated = new ArrayList<>(routes);
        updated.removeIf(route -> route.key().key().equals(key.key()));
        updated.add(new Route(key, new LambdaInvoker(functionName, handler), authorizer));
        updated.sort((a, b) -> RouteKey.MOST_SPECIFIC_FIRST.compare(a.key(), b.key()));
        routes = List.copyOf(updated);
        return this;
    }

    /**
     * Throttles {@code routeKey} as a stage's route settings do on AWS ({@code ThrottlingRateLimit},
     * {@code ThrottlingBurstLimit}): requests over the limit are answered 429 {@code Too Many
     * Requests} by the gateway, without invoking the function. {@code clock} refills the bucket.
     */
    public LocalApiGateway throttle(String routeKey, double ratePerSecond, int burst, Clock clock) {
        throttles.put(RouteKey.parse(routeKey).key(), new RouteThrottle(ratePerSecond, burst, clock));
        return this;
    }

    /**
     * Serves {@code pathPrefix} (the path itself and everything below it) with a plain JDK handler
     * instead of a Lambda route: for local-only endpoints that have no API Gateway counterpart.
     */
    public synchronized LocalApiGateway localRoute(String pathPrefix, HttpHandler handler) {
        List<LocalRoute> updated = new ArrayList<>(localRoutes);
        updated.add(new LocalRoute(pathPrefix, handler));
        localRoutes = List.copyOf(updated);
        return this;
    }

    public LocalApiGateway start() {
        server.start();
        log.info("API Gateway for {} listening on {}", region, uri());
        return this;
    }

    /** While true, every request answers 503 as an API Gateway in a failed region would. */
    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    public boolean isUnavailable() {
        return unavailable;
    }

    /**
     * While true, {@code GET /health} answers 503 and every other route serves as usual: what the
     * other regions' health probes see when the link between the regions is cut while clients still
     * reach this one (a split brain's first half).
     */
    public void setHealthUnreachable(boolean unreachable) {
        this.healthUnreachable = unreachable;
    }

    public boolean isHealthUnreachable() {
        return healthUnreachable;
    }

    public String region() {
        return region;
    }

    public String apiId() {
        return apiId;
    }

    public int port() {
        return server.port();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:49152}, with no trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Feeds an event in HTTP API 2.0 JSON (such as the samples kept in {@code events/}) through the
     * same serializer, handler and response mapping as a real request. The route is the one named
     * by the event's {@code routeKey}, or else the one matching its method and {@code rawPath}.
     */
    public GatewayResponse invoke(String eventJson) {
        JsonNode event;
        try {
            event = JsonHttp.MAPPER.readTree(eventJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON", e);
        }
        String routeKey = event.path("routeKey").asText("");
        String method = event.path("requestContext").path("http").path("method").asText("");
        String rawPath = event.path("rawPath").asText("/");
        Optional<Route> route = routes.stream().filter(r -> r.key().key().equals(routeKey)).findFirst()
                .or(() -> findRoute(method, rawPath).map(RouteMatch::route));
        return route.map(r -> invokeFunction(r, eventJson)).orElseGet(GatewayResponse::notFound);
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) {
        String requestId = RequestIds.next();
        try (exchange) {
            if (unavailable) {
                GatewayResponse.serviceUnavailable().writeTo(exchange, requestId);
                RequestBodies.discardRest(exchange);
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            if (healthUnreachable && HEALTH_PATH.equals(rawPath)) {
                GatewayResponse.serviceUnavailable().writeTo(exchange, requestId);
                RequestBodies.discardRest(exchange);
                return;
            }
            Optional<LocalRoute> local = localRoutes.stream().filter(r -> r.covers(rawPath)).findFirst();
            if (local.isPresent()) {
                local.get().handler().handle(exchange);
                RequestBodies.discardRest(exchange);
                return;
            }
            GatewayResponse response = respond(exchange, rawPath, requestId);
            response.writeTo(exchange, requestId);
            RequestBodies.discardRest(exchange);
            log.debug("{} {} {} -> {}", region, exchange.getRequestMethod(), rawPath, response.statusCode());
        } catch (IOException | RuntimeException e) {
            log.warn("{}: request {} failed while answering: {}", region, requestId, e.toString());
        }
    }

    private GatewayResponse respond(HttpExchange exchange, String rawPath, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        Optional<RouteMatch> match = findRoute(method, rawPath);
        if (match.isEmpty()) {
            return GatewayResponse.notFound();
        }
        LocalUsage.jvm().countApiRequest();
        RouteThrottle throttle = throttles.get(match.get().route().key().key());
        if (throttle != null && !throttle.admit()) {
            return GatewayResponse.tooManyRequests();
        }
        if (RequestBodies.declaresMoreThan(exchange, MAX_PAYLOAD_BYTES)) {
            return GatewayResponse.payloadTooLarge();
        }
        Optional<byte[]> body = RequestBodies.readAtMost(exchange.getRequestBody(), MAX_PAYLOAD_BYTES);
        if (body.isEmpty()) {
            return GatewayResponse.payloadTooLarge();
        }
        IncomingRequest request = new IncomingRequest(method, rawPath, exchange.getRequestURI().getRawQuery(),
                exchange.getProtocol(), exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getLocalAddress().getPort(), exchange.getRequestHeaders(), body.get());
        RouteMatch routeMatch = match.get();
        String eventJson = events.toJson(request, routeMatch.route().key(), routeMatch.pathParameters(),
                requestId, Instant.now());
        return invokeFunction(routeMatch.route(), eventJson);
    }

    private Optional<RouteMatch> findRoute(String method, String rawPath) {
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.key().match(method, rawPath);
            if (parameters.isPresent()) {
                return Optional.of(new RouteMatch(route, parameters.get()));
            }
        }
        return Optional.empty();
    }

    /** Any failure of the function, or a response API Gateway cannot read, is API Gateway's 500. */
    private GatewayResponse invokeFunction(Route route, String eventJson) {
        if (route.authorizer() != null) {
            var outcome = route.authorizer().authorize(eventJson, region, LocalLambdaContext.LOCAL_ACCOUNT_ID, apiId);
            if (outcome.refusal() != null) {
                return outcome.refusal();
            }
            eventJson = outcome.eventJson();
        }
        LambdaInvoker function = route.function();
        try {
            String responseJson = function.invoke(eventJson, new LocalLambdaContext(function.functionName(), region));
            return GatewayResponse.fromLambdaResponse(responseJson);
        } catch (Throwable failure) { // the Lambda runtime reports any Throwable as a failed invocation
            log.error("{}: function {} failed on route {}", region, function.functionName(), route.key(), failure);
            return GatewayResponse.internalServerError();
        }
    }

    /** API Gateway ids are ten lower-case letters and digits. */
    private static String randomApiId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private record Route(RouteKey key, LambdaInvoker function, LambdaAuthorizer authorizer) {
    }

    private record RouteMatch(Route route, Map<String, String> pathParameters) {
    }

    private record LocalRoute(String pathPrefix, HttpHandler handler) {

        boolean covers(String path) {
            String prefix = pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }
}
