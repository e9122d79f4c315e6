package io.cognate.identity;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The IP address of the request being served, for the events a sign-in records (Cognito's
 * {@code EventContextData.IpAddress}). Held for the thread serving the request rather than passed
 * down every sign-in path: each request is served on one thread from start to end (one at a time
 * on Lambda; one per connection in the local runtime), and only the event recording reads it.
 */
final class CallerAddresses {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallerAddresses() {
    }

    /** Runs {@code serve} with {@code address} as the caller's address, and forgets it after. */
    static <T> T serving(Optional<String> address, Supplier<T> serve) {
        CURRENT.set(address.orElse(null));
        try {
            return serve.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** The address of the request this thread serves, if known. */
    static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
