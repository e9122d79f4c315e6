package io.cognate.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cognate.domain.imports.PresignedS3Url;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stack's stand-in for the S3 bucket of import files, on the front door at
 * {@code /_local/import-uploads/<bucket>/<key>}: a PUT stores a file, a GET reads it back, each
 * only with a URL presigned (SigV4 in the query, as S3 checks it) under this stack's own upload
 * key, within its validity, by one of the stack's regions. Anything else is answered 403 as S3
 * answers a bad signature. Files are kept in memory, at most {@link #MAX_FILE_BYTES} each
 * (Cognito's limit for an import file).
 */
final class LocalImportUploads implements HttpHandler {
    static final String PATH = "/_local/import-uploads";
    static final String BUCKET = "cognate-local-imports";
    static final int MAX_FILE_BYTES = 100 * 1024 * 1024;

    private final Set<String> regions;
    private final Clock clock;
    private final PresignedS3Url.Credentials key;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    LocalImportUploads(Set<String> regions, Clock clock) {
        this.regions = Set.copyOf(regions);
        this.clock = clock;
        byte[] secret = new byte[30];
        new SecureRandom().nextBytes(secret);
        // Made at start and never shown: only the stack's own functions sign upload URLs.
        this.key = new PresignedS3Url.Credentials("CGNLOCALUPLOADS", HexFormat.of().formatHex(secret), Optional.empty());
    }

    /** What the functions sign upload and read URLs with. */
    PresignedS3Url.Credentials credentials() {
        return key;
    }

    /** The endpoint the functions address objects under (path-style, bucket first). */
    static URI endpoint(URI frontDoor) {
        return URI.create(frontDoor + PATH);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String objectKey = uri.getRawPath().substring(PATH.length());
            if (!("PUT".equals(method) || "GET".equals(method)) || !objectKey.startsWith("/" + BUCKET + "/")
                    || objectKey.length() <= BUCKET.length() + 2) {
                send(exchange, 400, "InvalidRequest", "PUT or GET /_local/import-uploads/" + BUCKET + "/<key> with a presigned URL");
                return;
            }
            if (!signed(exchange, method, uri)) {
                send(exchange, 403, "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided, or the URL has expired.");
                return;
            }
            if ("PUT".equals(method)) {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_FILE_BYTES + 1);
                if (body.length > MAX_FILE_BYTES) {
                    send(exchange, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");
                    return;
                }
                files.put(objectKey, body);
                exchange.getResponseHeaders().set("ETag", "\"" + body.length + "\"");
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            byte[] file = files.get(objectKey);
            if (file == null) {
                send(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, file.length == 0 ? -1 : file.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file);
            }
        }
    }

    private boolean signed(HttpExchange exchange, String method, URI uri) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || uri.getRawQuery() == null) {
            return false;
        }
        // The region is the one in the URL's credential scope; it must be one of this stack's.
        return regions.stream().anyMatch(region -> PresignedS3Url.verify(method, host, uri.getRawPath(), uri.getRawQuery(),
                region, id -> id.equals(key.accessKeyId()) ? Optional.of(key.secretAccessKey()) : Optional.empty(),
                clock.instant()));
    }

    private static void send(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, xml.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(xml);
        }
    }
}
