package io.cognate.adapters.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J backend on Lambda: one JSON object per line on standard output, with the
 * keys of Powertools' {@code LambdaJsonLayout} ({@link JsonLine}). Registered only in the shaded
 * Lambda jars (each function's services file is in its {@code src/lambda}, added by the shade
 * plugin), so the plain jars the tests and the local runtime load never bring a second SLF4J
 * backend beside log4j.
 *
 * <p>Hand-written rather than a library for the jars and the cold start. The token-verifier's
 * Lambda jar must stay within 8 MB: it was 7,386,382 bytes without a backend; Powertools' log4j
 * backend (log4j-core, the JSON template layout, the SLF4J bridge) made it 9,961,790 bytes, while
 * these few classes add 9,670 bytes. identity-api and health-check used that log4j backend, whose
 * start cost identity-api about 180 ms and 290 classes of its cold start; and in their shaded jars
 * log4j found none of its plugins (the plugin caches of log4j-core and Powertools' resolvers share
 * one file name and the shade kept one), so their lines came out in log4j's default text format,
 * not as JSON (docs/performance.md, "Cold starts").
 */
public final class JsonLineServiceProvider implements SLF4JServiceProvider {
    /** The SLF4J API version this provider is built against. */
    private static final String API_VERSION = "2.0.99";

    private BasicMDCAdapter mdc;
    private BasicMarkerFactory markers;
    private JsonLineLoggerFactory loggers;

    @Override
    public void initialize() {
        mdc = new BasicMDCAdapter();
        markers = new BasicMarkerFactory();
        loggers = new JsonLineLoggerFactory(JsonLineLoggerFactory.levelFrom(System.getenv("POWERTOOLS_LOG_LEVEL")),
                mdc, System.getenv("POWERTOOLS_SERVICE_NAME"), () -> System.out);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }
}
