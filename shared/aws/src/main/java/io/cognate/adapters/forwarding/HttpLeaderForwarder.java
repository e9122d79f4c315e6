package io.cognate.adapters.forwarding;

import io.cognate.ports.LeaderForwarder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Forwards a write with the JDK's HTTP client: no library added to the function's jar, and the
 * client (its connection pool and selector thread) made on the first forwarded write, so never
 * before a SnapStart snapshot. One client per connect timeout, which is fixed per deployment.
 */
public final class HttpLeaderForwarder implements LeaderForwarder {
    private volatile HttpClient http;

    @Override
    public Answer send(URI endpoint, Map<String, String> headers, byte[] body, Duration connectTimeout,
                       Duration answerTimeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(answerTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client(connectTimeout).send(request.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            var answered = new HashMap<String, String>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty() && !name.startsWith(":")) {
                    answered.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
                }
            });
            return new Answer(response.statusCode(), answered, response.body());
        } catch (HttpTimeoutException e) {
            throw new Unreachable("timeout");
        } catch (IOException e) {
            // Only the class: a message could quote the endpoint's answer.
            throw new Unreachable(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    private HttpClient client(Duration connectTimeout) {
        HttpClient current = http;
        if (current == null) {
            synchronized (this) {
                current = http;
                if (current == null) {
                    current = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                    http = current;
                }
            }
        }
        return current;
    }
}
