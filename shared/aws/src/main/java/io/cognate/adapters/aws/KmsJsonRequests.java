package io.cognate.adapters.aws;

import io.cognate.domain.json.StrictJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One KMS operation over KMS's JSON protocol, as a single HTTP POST signed with SigV4 here: what
 * {@link KmsPublicKeyClient} (the token-verifier's only KMS call, which must load no SDK class)
 * and {@link KmsSignRequests} (identity-api's token signing, without the SDK's request pipeline)
 * both send. The request is the one the SDK sends, signed as its SigV4 signer signs it (both
 * classes' tests hold that), and tried as the SDK's standard retry mode tries it: up to three times
 * when KMS throttles, answers 5xx or the connection fails, and not again for any other answer.
 * The callers turn a final answer into their own result or exception.
 */
final class KmsJsonRequests {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_ATTEMPTS = 3;
    private static final Duration BASE_BACKOFF = Duration.ofMillis(100);

    /** Sleeps between attempts; a test passes one that does not. */
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    /** KMS's last answer: a 200, a refusal not worth retrying, or the last of {@link #MAX_ATTEMPTS}. */
    record Answer(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        /** KMS's {@code __type}, without its namespace, or empty. */
        String errorType() {
            try {
                return StrictJson.parseObject(body).get("__type") instanceof String type
                        ? type.substring(type.lastIndexOf('#') + 1) : "";
            } catch (ParseException | RuntimeException unreadable) {
                return "";
            }
        }

        /** KMS's message (JSON {@code message} or {@code Message}), or null. */
        String errorMessage() {
            try {
                var object = StrictJson.parseObject(body);
                return object.get("message") instanceof String message ? message
                        : object.get("Message") instanceof String other ? other : null;
            } catch (ParseException | RuntimeException unreadable) {
                return null;
            }
        }

        private boolean retryable() {
            return status >= 500 || status == 429 || errorType().contains("Throttling");
        }
    }

    private final SigV4JsonRequests signing;
    private final URI endpoint;
    private final URL url;
    private final String host;
    private final String target;
    private final Backoff backoff;

    KmsJsonRequests(String region, URI endpoint, String target, Clock clock, Backoff backoff) {
        this.signing = new SigV4JsonRequests(region, "kms", CONTENT_TYPE, clock);
        this.endpoint = endpoint;
        this.url = SigV4JsonRequests.rootUrl(endpoint, "KMS");
        this.host = SigV4JsonRequests.host(endpoint);
        this.target = target;
        this.backoff = backoff;
    }

    /** KMS's regional endpoint, as the SDK's endpoint rules give it ({@link SigV4JsonRequests#regionalEndpoint}). */
    static Optional<URI> endpointOf(String region) {
        return SigV4JsonRequests.regionalEndpoint("kms", region);
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code body}, with credentials asked at each attempt (a provider may refresh them), and
     * returns KMS's last answer; throws when the last attempt could not connect or read, or when
     * interrupted between attempts ({@link InterruptedIOException}, the thread's flag set again).
     */
    Answer call(byte[] body, Supplier<SigV4JsonRequests.Credentials> credentials) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = send(body, credentials.get());
            } catch (IOException failed) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw failed;
                }
                pause(attempt);
                continue;
            }
            if (answer.ok() || !answer.retryable() || attempt >= MAX_ATTEMPTS) {
                return answer;
            }
            pause(attempt);
        }
    }

    private Answer send(byte[] body, SigV4JsonRequests.Credentials credentials) throws IOException {
        HttpPostClient.Reply reply = SigV4JsonRequests.post(url, signedHeaders(body, credentials), body);
        return new Answer(reply.status(), new String(reply.body(), StandardCharsets.UTF_8));
    }

    /** The request's headers, {@code authorization} included, for {@code body} at the clock's time. */
    Map<String, String> signedHeaders(byte[] body, SigV4JsonRequests.Credentials credentials) {
        return signing.signedHeaders(host, target, body, credentials);
    }

    private void pause(int attempt) throws InterruptedIOException {
        try {
            backoff.pause(BASE_BACKOFF.multipliedBy(1L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            var interrupted = new InterruptedIOException("interrupted while waiting to call KMS again");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}
