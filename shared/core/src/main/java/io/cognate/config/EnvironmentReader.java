package io.cognate.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads settings from environment variables with one set of rules and messages: blank counts as unset,
 * numbers are checked, and a bad value fails at start-up naming the variable, never its value's meaning elsewhere.
 */
record EnvironmentReader(Map<String, String> env) {

    Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    /** Any whole number; range checks are the caller's. */
    long wholeNumber(String name, long fallback) {
        return optional(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a whole number", e);
            }
        }).orElse(fallback);
    }

    long positive(String name, long fallback) {
        if (optional(name).isEmpty()) {
            return fallback;
        }
        long n = wholeNumber(name, fallback);
        if (n <= 0) {
            throw new IllegalStateException(name + " must be positive");
        }
        return n;
    }

    int count(String name, int fallback) {
        long n = positive(name, fallback);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException(name + " is too large");
        }
        return (int) n;
    }

    boolean flag(String name, boolean fallback) {
        return optional(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(name + " must be true or false");
        }).orElse(fallback);
    }

    /** A positive number of units of {@code millisPerUnit} milliseconds each (1000 for seconds). */
    Duration duration(String name, Duration fallback, long millisPerUnit) {
        return optional(name).isPresent() ? Duration.ofMillis(Math.multiplyExact(positive(name, 1), millisPerUnit)) : fallback;
    }

    Duration seconds(String name, Duration fallback) {
        return duration(name, fallback, 1000);
    }

    /** {@code a=x,b=y} in order; values may contain '=' after the first. */
    Map<String, String> pairs(String name) {
        Map<String, String> pairs = new LinkedHashMap<>();
        optional(name).ifPresent(text -> {
            for (String part : text.split(",")) {
                String entry = part.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalStateException(name + " must be a list of key=value pairs, not '" + entry + "'");
                }
                if (pairs.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip()) != null) {
                    throw new IllegalStateException(name + " names " + entry.substring(0, eq) + " twice");
                }
            }
        });
        return pairs;
    }
}
