package io.cognate.bench;

/**
 * The marks a cold-start driver prints between the steps Lambda takes on a cold start, so the
 * parent can time each step from process start (and count the classes loaded before it when the
 * child logs {@code -Xlog:class+load} to the same standard output).
 */
public final class ColdStartPhases {
    /** Every mark line starts with this. */
    public static final String PREFIX = "phase: ";
    /** The driver's {@code main} runs: the JVM is up and the driver class loaded. */
    public static final String MAIN = "main";
    /** The handler class is loaded and initialised (its static initialiser has run). */
    public static final String HANDLER_CLASS = "handler class initialised";
    /** The handler is constructed, as Lambda does during init: the function's services are built. */
    public static final String HANDLER_BUILT = "handler constructed";
    /** The first request has been answered. */
    public static final String ANSWERED = "first request answered";
    /** The steps in order. */
    public static final java.util.List<String> ALL = java.util.List.of(MAIN, HANDLER_CLASS, HANDLER_BUILT, ANSWERED);

    private ColdStartPhases() {
    }

    public static void mark(String phase) {
        System.out.println(PREFIX + phase);
        System.out.flush();
    }

    /** Loads and initialises the handler class, as the Lambda runtime does before constructing it. */
    public static void loadHandler(String className) {
        try {
            Class.forName(className, true, ColdStartPhases.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not in the jar", e);
        }
        mark(HANDLER_CLASS);
    }
}
