package io.cognate.local.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the JSON event API Gateway HTTP APIs send to a Lambda integration in payload format 2.0,
 * following the documented rules: header names lower-cased and repeated values joined by commas,
 * cookies moved out of the headers, query values decoded and joined, and bodies base64-encoded
 * unless their content type is textual.
 */
final class HttpApiEventFactory {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private static final Set<String> TEXTUAL_APPLICATION_TYPES = Set.of(
            "application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1",
            "application/javascript", "application/xml", "application/x-www-form-urlencoded");

    private final String accountId;
    private final String apiId;
    private final String region;

    HttpApiEventFactory(String accountId, String apiId, String region) {
        this.accountId = accountId;
        this.apiId = apiId;
        this.region = region;
    }

    String toJson(IncomingRequest request, RouteKey route, Map<String, String> pathParameters,
                  String requestId, Instant receivedAt) {
        Map<String, String> headers = headers(request);
        List<String> cookies = cookies(request);
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();

        ObjectNode event = JsonHttp.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.key());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) {
            ArrayNode cookieArray = event.putArray("cookies");
            cookies.forEach(cookieArray::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        Map<String, String> query = queryStringParameters(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }

        String domainName = headers.getOrDefault("x-forwarded-host",
                headers.getOrDefault("host", apiId + ".execute-api." + region + ".amazonaws.com"));
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", apiId);
        context.put("domainName", domainName);
        context.put("domainPrefix", domainPrefix(domainName));
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", sourceIp(headers, request.peerIp()));
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", route.key());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(receivedAt));
        context.put("timeEpoch", receivedAt.toEpochMilli());

        if (!pathParameters.isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach(parameters::put);
        }
        boolean base64 = request.body().length > 0 && !isTextual(headers.get("content-type"));
        if (request.body().length > 0) {
            event.put("body", base64
                    ? Base64.getEncoder().encodeToString(request.body())
                    : new String(request.body(), StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", base64);
        return event.toString();
    }

    private static Map<String, String> headers(IncomingRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("cookie")) {
                headers.merge(lower, String.join(",", values), (first, second) -> first + "," + second);
            }
        });
        // API Gateway adds these; a front door in front of the gateway may already have set them.
        headers.putIfAbsent("x-forwarded-for", request.peerIp());
        headers.putIfAbsent("x-forwarded-port", Integer.toString(request.localPort()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        // On AWS the front door is DNS (Route 53), which leaves the Host header as the client
        // sent it, and a SigV4 signature covers that host: the region sees what the client sent.
        String forwardedHost = headers.get("x-forwarded-host");
        if (forwardedHost != null) {
            headers.put("host", forwardedHost);
        }
        return headers;
    }

    private static List<String> cookies(IncomingRequest request) {
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                }
            }
        });
        return cookies;
    }

    static Map<String, String> queryStringParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return text;
        }
    }

    /**
     * The gateway only listens on loopback, where the front door stands in for DNS routing, so the
     * client address it forwards is trusted.
     */
    private static String sourceIp(Map<String, String> headers, String peerIp) {
        String forwardedFor = headers.get("x-forwarded-for");
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return peerIp;
        }
        return forwardedFor.split(",")[0].strip();
    }

    private static String domainPrefix(String domainName) {
        String host = domainName.replaceFirst(":\\d+$", "");
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    static boolean isTextual(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/")
                || TEXTUAL_APPLICATION_TYPES.contains(mediaType)
                || mediaType.endsWith("+json")
                || mediaType.endsWith("+xml");
    }
}
