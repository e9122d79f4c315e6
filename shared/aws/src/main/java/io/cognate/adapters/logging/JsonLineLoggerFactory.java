package io.cognate.adapters.logging;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.MDCAdapter;

/**
 * The loggers of {@link JsonLineServiceProvider}: one level for all of them (as Powertools sets
 * one level for every log4j logger), the MDC they read the request keys from, and where the lines
 * go. The stream is looked up on every line, so a redirected {@code System.out} is followed.
 */
public final class JsonLineLoggerFactory implements ILoggerFactory {
    private final Map<String, JsonLineLogger> loggers = new ConcurrentHashMap<>();
    private final MDCAdapter mdc;
    private final String defaultService;
    private final Supplier<PrintStream> out;
    private final Clock clock;
    private volatile Level threshold;

    public JsonLineLoggerFactory(Level threshold, MDCAdapter mdc, String defaultService, Supplier<PrintStream> out) {
        this(threshold, mdc, defaultService, out, Clock.systemUTC());
    }

    JsonLineLoggerFactory(Level threshold, MDCAdapter mdc, String defaultService, Supplier<PrintStream> out,
                          Clock clock) {
        this.threshold = threshold;
        this.mdc = mdc;
        this.defaultService = defaultService;
        this.out = out;
        this.clock = clock;
    }

    /** POWERTOOLS_LOG_LEVEL's value as Powertools reads it: SLF4J's names, FATAL as ERROR, else INFO. */
    public static Level levelFrom(String name) {
        if (name == null) {
            return Level.INFO;
        }
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.equals("FATAL")) {
            return Level.ERROR;
        }
        for (Level level : Level.values()) {
            if (level.name().equals(upper)) {
                return level;
            }
        }
        return Level.INFO;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, key -> new JsonLineLogger(key, this));
    }

    public Level threshold() {
        return threshold;
    }

    /** Powertools changes it (POWERTOOLS_LOG_LEVEL, debug sampling) through {@link JsonLineLoggingManager}. */
    public void threshold(Level level) {
        this.threshold = level;
    }

    boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    void write(Level level, String message, Throwable error) {
        Map<String, String> keys = mdc.getCopyOfContextMap();
        String line = JsonLine.render(clock.instant(), level, message, error, keys == null ? Map.of() : keys,
                defaultService);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        PrintStream stream = out.get();
        // One write per line, so lines of concurrent requests never interleave.
        stream.write(bytes, 0, bytes.length);
        stream.flush();
    }
}
