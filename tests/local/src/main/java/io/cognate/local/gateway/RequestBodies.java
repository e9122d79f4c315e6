package io.cognate.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads request bodies up to a limit, refusing larger ones without buffering them. */
final class RequestBodies {

    /** Beyond this, an unread upload is not worth waiting for; the connection is dropped instead. */
    private static final long DISCARD_LIMIT = 256L * 1024 * 1024;

    private RequestBodies() {
    }

    /** True when the client announced a body longer than {@code limit}, so it need not be read at all. */
    static boolean declaresMoreThan(HttpExchange exchange, long limit) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The whole body, or empty when it is longer than {@code limit} (then at most limit + 1 bytes were read). */
    static Optional<byte[]> readAtMost(InputStream body, int limit) throws IOException {
        byte[] bytes = body.readNBytes(limit + 1);
        return bytes.length > limit ? Optional.empty() : Optional.of(bytes);
    }

    /**
     * Reads and drops what is left of the request body, after the response has been sent. The JDK
     * server closes a connection with unread input, which resets it while the client is still
     * uploading and can destroy the response before the client reads it; draining (in constant
     * memory) lets an early 404/413/503 arrive intact.
     */
    static void discardRest(HttpExchange exchange) {
        byte[] buffer = new byte[16 * 1024];
        long discarded = 0;
        try {
            InputStream body = exchange.getRequestBody();
            for (int read; discarded < DISCARD_LIMIT && (read = body.read(buffer)) >= 0; ) {
                discarded += read;
            }
        } catch (IOException clientGoneOrStreamClosed) {
            // Nothing left to protect.
        }
    }
}
