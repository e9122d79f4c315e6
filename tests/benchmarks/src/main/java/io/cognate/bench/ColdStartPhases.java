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
    /** After {@link #ANSWERED}: the CPU time the whole process had used by then, a figure load moves less than time. */
    public static final String CPU_MS = "cpu-ms ";
    /** The steps in order. */
    public static final java.util.List<String> ALL = java.util.List.of(MAIN, HANDLER_CLASS, HANDLER_BUILT, ANSWERED);

    private ColdStartPhases() {
    }

    public static void mark(String phase) {
        System.out.println(PREFIX + phase);
        if (ANSWERED.equals(phase)) {
            processCpuMillis().ifPresent(ms -> System.out.println(PREFIX + CPU_MS + ms));
        }
        System.out.flush();
    }

    /**
     * User plus system CPU time of this process, every thread (JIT compilers and GC included),
     * from {@code /proc/self/stat} in clock ticks of 10 ms; empty where there is no such file.
     * Read without loading the management classes, so it changes nothing it measures.
     */
    static java.util.OptionalLong processCpuMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return java.util.OptionalLong.of(ticks * 10);
        } catch (java.io.IOException | RuntimeException unavailable) {
            return java.util.OptionalLong.empty();
        }
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
