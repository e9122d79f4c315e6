package io.cognate.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps a copy of everything the test run prints, from before the first test class loads: the
 * log4j console appender (Powertools' JSON layout, {@code log4j2-test.xml}) follows
 * {@code System.out} to whatever it is at that moment, and EMF metrics are printed there too, so
 * this captures every log line of the run (the local stack's functions included) while the
 * console still shows them. Registered in {@code META-INF/services}.
 */
public final class RunLog implements LauncherSessionListener {
    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static volatile boolean capturing;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        start();
    }

    static synchronized void start() {
        if (capturing) {
            return;
        }
        System.setOut(new PrintStream(new Tee(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err), true, StandardCharsets.UTF_8));
        capturing = true;
    }

    static boolean isCapturing() {
        return capturing;
    }

    /** Everything printed since the run started. */
    static String text() {
        System.out.flush();
        System.err.flush();
        synchronized (CAPTURED) {
            return CAPTURED.toString(StandardCharsets.UTF_8);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream console;

        Tee(OutputStream console) {
            this.console = console;
        }

        @Override
        public void write(int b) {
            synchronized (CAPTURED) {
                CAPTURED.write(b);
            }
            try {
                console.write(b);
            } catch (java.io.IOException ignored) {
                // The console going away must not stop the capture.
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (CAPTURED) {
                CAPTURED.write(bytes, offset, length);
            }
            try {
                console.write(bytes, offset, length);
            } catch (java.io.IOException ignored) {
                // As above.
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            console.flush();
        }
    }
}
