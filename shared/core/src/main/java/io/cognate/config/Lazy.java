package io.cognate.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, then served from memory: how each function's wiring
 * builds its services. Anything holding randomness (a {@code SecureRandom}, a key) is built
 * this way, so that it is made after a SnapStart restore and never captured in a snapshot.
 * Thread-safe: concurrent first calls build the value once.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = factory;
    }

    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(Objects.requireNonNull(factory, "factory"));
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(factory.get(), "a lazy value's factory returned null");
                    value = current;
                }
            }
        }
        return current;
    }

    /** Whether the value has been built (for priming and tests; building it is {@link #get()}). */
    public boolean isBuilt() {
        return value != null;
    }
}
