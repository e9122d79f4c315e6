package io.cognate.verifier.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The token-verifier's SLF4J backend on Lambda: one JSON object per line on standard output,
 * with the keys of Powertools' {@code LambdaJsonLayout} that the other functions write through
 * log4j ({@link JsonLine}). Registered only in the shaded Lambda jar (the services file is in
 * {@code src/lambda}, added by the shade plugin), so the plain jar the tests and the local
 * runtime load never brings a second SLF4J backend beside log4j.
 *
 * <p>Hand-written rather than a library because of the jar budget: the Lambda jar must stay
 * within 8 MB for its cold start. It was 7,386,382 bytes without a backend; Powertools' log4j
 * backend (log4j-core, the JSON template layout, the SLF4J bridge) made it 9,961,790 bytes, over
 * the budget, while these few classes add 9,670 bytes (docs/performance.md has the sizes).
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
