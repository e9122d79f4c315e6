package io.cognate.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading API Gateway HTTP API (payload 2.0) events and building their responses. */
public final class HttpApiEvents {
    private HttpApiEvents() {
    }

    public static String method(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context != null && context.getHttp() != null && context.getHttp().getMethod() != null) {
            return context.getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        return "";
    }

    /** The client's IP address as API Gateway saw it ({@code requestContext.http.sourceIp}), if given. */
    public static Optional<String> sourceIp(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getHttp() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(context.getHttp().getSourceIp()).filter(ip -> !ip.isBlank());
    }

    public static String path(APIGatewayV2HTTPEvent event) {
        return event.getRawPath() == null ? "/" : event.getRawPath();
    }

    /** Header look-up ignoring case (API Gateway lower-cases names, but not every caller does). */
    public static Optional<String> header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String exact = headers.get(name.toLowerCase(Locale.ROOT));
        if (exact != null) {
            return Optional.of(exact);
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The body as bytes, undoing API Gateway's base64 encoding of non-text bodies. */
    public static byte[] bodyBytes(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException notBase64) {
                return new byte[0];
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public static String requestId(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getRequestId() == null ? "" : context.getRequestId();
    }

    public static APIGatewayV2HTTPResponse json(int status, String body, Map<String, String> extraHeaders) {
        var headers = new java.util.HashMap<String, String>();
        headers.put("content-type", "application/json");
        headers.put("cache-control", "no-store");
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    public static APIGatewayV2HTTPResponse json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static APIGatewayV2HTTPResponse notFound() {
        return json(404, "{\"message\":\"Not Found\"}");
    }
}
