package io.cognate.adapters.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Lets Powertools set the level (POWERTOOLS_LOG_LEVEL, debug sampling) as it would through
 * log4j; without a {@code LoggingManager} it would print an error on
 * standard error at every cold start. Registered, like the provider, only in the Lambda jar.
 */
public final class JsonLineLoggingManager implements LoggingManager {
    @Override
    public void setLogLevel(Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof JsonLineLoggerFactory loggers) {
            loggers.threshold(level);
        }
    }

    @Override
    public Level getLogLevel(Logger logger) {
        return LoggerFactory.getILoggerFactory() instanceof JsonLineLoggerFactory loggers ? loggers.threshold()
                : Level.INFO;
    }
}
