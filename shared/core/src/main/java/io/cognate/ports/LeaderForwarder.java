package io.cognate.ports;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sends a write to the leading region's regional endpoint and hands back its answer as it came. */
public interface LeaderForwarder {
    /**
     * POSTs {@code body} with {@code headers} to {@code endpoint}; throws {@link Unreachable} when no
     * answer came: no connection within {@code connectTimeout}, or no whole answer within
     * {@code answerTimeout}.
     */
    Answer send(URI endpoint, Map<String, String> headers, byte[] body, Duration connectTimeout, Duration answerTimeout);

    /** The leader's answer; header names in lower case. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        public Answer {
            headers = Map.copyOf(headers);
        }

        public Optional<String> header(String lowerCaseName) {
            return Optional.ofNullable(headers.get(lowerCaseName));
        }
    }

    /** No answer: the leader could not be reached, or did not answer in time. */
    final class Unreachable extends RuntimeException {
        public Unreachable(String reason) {
            super(reason, null, false, false);
        }
    }
}
